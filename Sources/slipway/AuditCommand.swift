import Foundation
import Journal

/// `slipway audit verify`: walks the journal's hash chain and checks the signed checkpoints.
enum AuditCommand: Command {
    static let spec = CommandSpec(
        name: "audit",
        summary: "Verify the journal: its hash chain, and with --key its signed checkpoints (a rewritten chain, a cut-off tail).",
        positionals: "verify", minPositionals: 1, maxPositionals: 1,
        options: [
            .value("state", "DIR", "The state folder (required)."),
            .value("key", "FILE", "The checkpoint key the daemon signed with (--checkpoint-key); without it only the chain is checked."),
            .value("checkpoints", "FILE", "A copy of checkpoints.jsonl kept elsewhere, checked instead of DIR/checkpoints.jsonl."),
            .flag("json", "Print the report as JSON."),
        ],
        discussion: """
        The chain alone shows that no entry was changed, removed or reordered unless every later hash was
        recomputed, and cannot show that entries were removed from the end. With --key, every checkpoint must
        carry that key's signature and agree with the journal's entry at its sequence number, and the journal
        must reach the newest one. Exit status: 0 everything checked holds, 1 something does not.
        """)

    /// The machine-readable report.
    struct Report: Encodable {
        var ok: Bool
        var entries: Int
        var problem: String?
        var tornTail: String?
        var checkpoints: Checkpoints?
    }

    /// The checkpoints part of the report; absent when no key was given.
    struct Checkpoints: Encodable {
        var path: String
        var keyId: String
        var verified: Int
        var newestSeq: Int?
        var newestTime: Date?
        var uncoveredEntries: Int
        /// Which check failed: unreadable, other-key, bad-signature, rewritten, cut-short, missing.
        var failedCheck: String?
        var problem: String?
    }

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        guard arguments.positionals[0] == "verify" else {
            throw UsageError(description: "unknown subcommand '\(arguments.positionals[0])'; use 'slipway audit verify'")
        }
        if arguments.value("checkpoints") != nil, arguments.value("key") == nil {
            throw UsageError(description: "--checkpoints needs --key: checkpoints are checked against the key that signed them")
        }
        let key: CheckpointKey?
        do {
            key = try arguments.value("key").map { path throws(CheckpointKeyError) in try CheckpointKey.load(path: path) }
        } catch {
            throw CommandError(description: error.description)
        }
        let report = try Journal.verify(stateFolder: try arguments.required("state"), key: key,
                                        checkpoints: arguments.value("checkpoints"))
        if arguments.flag("json") {
            let checkpoints = report.checkpoints.map { audit in
                Checkpoints(path: audit.path, keyId: audit.keyId, verified: audit.verified, newestSeq: audit.newest?.seq,
                            newestTime: audit.newest?.time, uncoveredEntries: audit.uncovered,
                            failedCheck: audit.problem?.kind.name, problem: audit.problem?.description)
            }
            Output.json(Report(ok: report.ok, entries: report.entries, problem: report.problem?.description,
                               tornTail: report.tornTail?.description, checkpoints: checkpoints))
        } else {
            Output.print(report.description)
        }
        return report.ok ? .success : .failure
    }
}
