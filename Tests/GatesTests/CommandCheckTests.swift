import Foundation
import Manifests
import Pipelines
import Testing
import TestSupport
@testable import Gates

@Suite(.serialized) struct CommandCheckTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory(prefix: "slipway-command-gate")
    }

    func check(_ script: String, timeout: Duration = .seconds(30)) async -> GateResult {
        let gate = CommandCheck(name: "unit", spec: CommandGate(command: ["/bin/sh", "-c", script, "sh", "${reports}"], env: ["WHO": "gate"]),
                                timeout: timeout, executor: LocalExecutor(), workFolder: folder.path + "/work")
        return await gate.evaluate(GateSubject(model: "m", candidate: Candidate(runKey: "sha256:r", artifact: "sha256:a"), folder: folder.path))
    }

    @Test func aPassingCommandPassesWithItsOutput() async {
        let result = await check("echo tests ran for $WHO in $(basename $PWD)")
        #expect(result.verdict == .pass, "\(result)")
        guard case .object(let evidence) = result.evidence, case .string(let tail) = evidence["outputTail"] else {
            Issue.record("no output in \(result.evidence)"); return
        }
        #expect(tail.contains("tests ran for gate in \((folder.path as NSString).lastPathComponent)"))
    }

    @Test func aFailingCommandFailsWithItsExitStatus() async {
        let result = await check("echo 'AssertionError: 2 != 3' >&2; exit 3")
        #expect(result.verdict == .fail)
        #expect(result.reason.contains("3"), "\(result.reason)")
        #expect(result.violations.count == 1)
    }

    @Test func aCommandThatHangsFailsAtTheTimeout() async {
        let result = await check("sleep 30", timeout: .milliseconds(300))
        #expect(result.verdict == .fail)
        #expect(result.reason.contains("timed out") || result.reason.contains("timeout"), "\(result.reason)")
    }

    @Test func aMissingProgramIsAnErrorNotAFailure() async {
        let gate = CommandCheck(name: "unit", spec: CommandGate(command: ["/nonexistent/pytest"], env: [:]), timeout: .seconds(5),
                                executor: LocalExecutor(), workFolder: folder.path + "/work")
        let result = await gate.evaluate(GateSubject(model: "m", candidate: Candidate(runKey: "r", artifact: "a"), folder: folder.path))
        #expect(result.verdict == GateVerdict.error, "\(result)")
    }

    @Test func junitReportsWrittenToTheReportsFolderAreCounted() async {
        let xml = #"<?xml version="1.0"?><testsuites tests="5"><testsuite name="a" tests="3" failures="1" errors="0" skipped="1"></testsuite><testsuite name='b' tests='2' failures='0' errors='1'/></testsuites>"#
        let result = await check("cat > \"$1/report.xml\" <<'XML'\n\(xml)\nXML\nexit 1")
        #expect(result.verdict == .fail)
        guard case .object(let evidence) = result.evidence, case .object(let tests) = evidence["tests"] else {
            Issue.record("no test counts in \(result.evidence)"); return
        }
        #expect(tests["tests"] == .number(5) && tests["failures"] == .number(1) && tests["errors"] == .number(1) && tests["skipped"] == .number(1))
    }

    @Test(arguments: [
        (#"<testsuite tests="4" failures="2"/>"#, JUnitCounts(tests: 4, failures: 2)),
        (#"<testsuites tests="9"><testsuite tests="1" errors="1"></testsuite></testsuites>"#, JUnitCounts(tests: 1, errors: 1)),
        (#"<testsuite name="x" mytests="7" tests='2'/>"#, JUnitCounts(tests: 2)),
        ("no xml here", JUnitCounts()),
    ])
    func junitCountsSumTestSuitesOnly(xml: String, expected: JUnitCounts) {
        #expect(JUnitCounts.parse(xml) == expected)
    }
}
