import Foundation
import Journal
import Pipelines

/// `slipway history`: the runs of a model, newest first.
enum HistoryCommand: Command {
    static let spec = CommandSpec(
        name: "history",
        summary: "List a model's runs, newest first: revision, run key, artifact, metrics, duration, outcome.",
        positionals: "MODEL", minPositionals: 1, maxPositionals: 1,
        options: [
            .value("state", "DIR", "The state folder (required)."),
            .flag("json", "Print the runs as JSON."),
        ])

    /// One run as `history` shows it.
    struct Row: Encodable {
        var runKey: String
        var revision: String?
        var author: String?
        var status: String
        var started: Date?
        var seconds: Double?
        var artifact: String?
        var metrics: [String: Double]
        var failure: String?
        var reused: Int
    }

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        let model = arguments.positionals[0]
        let ledger = try RunLedger.read(stateFolder: try arguments.required("state"))
        let rows = ledger.history(of: model).map { run in
            Row(runKey: run.runKey, revision: run.revision?.commit, author: run.revision?.author, status: run.status.rawValue,
                started: run.started, seconds: zip2(run.started, run.ended).map { $1.timeIntervalSince($0) },
                artifact: run.artifact, metrics: run.metrics, failure: run.failure, reused: run.reuses.count)
        }
        if arguments.flag("json") {
            Output.json(rows)
            return .success
        }
        if rows.isEmpty {
            Output.print("no runs of '\(model)' in this state folder")
            return .success
        }
        for row in rows {
            let when = row.started.map { ISO8601DateFormatter().string(from: $0) } ?? "-"
            let took = row.seconds.map { String(format: "%.1fs", $0) } ?? "-"
            let metrics = row.metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            Output.print("\(when)  \(row.status.padding(toLength: 11, withPad: " ", startingAt: 0)) \(String((row.revision ?? "-").prefix(7)))  \(took)  run \(row.runKey.prefix(19))…  artifact \(row.artifact.map { String($0.prefix(19)) + "…" } ?? "-")\(metrics.isEmpty ? "" : "  " + metrics)\(row.reused > 0 ? "  (reused \(row.reused)×)" : "")\(row.failure.map { "\n    " + $0 } ?? "")")
        }
        return .success
    }

    private static func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
        guard let a, let b else { return nil }
        return (a, b)
    }
}
