import Foundation
import Journal
import Pipelines

/// Gate results of one candidate as JUnit XML, the report format CI systems show as tests.
///
/// One `testsuite` per model, one `testcase` per gate: a fail is a `<failure>`, an error an
/// `<error>`, a pending gate `<skipped>`; every gate's evidence is in its `<system-out>` as JSON.
public struct JUnitReport: Sendable {
    public var model: String
    public var candidate: Candidate
    public var results: [GateResult]

    public init(model: String, candidate: Candidate, results: [GateResult]) {
        self.model = model
        self.candidate = candidate
        self.results = results
    }

    /// The whole document, UTF-8.
    public var xml: String {
        func count(_ verdict: GateVerdict) -> Int { results.filter { $0.verdict == verdict }.count }
        let seconds = results.reduce(0) { $0 + $1.seconds }
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n<testsuites>\n"
        out += "  <testsuite" + attributes([
            ("name", model), ("tests", String(results.count)), ("failures", String(count(.fail))),
            ("errors", String(count(.error))), ("skipped", String(count(.pending))), ("time", Self.time(seconds)),
        ]) + ">\n"
        out += "    <properties>\n"
        out += "      <property" + attributes([("name", "candidate.runKey"), ("value", candidate.runKey)]) + "/>\n"
        out += "      <property" + attributes([("name", "candidate.artifact"), ("value", candidate.artifact)]) + "/>\n"
        out += "    </properties>\n"
        for result in results {
            out += "    <testcase" + attributes([("name", result.gate), ("classname", "\(model).\(result.kind)"),
                                                 ("time", Self.time(result.seconds))]) + ">\n"
            // The reason is already the message; the body lists each broken limit on a line.
            let detail = XMLText.escaped(result.violations.isEmpty ? result.reason : result.violations.joined(separator: "\n"), attribute: false)
            switch result.verdict {
            case .pass: break
            case .fail:
                out += "      <failure" + attributes([("message", result.reason), ("type", result.kind)]) + ">" + detail + "</failure>\n"
            case .error:
                out += "      <error" + attributes([("message", result.reason), ("type", result.kind)]) + ">" + detail + "</error>\n"
            case .pending:
                out += "      <skipped" + attributes([("message", result.reason)]) + "/>\n"
            }
            out += "      <system-out>" + XMLText.escaped(Self.evidenceText(result.evidence), attribute: false) + "</system-out>\n"
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// Writes the document to `path` atomically.
    public func write(to path: String) throws {
        try AtomicFile.write(Data(xml.utf8), to: path)
    }

    private func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(XMLText.escaped($0.1, attribute: true))\"" }.joined()
    }

    private static func time(_ seconds: Double) -> String {
        String(format: "%.3f", seconds)
    }

    private static func evidenceText(_ evidence: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(evidence)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
