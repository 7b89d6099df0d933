import Foundation
import Glibc
import HTTP
import Processes
import Testing
import TestSupport
@testable import Serving

/// A data plane in this process, stopping many versions in one change.
@Suite(.serialized) final class DataPlaneStopTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory(prefix: "slipway-dataplane-stop")
        try folder.write("artifact/server.py", ModelServers.pythonV2)
    }

    func model(_ number: Int) -> ServedModel {
        let spec = ServerSpec(id: VersionID(model: "m\(number)", version: "v1"), command: ["python3", "${artifact}/server.py", "${port}", "ready"],
                              artifact: folder.path + "/artifact", readyTimeout: .seconds(90))
        return ServedModel(model: spec.id.model, stable: spec)
    }

    @Test func stoppingTwentyVersionsAtOnceLeavesNoneOfThemRunningAndKeepsTheWantedOnes() async throws {
        let plane = try await DataPlane.start(stateFolder: folder.path, port: 0, loops: 1)
        defer { plane.shutdown() }
        do {
            try await stopsManyAtOnce(plane)
        } catch {
            // Servers outlive a data plane on purpose: a failed check must not leave them running.
            _ = await plane.apply(DesiredServing())
            throw error
        }
    }

    private func stopsManyAtOnce(_ plane: DataPlane) async throws {
        let kept = (1...4).map(model)
        let leaving = (5...24).map(model)
        let before = await plane.apply(DesiredServing(models: kept + leaving))
        try #require(before.servers.count == 24, "\(before.failures)")
        let pids = Dictionary(uniqueKeysWithValues: before.servers.map { ($0.id.model, $0.pid) })

        let after = await plane.apply(DesiredServing(models: kept))
        #expect(after.servers.map(\.id.model) == ["m1", "m2", "m3", "m4"])
        #expect(after.restarting.isEmpty)
        for served in leaving {
            let pid = try #require(pids[served.model] ?? nil)
            #expect(ProcessGroup.liveMembers(ofGroup: pid) == 0, "\(served.model) still runs")
        }
        for server in after.servers {
            #expect(server.pid == pids[server.id.model] ?? nil, "\(server.id) was started again")
            let pid = try #require(server.pid)
            #expect(ProcessGroup.liveMembers(ofGroup: pid) == 1)
        }

        let none = await plane.apply(DesiredServing())
        #expect(none.servers.isEmpty && none.restarting.isEmpty)
        for served in kept {
            let pid = try #require(pids[served.model] ?? nil)
            #expect(ProcessGroup.liveMembers(ofGroup: pid) == 0, "\(served.model) still runs")
        }
    }
}
