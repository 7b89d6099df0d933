import Controller
import Foundation
import Gates
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
            .value("at", "TIME", "Instead of the runs: which version served at TIME (RFC 3339) and who approved it."),
            .flag("json", "Print the runs as JSON."),
        ])

    /// What `--at` answers.
    struct Served: Encodable {
        var model: String
        var at: Date
        var stable: Candidate?
        var since: Date?
        var approvedBy: [String]
    }

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
        if let at = arguments.value("at") {
            guard let time = ISO8601DateFormatter().date(from: at) else {
                throw UsageError(description: "--at takes an RFC 3339 time such as 2026-11-22T15:00:00Z, found '\(at)'")
            }
            return try servedAt(model, time, state: try arguments.required("state"), json: arguments.flag("json"))
        }
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

    /// The version serving `model` at `time`, from the journal as it stood then, and its approvals.
    static func servedAt(_ model: String, _ time: Date, state: String, json: Bool) throws -> ExitStatus {
        let entries = try Journal.entries(stateFolder: state).filter { $0.time <= time }
        let observed = try ObservedState.fold(entries)[model]
        var since: Date?
        var approvers: [String] = []
        if let stable = observed?.stable {
            for entry in entries {
                if entry.type == RolloutFinished.type, let e = try entry.event(RolloutFinished.self), e.model == model,
                   e.candidate == ServedVersion.name(stable), e.outcome == .promoted { since = entry.time }
                if entry.type == StableRestored.type, let e = try entry.event(StableRestored.self), e.model == model, e.restored == stable {
                    since = entry.time
                }
                if entry.type == GateFinished.type, let e = try entry.event(GateFinished.self), e.model == model, e.candidate == stable,
                   e.result.kind == "governance" {
                    approvers = approvals(in: e.result.evidence)
                }
            }
        }
        let served = Served(model: model, at: time, stable: observed?.stable, since: since, approvedBy: approvers)
        if json {
            Output.json(served)
            return .success
        }
        let when = ISO8601DateFormatter().string(from: time)
        guard let stable = served.stable else {
            Output.print("\(model) at \(when): no version was serving")
            return .success
        }
        Output.print("\(model) at \(when): serving \(ServedVersion.name(stable)) (run \(stable.runKey), artifact \(stable.artifact))"
                     + (since.map { ", since \(ISO8601DateFormatter().string(from: $0))" } ?? ""))
        Output.print(approvers.isEmpty ? "  approved by: nobody (its governance gate required no approval, or it has none)"
                                       : "  approved by: " + approvers.joined(separator: "; "))
        return .success
    }

    /// The approvals the governance gate counted, as "reviewer (where)".
    static func approvals(in evidence: JSONValue) -> [String] {
        guard case .object(let fields) = evidence, case .object(let approvals)? = fields["approvals"],
              case .array(let counted)? = approvals["counted"] else { return [] }
        return counted.compactMap { item in
            guard case .object(let approval) = item, case .string(let reviewer)? = approval["reviewer"] else { return nil }
            if case .string(let place)? = approval["place"] { return "\(reviewer) (\(place))" }
            return reviewer
        }
    }
}
