import Foundation
import Journal
import Manifests
import Pipelines

/// `slipway gc`: removes artifacts that no run within the retention policy refers to.
enum GCCommand: Command {
    static let spec = CommandSpec(
        name: "gc",
        summary: "Remove artifacts no retained run refers to (a dry run unless --apply).",
        options: [
            .value("state", "DIR", "The state folder (required)."),
            .value("keep-last", "N", "Keep the artifacts of each model's last N finished runs (default 10)."),
            .value("keep-for", "DURATION", "Keep every artifact a journal entry younger than this names (default 30d)."),
            .flag("apply", "Remove them; without it, only list what would go."),
        ],
        discussion: """
        An artifact is kept when one of a model's last N finished runs (or a pipeline step of those runs)
        produced it, or when any journal entry within --keep-for names it. Everything else is garbage.
        """)

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        let state = try arguments.required("state")
        let keepLast = try arguments.value("keep-last").map { text throws(UsageError) in
            guard let n = Int(text), n >= 0 else { throw UsageError(description: "--keep-last takes a whole number, found '\(text)'") }
            return n
        } ?? 10
        let keepFor = try arguments.duration("keep-for", allowZero: true) ?? .seconds(30 * 86_400)
        let apply = arguments.flag("apply")

        guard FileManager.default.fileExists(atPath: state + "/journal.jsonl") else {
            throw CommandError(description: "no journal at \(state)/journal.jsonl: is this the --state folder runs were written to?")
        }
        // Removing must not race a writer: hold the state folder's lock.
        let lock = try StateLock(stateFolder: state)
        let journal = try Journal(lock: lock)
        let entries = try journal.entries()
        let ledger = try RunLedger.read(journal)
        var keep = Set<Digest>()
        for model in Set(ledger.runs.values.map(\.model)) {
            for run in ledger.history(of: model).filter({ $0.status == .finished }).prefix(keepLast) {
                if let a = run.artifact.flatMap(Digest.init) { keep.insert(a) }
                for entry in entries where entry.type == StepFinished.type {
                    if let step = try entry.event(StepFinished.self), step.runKey == run.runKey, let d = Digest(step.artifact) { keep.insert(d) }
                }
            }
        }
        let cutoff = Date().addingTimeInterval(-keepFor.seconds)
        for entry in entries where entry.time >= cutoff {
            keep.formUnion(Self.digests(in: entry.body))
        }
        let store = ArtifactStore(stateFolder: state)
        // This command holds the state folder: no run is in progress, so every work and staging folder is a leftover.
        for staging in store.removeLeftoverStaging(dryRun: !apply) { Output.print("\(apply ? "removed" : "would remove") staging folder \(staging)") }
        if apply {
            for folder in WorkFolder.clearAllLeftovers(stateFolder: state) { Output.print("removed work folder \(folder)") }
        }
        let removed = try store.collectGarbage(keeping: keep, dryRun: !apply)
        for digest in removed { Output.print("\(apply ? "removed" : "would remove") \(digest)") }
        Output.print("\(removed.count) artifact\(removed.count == 1 ? "" : "s") \(apply ? "removed" : "unreferenced (dry run; --apply removes them)"), \(keep.count) kept")
        return .success
    }

    /// Every `sha256:<hex>` written in a journal entry's body.
    static func digests(in body: [UInt8]) -> Set<Digest> {
        let text = String(decoding: body, as: UTF8.self)
        return Set(text.matches(of: /sha256:[0-9a-f]{64}/).compactMap { Digest(String($0.output)) })
    }
}
