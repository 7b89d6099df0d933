import Foundation
import Testing
@testable import Gates
import Pipelines

@Suite struct GateResultTests {
    @Test func roundTripsThroughJSON() throws {
        let result = GateResult(gate: "unit", kind: "command", verdict: .fail, reason: "exit status 1",
                                evidence: .object(["exitStatus": .number(1)]), violations: ["exit status 1"], seconds: 0.5)
        let data = try JSONEncoder().encode(result)
        #expect(try JSONDecoder().decode(GateResult.self, from: data) == result)
    }

    @Test func pinnedEndpointsUseTheVersionPath() {
        #expect(InferenceEndpoint(port: 1, model: "m").inferPath == "/v2/models/m/infer")
        #expect(InferenceEndpoint(port: 1, model: "m", version: "c1").inferPath == "/v2/models/m/versions/c1/infer")
    }
}
