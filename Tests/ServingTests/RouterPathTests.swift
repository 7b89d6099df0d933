import Testing
@testable import Serving

/// Edges of reading request paths that the table of endpoints does not show.
@Suite struct RouterPathTests {
    @Test(arguments: [
        "/v2/health/live/", "//v2/health/live", "/v2/models/m/", "/v2/models/m/ready/", "/v2/models/m/infer/",
        "/v2/models/m/versions/b2/infer/", "/v2/models/m/versions/b2/x/infer", "/v2/models/m/versions/infer",
        "/v2/modelsm/infer", "/V2/health/live", "v2/health/live",
    ])
    func nearMissesAreNotEndpoints(path: String) {
        #expect(InferencePath(path[...]) == nil)
    }

    @Test(arguments: [
        ("/v2/models/model-1.b/infer", InferencePath.infer(model: "model-1.b", version: nil)),
        ("/v2/models/m/versions/sha256-ab/infer", .infer(model: "m", version: "sha256-ab")),
        ("/v2/models/infer/infer", .infer(model: "infer", version: nil)),
        ("/v2/models/ready", .modelMetadata("ready")),
    ])
    func namesAreTakenWhole(path: String, endpoint: InferencePath) {
        #expect(InferencePath(path[...]) == endpoint)
    }
}
