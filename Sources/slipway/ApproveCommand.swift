import Foundation
import Journal
import Manifests

/// `slipway approve`: a reviewer's decision on one candidate, written as an Approval manifest for
/// the reviewer to commit with a signed commit.
enum ApproveCommand: Command {
    static let spec = CommandSpec(
        name: "approve",
        summary: "Sign off on a candidate: through the daemon's API, or as an Approval manifest to commit signed.",
        positionals: "MODEL", minPositionals: 1, maxPositionals: 1,
        options: [
            .value("candidate", "RUNKEY", "The candidate's run key, sha256:… (required)."),
            .value("artifact", "DIGEST", "The candidate's artifact digest, sha256:… (required)."),
            .value("reviewer", "NAME", "Your identity: your principal in allowed_signers and in the reviewer group (required)."),
            .flag("reject", "Reject the candidate instead of approving it."),
            .value("comment", "TEXT", "A note kept with the decision in the audit trail."),
            .value("expires", "TIME", "An RFC 3339 time (2026-12-31T00:00:00Z) after which the decision no longer counts."),
            .value("gates", "A,B", "The gates the decision covers (default: the model's governance gates)."),
            .value("name", "NAME", "The manifest's metadata.name (default: model, reviewer and artifact)."),
            .value("write-manifest", "PATH", "Write the Approval manifest to PATH (a new file)."),
            .flag("json", "Print what was written (or the daemon's answer) as JSON."),
        ] + DaemonClient.options,
        discussion: """
        The manifest counts once it is merged and the commit that adds it is signed with the SSH key
        the Policy's allowedSigners file lists for the reviewer (git config gpg.format ssh; git commit -S).
        It names the candidate's run key and artifact, so it cannot be replayed for another candidate.
        Without --write-manifest the decision goes to a running daemon's API instead, with a reviewer's token
        (--server/SLIPWAY_SERVER, --token/SLIPWAY_TOKEN); the token's name is the reviewer, and --candidate
        may be the run key or the artifact digest.
        Exit status: 0 written or recorded, 1 refused or not written, 2 usage error.
        """)

    /// What `--json` prints.
    struct Written: Encodable {
        var path: String
        var name: String
        var model: String
        var runKey: String
        var artifact: String
        var decision: String
        var reviewer: String
        var gates: [String]
        var comment: String?
        var expires: Date?
    }

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        guard let path = arguments.value("write-manifest") else {
            return try await signOff(arguments)
        }
        let model = arguments.positionals[0]
        let runKey = try arguments.required("candidate")
        let artifact = try arguments.required("artifact")
        let reviewer = try arguments.required("reviewer").trimmingCharacters(in: .whitespaces)
        guard !reviewer.isEmpty else { throw UsageError(description: "--reviewer is empty; give your identity as allowed_signers lists it") }
        let gates = arguments.value("gates").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        let decision = arguments.flag("reject") ? "reject" : "approve"
        let name = arguments.value("name") ?? defaultName(model: model, reviewer: reviewer, artifact: artifact)
        let text = manifest(name: name, model: model, runKey: runKey, artifact: artifact, gates: gates, decision: decision,
                            reviewer: reviewer, comment: arguments.value("comment"), expires: arguments.value("expires"))

        // The decoder is the authority on what an Approval may hold: its complaints become usage errors.
        let catalog = Catalog.load([SourceFile(path: path, text: text)], complete: false)
        guard let approval = catalog.approvals.first, catalog.isValid else {
            let problems = catalog.diagnostics.map { optionWording($0.message) }
            throw UsageError(description: problems.joined(separator: "\n"))
        }
        if let expires = approval.expires, expires <= Date() {
            throw UsageError(description: "--expires \(arguments.value("expires") ?? "") is already past")
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw UsageError(description: "'\(path)' already exists; an Approval is written to a new file (choose another path)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try AtomicFile.write(Data(text.utf8), to: path)
        } catch {
            throw CommandError(description: "cannot write '\(path)': \(error)")
        }

        if arguments.flag("json") {
            Output.json(Written(path: path, name: name, model: model, runKey: runKey, artifact: artifact, decision: decision,
                                reviewer: reviewer, gates: gates, comment: approval.comment, expires: approval.expires))
        } else {
            Output.print("wrote \(path): \(reviewer) \(decision == "approve" ? "approves" : "rejects") \(model) candidate \(runKey) (artifact \(artifact))")
            Output.print("next: git add \(path) && git commit -S -m 'approval: \(model) by \(reviewer)', signed with the SSH key allowed_signers lists for \(reviewer)")
        }
        return .success
    }

    /// The Approval manifest, in the shape of `manifests/approval.yaml`; every free text double-quoted.
    static func manifest(name: String, model: String, runKey: String, artifact: String, gates: [String], decision: String,
                         reviewer: String, comment: String?, expires: String?) -> String {
        var lines = [
            "apiVersion: slipway.dev/v1",
            "kind: Approval",
            "metadata:",
            "  name: \(quoted(name))",
            "  owners: [\(quoted(reviewer))]",
            "spec:",
            "  model: \(quoted(model))",
            "  candidate:",
            "    runKey: \(quoted(runKey))",
            "    artifact: \(quoted(artifact))",
        ]
        if !gates.isEmpty { lines.append("  gates: [\(gates.map(quoted).joined(separator: ", "))]") }
        lines.append("  decision: \(decision)")
        lines.append("  reviewer: \(quoted(reviewer))")
        if let comment { lines.append("  comment: \(quoted(comment))") }
        if let expires { lines.append("  expires: \(quoted(expires))") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar: JSON's string escapes are YAML's too.
    private static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    /// `MODEL-REVIEWER-ARTIFACT12`, shortened to a DNS-1123 label.
    static func defaultName(model: String, reviewer: String, artifact: String) -> String {
        func label(_ text: some StringProtocol) -> String {
            let mapped = text.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }
            return String(mapped).split(separator: "-").joined(separator: "-")
        }
        let person = label(reviewer.split(separator: "@").first ?? "").prefix(20)
        let digest = label(artifact.split(separator: ":").last ?? "").prefix(12)
        let suffix = [person, digest].filter { !$0.isEmpty }.map { "-" + $0 }.joined()
        let dash = CharacterSet(charactersIn: "-")
        let head = String(label(model).prefix(63 - suffix.count)).trimmingCharacters(in: dash)
        return (head + suffix).trimmingCharacters(in: dash)
    }

    /// A decoder message with the manifest's fields named as the options that set them.
    private static func optionWording(_ message: String) -> String {
        let options = [("spec.candidate.runKey", "--candidate"), ("spec.candidate.artifact", "--artifact"), ("spec.expires", "--expires"),
                       ("spec.reviewer", "--reviewer"), ("spec.gates", "--gates"), ("spec.comment", "--comment"),
                       ("spec.model", "MODEL"), ("metadata.name", "--name")]
        return options.reduce(message) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    /// Sends the decision to the daemon's API as a reviewer's sign-off.
    static func signOff(_ arguments: ParsedArguments) async throws -> ExitStatus {
        let model = arguments.positionals[0]
        var body = ["candidate": try arguments.required("candidate"), "decision": arguments.flag("reject") ? "reject" : "approve"]
        body["comment"] = arguments.value("comment")
        body["expires"] = arguments.value("expires")
        let client = try DaemonClient(arguments)
        guard client.token != nil else {
            throw UsageError(description: "signing off through the daemon needs a reviewer's token: give --token or set SLIPWAY_TOKEN (or --write-manifest PATH to write a signed Approval instead)")
        }
        let (status, answer) = try await client.call("POST", "/api/v1/models/\(model)/approve", body: body)
        if arguments.flag("json") { Output.print(String(decoding: answer, as: UTF8.self)) }
        guard status == 201 else {
            Output.error("slipway approve: the daemon refused (\(status)): \(DaemonClient.message(answer))")
            return .failure
        }
        if !arguments.flag("json") { Output.print("\(model): \(body["decision"]!) recorded for \(body["candidate"]!)") }
        return .success
    }
}
