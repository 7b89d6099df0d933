import Testing
@testable import Serving

@Suite struct RouterPickerTests {
    @Test(arguments: [0, 1, 10, 25, 50, 90, 100])
    func everyHundredPicksMatchTheWeightExactly(canaryWeight: Int) {
        var picker = SmoothWeightedPicker([("stable", 100 - canaryWeight), ("canary", canaryWeight)])
        for _ in 0..<3 {
            let picks = (0..<100).compactMap { _ in picker.next() }
            #expect(picks.count == 100)
            #expect(picks.filter { $0 == "canary" }.count == canaryWeight)
        }
    }

    @Test func smallWeightsAreSpreadOutNotBunched() {
        var picker = SmoothWeightedPicker([("stable", 90), ("canary", 10)])
        let picks = (0..<100).map { _ in picker.next()! }
        let canaryPositions = picks.indices.filter { picks[$0] == "canary" }
        #expect(zip(canaryPositions, canaryPositions.dropFirst()).allSatisfy { $1 - $0 == 10 })
    }

    @Test func nginxExampleSequence() {
        var picker = SmoothWeightedPicker([("a", 5), ("b", 1), ("c", 1)])
        #expect((0..<7).map { _ in picker.next()! } == ["a", "a", "b", "a", "c", "a", "a"])
    }

    @Test func noWeightMeansNoPick() {
        var picker = SmoothWeightedPicker([("a", 0)])
        #expect(picker.next() == nil)
    }

    @Test func anUnchangedRouteKeepsItsPickerPositionAcrossASwap() throws {
        let table = RouteTable()
        let route = ModelRoute(model: "m", stable: Backend(id: VersionID(model: "m", version: "a"), port: 1),
                               canary: Backend(id: VersionID(model: "m", version: "b"), port: 2), canaryWeight: 50)
        table.set([route])
        let first = try table.pick(model: "m", pinned: nil).get().backend.id.version
        table.set([route, ModelRoute(model: "n", stable: nil)])
        let second = try table.pick(model: "m", pinned: nil).get().backend.id.version
        #expect(first != second)
        let stable = route.stable!
        let canaryPick = try #require([first, second].contains("b") ? RoutePick(backend: route.canary!, fallback: stable) : nil)
        #expect(try [table.pick(model: "m", pinned: nil).get(), table.pick(model: "m", pinned: nil).get()].contains(canaryPick))
        #expect(try table.pick(model: "m", pinned: "b").get() == RoutePick(backend: route.canary!, fallback: nil))
        #expect(table.pick(model: "n", pinned: nil) == .failure(.noBackend("n")))
        #expect(table.pick(model: "x", pinned: nil) == .failure(.unknownModel("x")))
    }
}
