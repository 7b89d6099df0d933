import Foundation
import Pipelines

/// A model's gates in manifest order, run on one candidate.
///
/// The first `fail` or `error` stops the candidate: later gates are not run (and are listed as
/// such). A `pending` gate does not stop the others: reviewers see every measurement before they
/// sign off.
public struct GateSequence: Sendable {
    public let gates: [any Gate]

    public init(_ gates: [any Gate]) {
        self.gates = gates
    }

    /// Runs the gates on `subject`, handing each result to `record` (the journal) as soon as it is in.
    public func run(_ subject: GateSubject, record: (GateResult) throws -> Void) async throws -> GateReport {
        var results: [GateResult] = []
        for (index, gate) in gates.enumerated() {
            let result = await gate.evaluate(subject)
            try record(result)
            results.append(result)
            if result.verdict == .fail || result.verdict == .error {
                return GateReport(model: subject.model, candidate: subject.candidate, results: results,
                                  notRun: gates[(index + 1)...].map(\.name))
            }
        }
        return GateReport(model: subject.model, candidate: subject.candidate, results: results, notRun: [])
    }
}

/// Every gate's result on one candidate, and what they add up to.
public struct GateReport: Codable, Sendable, Equatable {
    public var model: String
    public var candidate: Candidate
    public var results: [GateResult]
    /// Gates not run because an earlier one failed or could not judge.
    public var notRun: [String]

    public init(model: String, candidate: Candidate, results: [GateResult], notRun: [String]) {
        self.model = model
        self.candidate = candidate
        self.results = results
        self.notRun = notRun
    }

    /// `fail` if any gate failed, else `error` if any could not judge, else `pending` if any waits, else `pass`.
    public var verdict: GateVerdict {
        let verdicts = Set(results.map(\.verdict))
        for verdict in [GateVerdict.fail, .error, .pending] where verdicts.contains(verdict) { return verdict }
        return .pass
    }
}
