import Foundation
import Journal
import Pipelines

/// `slipway runs show`: the full lineage of one run.
enum RunsCommand: Command {
    static let spec = CommandSpec(
        name: "runs",
        summary: "Show one run's lineage: revision and author, code and data digests, params, environment, exit, metrics, log tail.",
        positionals: "show RUNKEY", minPositionals: 2, maxPositionals: 2,
        options: [
            .value("state", "DIR", "The state folder (required)."),
            .flag("json", "Print the lineage as JSON."),
        ])

    /// Everything known about one run.
    struct Lineage: Encodable {
        var model: String
        var runKey: String
        var status: String
        var revision: RevisionRecord?
        var inputs: RunInputs?
        var artifact: String?
        var metrics: [String: Double]
        var outcome: JobOutcome?
        var failure: String?
        var dataChecks: [[String: String]]
        var logTail: String?
    }

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        guard arguments.positionals[0] == "show" else {
            throw UsageError(description: "unknown subcommand '\(arguments.positionals[0])'; use 'slipway runs show RUNKEY'")
        }
        let state = try arguments.required("state")
        let wanted = arguments.positionals[1]
        let ledger = try RunLedger.read(stateFolder: state)
        let matches = ledger.order.filter { $0 == wanted || $0.hasPrefix(wanted) || $0.dropFirst(7).hasPrefix(wanted) }
        guard matches.count == 1, let run = ledger.runs[matches[0]] else {
            throw CommandError(description: matches.isEmpty ? "no run with key '\(wanted)' in \(state)"
                                                            : "'\(wanted)' names \(matches.count) runs; give more digits")
        }
        let logFolder = state + "/logs/" + (Digest(run.runKey)?.hex ?? run.runKey)
        let logs = (try? FileManager.default.contentsOfDirectory(atPath: logFolder).sorted()) ?? []
        let tail = logs.last.flatMap { FileManager.default.contents(atPath: logFolder + "/" + $0) }.map { data in
            String(decoding: data.suffix(2_000), as: UTF8.self)
        }
        let lineage = Lineage(model: run.model, runKey: run.runKey, status: run.status.rawValue, revision: run.revision,
                              inputs: run.inputs, artifact: run.artifact, metrics: run.metrics, outcome: run.outcome,
                              failure: run.failure, dataChecks: run.dataChecks.map { ["dataset": $0.dataset, "verdict": $0.verdict, "summary": $0.summary] },
                              logTail: tail)
        if arguments.flag("json") {
            Output.json(lineage)
            return .success
        }
        var lines = ["run \(run.runKey)", "  model      \(run.model)", "  status     \(run.status.rawValue)"]
        if let r = run.revision {
            lines += ["  revision   \(r.commit) \"\(r.summary)\"", "  author     \(r.author)"]
            if let tree = r.folderTree { lines.append("  tree       \(tree) (the model's folder)") }
        }
        if let i = run.inputs {
            lines += ["  code       \(i.code)", "  executor   \(i.executor)", "  params     \(i.params)", "  spec       \(i.spec)"]
            for (name, digest) in i.data.sorted(by: { $0.key < $1.key }) { lines.append("  data       \(name) \(digest)") }
        }
        for check in run.dataChecks { lines.append("  data gate  \(check.dataset): \(check.summary)") }
        if let o = run.outcome { lines.append("  exit       \(o.summary)") }
        if let f = run.failure { lines.append("  failure    \(f)") }
        if let a = run.artifact { lines.append("  artifact   \(a)") }
        for (k, v) in run.metrics.sorted(by: { $0.key < $1.key }) { lines.append("  metric     \(k) = \(v)") }
        if let tail { lines += ["  log tail (\(logs.last ?? "")):"] + tail.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).map { "    " + $0 } }
        Output.print(lines.joined(separator: "\n"))
        return .success
    }
}
