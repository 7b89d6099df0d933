import Foundation
import Pipelines

/// `data`: the data sets' checks made when the candidate was trained (schema, ranges, allowed
/// values, missing cells, rows, drift against stable's data), shown as a gate like the others.
///
/// The checks ran before training on exactly the files the run key covers, so they are read from
/// the journal rather than made again.
public struct DataCheck: Gate {
    public let name: String
    /// The `data.checked` events recorded under the candidate's run key, one per data set.
    let checks: [DataChecked]

    public init(name: String, checks: [DataChecked]) {
        self.name = name
        self.checks = checks
    }

    public func evaluate(_ subject: GateSubject) async -> GateResult {
        let mine = checks.filter { $0.model == subject.model && $0.runKey == subject.candidate.runKey }
        guard !mine.isEmpty else {
            return GateResult(gate: name, kind: "data", verdict: .error,
                              reason: "no data check is recorded for run \(subject.candidate.runKey); the model has no data set with a schema, or the run was not trained here")
        }
        var evidence: [String: JSONValue] = [:]
        var violations: [String] = []
        var verdict = GateVerdict.pass
        for var check in mine {
            check.summary = Self.oneLine(check.summary)
            evidence[check.dataset] = .object(["verdict": .string(check.verdict), "summary": .string(check.summary), "report": check.report])
            switch check.verdict {
            case "pass": break
            case "fail":
                violations.append("\(check.dataset): \(check.summary)")
                verdict = .fail
            default:
                violations.append("\(check.dataset): \(check.summary)")
                if verdict == .pass { verdict = .error }
            }
        }
        let reason = violations.isEmpty
            ? "\(mine.count) data \(mine.count == 1 ? "set" : "sets") checked: " + mine.map { "\($0.dataset): \(Self.oneLine($0.summary))" }.joined(separator: "; ")
            : violations.joined(separator: "; ")
        return GateResult(gate: name, kind: "data", verdict: verdict, reason: reason, evidence: .object(evidence),
                          violations: verdict == .fail ? violations : [])
    }

    /// A report's summary on one line, without the (temporary) path of the file checked.
    static func oneLine(_ summary: String) -> String {
        let lines = summary.split(separator: "\n").map { line -> Substring in
            // "pass: /some/folder/train.csv: 800 rows…" → "pass: 800 rows…"
            guard let colon = line.firstIndex(of: ":"), line[line.index(after: colon)...].hasPrefix(" /"),
                  let next = line[line.index(colon, offsetBy: 2)...].range(of: ": ") else { return line }
            return line[..<colon] + ": " + line[next.upperBound...]
        }
        return lines.joined(separator: "; ")
    }
}
