import Controller
import Foundation
import Git
import Testing
import TestSupport
@testable import slipway

/// What `slipway plan` prints when only a gate's definition changed: an update, and which gates run again.
@Suite struct PlanOutputTests {
    static let manifest = """
        apiVersion: slipway.dev/v1
        kind: Model
        metadata: {name: m}
        spec:
          train: {command: [/bin/true, "${output}"]}
          gates:
            - {name: unit, type: command, command: [/bin/true]}
            - {name: quality, type: baseline, holdout: holdout.csv, label: y, metric: auc, min: 0.80}
            - {name: smoke, type: command, command: [/bin/true]}
          serve: {command: [/bin/true, "${port}"]}

        """

    struct Edit: Sendable, CustomTestStringConvertible {
        var name: String
        var from: String
        var to: String
        var rerun: [String]
        var testDescription: String { name }
    }

    @Test(arguments: [
        Edit(name: "a threshold", from: "min: 0.80", to: "min: 0.90", rerun: ["quality"]),
        Edit(name: "a metric", from: "metric: auc", to: "metric: f1", rerun: ["quality"]),
        Edit(name: "two gates", from: "[/bin/true]}\n", to: "[/bin/true, -v]}\n", rerun: ["unit", "smoke"]),
        Edit(name: "a new gate", from: "  serve:", to: "    - {name: extra, type: command, command: [/bin/true]}\n  serve:", rerun: ["extra"]),
    ])
    func listsTheGatesThatRunAgain(_ edit: Edit) async throws {
        let git = try GitFixture()
        try git.write("m/model.yaml", Self.manifest)
        try git.write("m/holdout.csv", "x,y\n1,0\n")
        let base = try git.commit("m")
        try git.write("m/model.yaml", Self.manifest.replacingOccurrences(of: edit.from, with: edit.to))
        _ = try git.commit(edit.name)
        let plan = try await ChangePlan.between(try Repository.open(at: git.path), from: base.hex, to: "HEAD")
        let change = try #require(plan.models.first)
        #expect(change.action == .update)
        #expect(change.gatesRerun == edit.rerun)

        let text = PlanCommand.render(plan)
        #expect(text.contains("gates run again on a candidate not yet rolling out: " + edit.rerun.joined(separator: ", ")), "\(text)")
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(plan)) as? [String: Any])
        let models = try #require(json["models"] as? [[String: Any]])
        #expect(models.first?["gatesRerun"] as? [String] == edit.rerun)
    }
}
