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

    @Test func anUnchangedRouteKeepsItsPickerPositionAcrossASwapAndAChangedOneStartsOver() throws {
        let table = RouteTable()
        let stable = Backend(id: VersionID(model: "m", version: "a"), port: 1)
        let canary = Backend(id: VersionID(model: "m", version: "b"), port: 2)
        let route = ModelRoute(model: "m", stable: stable, canary: canary, canaryWeight: 50)
        table.set([route])
        #expect(table.pick(model: "m", pinned: nil) == .success(RoutePick(backend: stable, fallback: nil)))
        table.set([route, ModelRoute(model: "n", stable: nil)])
        #expect(table.pick(model: "m", pinned: nil) == .success(RoutePick(backend: canary, fallback: stable)))
        table.set([ModelRoute(model: "m", stable: stable, canary: canary, canaryWeight: 40)])
        #expect(table.pick(model: "m", pinned: nil) == .success(RoutePick(backend: stable, fallback: nil)))
    }

    @Test func pinsAndMissesAreReported() {
        let table = RouteTable()
        let stable = Backend(id: VersionID(model: "m", version: "a"), port: 1)
        let canary = Backend(id: VersionID(model: "m", version: "b"), port: 2)
        table.set([ModelRoute(model: "m", stable: stable, canary: canary, canaryWeight: 0),
                   ModelRoute(model: "n", stable: nil)])
        #expect(table.pick(model: "m", pinned: "b") == .success(RoutePick(backend: canary, fallback: nil)))
        #expect(table.pick(model: "m", pinned: "c") == .failure(.unknownVersion(model: "m", version: "c")))
        #expect(table.pick(model: "n", pinned: nil) == .failure(.noBackend("n")))
        #expect(table.pick(model: "x", pinned: nil) == .failure(.unknownModel("x")))
    }
}
