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

    /// The backends of a pick, or the miss.
    private func backends(_ pick: Result<RoutePick, RouteMiss>) -> Result<[Backend], RouteMiss> {
        pick.map { [$0.target.backend] + ($0.fallback.map { [$0.backend] } ?? []) }
    }

    @Test func anUnchangedRouteKeepsItsPickerPositionAcrossASwapAndAChangedOneStartsOver() throws {
        let table = RouteTable(metrics: ServingMetrics())
        let stable = Backend(id: VersionID(model: "m", version: "a"), port: 1)
        let canary = Backend(id: VersionID(model: "m", version: "b"), port: 2)
        let route = ModelRoute(model: "m", stable: stable, canary: canary, canaryWeight: 50)
        table.set([route])
        #expect(backends(table.pick(model: "m", pinned: nil)) == .success([stable]))
        table.set([route, ModelRoute(model: "n", stable: nil)])
        #expect(backends(table.pick(model: "m", pinned: nil)) == .success([canary, stable]))
        table.set([ModelRoute(model: "m", stable: stable, canary: canary, canaryWeight: 40)])
        #expect(backends(table.pick(model: "m", pinned: nil)) == .success([stable]))
    }

    @Test func picksCarryTheCountersOfTheirVersion() throws {
        let metrics = ServingMetrics()
        let table = RouteTable(metrics: metrics)
        let stable = Backend(id: VersionID(model: "m", version: "a"), port: 1)
        let canary = Backend(id: VersionID(model: "m", version: "b"), port: 2)
        table.set([ModelRoute(model: "m", stable: stable, canary: canary, canaryWeight: 50)])
        let first = try table.pick(model: "m", pinned: nil).get()
        let second = try table.pick(model: "m", pinned: nil).get()
        #expect(first.target.counters === metrics.metrics(for: stable.id))
        #expect(second.target.counters === metrics.metrics(for: canary.id))
        #expect(second.fallback?.counters === metrics.metrics(for: stable.id))
    }

    @Test func pinsAndMissesAreReported() {
        let table = RouteTable(metrics: ServingMetrics())
        let stable = Backend(id: VersionID(model: "m", version: "a"), port: 1)
        let canary = Backend(id: VersionID(model: "m", version: "b"), port: 2)
        table.set([ModelRoute(model: "m", stable: stable, canary: canary, canaryWeight: 0),
                   ModelRoute(model: "n", stable: nil)])
        #expect(backends(table.pick(model: "m", pinned: "b")) == .success([canary]))
        #expect(backends(table.pick(model: "m", pinned: "a")) == .success([stable]))
        #expect(backends(table.pick(model: "m", pinned: "c")) == .failure(.unknownVersion(model: "m", version: "c")))
        #expect(backends(table.pick(model: "n", pinned: nil)) == .failure(.noBackend("n")))
        #expect(backends(table.pick(model: "x", pinned: nil)) == .failure(.unknownModel("x")))
    }
}
