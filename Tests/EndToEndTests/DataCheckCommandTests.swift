import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct DataCheckCommandTests {
    static let manifest = """
        apiVersion: slipway.dev/v1
        kind: Model
        metadata: {name: m}
        spec:
          data:
            - name: train
              path: train.csv
              schema: {columns: {x: {type: number, min: 0}, label: {type: integer, values: [0, 1]}}, minRows: 2}
          train: {command: [python3, train.py]}
          serve: {command: [python3, serve.py, "${port}"]}

        """

    @Test func passesAGoodFileAndNamesRowsOfABadOne() throws {
        let dir = try TemporaryDirectory()
        let manifest = try dir.write("model.yaml", Self.manifest)
        let good = try dir.write("good.csv", "x,label\n1,0\n2,1\n")
        let bad = try dir.write("bad.csv", "x,label\n-1,0\n2,5\n3,1\n")
        let passed = try SlipwayProcess.run(["data", "check", good, "--manifest", manifest])
        #expect(passed.status == 0, "\(passed)")
        #expect(passed.standardOutput.hasPrefix("pass"))
        let failed = try SlipwayProcess.run(["data", "check", bad, "--manifest", manifest, "--json"])
        #expect(failed.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(failed.standardOutput.utf8)) as? [String: Any]
        let violations = report?["violations"] as? [[String: Any]] ?? []
        #expect(violations.map { $0["rule"] as? String } == ["min", "allowedValues"])
        #expect(violations.map { $0["rows"] as? [Int] } == [[1], [2]])
        let ragged = try dir.write("ragged.csv", "x,label\n1,0,9\n")
        let broken = try SlipwayProcess.run(["data", "check", ragged, "--manifest", manifest])
        #expect(broken.status == 1)
        #expect(broken.standardOutput.contains("row 1"), "\(broken.standardOutput)")
    }

    @Test func eachViolationIsPrintedOnceAndControlCharactersAreEscaped() throws {
        let dir = try TemporaryDirectory()
        let manifest = try dir.write("model.yaml", Self.manifest)
        // A header that would set the terminal's title and clear its screen if echoed raw.
        let bad = try dir.write("bad.csv", "x,label,\u{1B}]0;owned\u{7}\u{1B}[2J\n-1,0,a\n2,5,b\n")
        let failed = try SlipwayProcess.run(["data", "check", bad, "--manifest", manifest])
        #expect(failed.status == 1)
        let lines = failed.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains("(rows 1)") }.count == 1, "\(failed.standardOutput)")
        #expect(lines.filter { $0.contains("(rows 2)") }.count == 1, "\(failed.standardOutput)")
        #expect(!failed.standardOutput.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(failed.standardOutput)")
        #expect(failed.standardOutput.contains(#"\u{1B}]0;owned\u{7}\u{1B}[2J"#), "\(failed.standardOutput)")
    }
}
