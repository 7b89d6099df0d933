import Foundation
import FoundationXML
import Pipelines
import Testing
@testable import Gates

/// Gate results as JUnit XML, read back by a real XML parser.
@Suite struct JUnitReportTests {
    static let nasty = "say \"hi\" & <bye> 'now'\ttab\nline é 中 😀 bell\u{7} nul\u{0} cr\r end"
    /// What an XML reader gives back for `nasty`: the characters XML cannot hold become U+FFFD.
    static let nastyRead = "say \"hi\" & <bye> 'now'\ttab\nline é 中 😀 bell\u{FFFD} nul\u{FFFD} cr\r end"

    static let results = [
        GateResult(gate: "unit", kind: "command", verdict: .pass, reason: "exited 0", evidence: .object(["exit": .number(0)]), seconds: 1.25),
        GateResult(gate: "beats-stable", kind: "baseline", verdict: .fail, reason: nasty,
                   evidence: .object(["note": .string(nasty), "auc": .number(0.71)]), violations: ["auc 0.71 is below min 0.8", "second <one>"]),
        GateResult(gate: "load & soak", kind: "loadTest", verdict: .error, reason: "server unreachable"),
        GateResult(gate: "governance", kind: "governance", verdict: .pending, reason: "waiting for 1 approval"),
    ]

    static func document() throws -> XMLDocument {
        let report = JUnitReport(model: "fraud <detector>", candidate: Candidate(runKey: "sha256:aa", artifact: "sha256:bb"), results: results)
        return try XMLDocument(data: Data(report.xml.utf8))
    }

    static func attribute(_ node: XMLNode?, _ name: String) -> String? {
        (node as? XMLElement)?.attribute(forName: name)?.stringValue
    }

    @Test func suiteCountsEachVerdict() throws {
        let suite = try #require(try Self.document().nodes(forXPath: "/testsuites/testsuite").first)
        #expect(Self.attribute(suite, "name") == "fraud <detector>")
        #expect(Self.attribute(suite, "tests") == "4")
        #expect(Self.attribute(suite, "failures") == "1")
        #expect(Self.attribute(suite, "errors") == "1")
        #expect(Self.attribute(suite, "skipped") == "1")
        #expect(Self.attribute(suite, "time") == "1.250")
        let properties = try Self.document().nodes(forXPath: "//property").map { Self.attribute($0, "value") }
        #expect(properties == ["sha256:aa", "sha256:bb"])
    }

    @Test func eachGateIsATestcaseWithItsOutcome() throws {
        let document = try Self.document()
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.map { Self.attribute($0, "name") } == ["unit", "beats-stable", "load & soak", "governance"])
        #expect(Self.attribute(cases[1], "classname") == "fraud <detector>.baseline")
        #expect(try cases[0].nodes(forXPath: "failure|error|skipped").isEmpty)
        let failure = try #require(try cases[1].nodes(forXPath: "failure").first)
        #expect(Self.attribute(failure, "message") == Self.nastyRead)
        #expect(failure.stringValue == "auc 0.71 is below min 0.8\nsecond <one>")
        let error = try #require(try cases[2].nodes(forXPath: "error").first)
        #expect(Self.attribute(error, "message") == "server unreachable")
        #expect(error.stringValue == "server unreachable")
        #expect(Self.attribute(try cases[3].nodes(forXPath: "skipped").first, "message") == "waiting for 1 approval")
    }

    @Test func evidenceIsJSONInSystemOut() throws {
        let out = try #require(try Self.document().nodes(forXPath: "//testcase[@name='beats-stable']/system-out").first?.stringValue)
        let evidence = try JSONDecoder().decode(JSONValue.self, from: Data(out.utf8))
        // JSON escapes the control characters itself, so the evidence survives whole.
        #expect(evidence == .object(["note": .string(Self.nasty), "auc": .number(0.71)]))
    }

    @Test func markupCharactersAreEscapedInTheText() {
        #expect(XMLText.escaped("a<b>&\"c\"", attribute: true) == "a&lt;b&gt;&amp;&quot;c&quot;")
        #expect(XMLText.escaped("a<b>&\"c\"", attribute: false) == "a&lt;b&gt;&amp;\"c\"")
        #expect(XMLText.escaped("1\t2\n3\r", attribute: true) == "1&#9;2&#10;3&#13;")
        #expect(XMLText.escaped("1\t2\n3\r", attribute: false) == "1\t2\n3&#13;")
        #expect(XMLText.escaped("\u{1}\u{1F}\u{FFFE}é", attribute: false) == "\u{FFFD}\u{FFFD}\u{FFFD}é")
    }
}
