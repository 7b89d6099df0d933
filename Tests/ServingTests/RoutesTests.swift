import Foundation
import Testing
@testable import Serving

@Suite struct RoutesTests {
    @Test func routesRoundTripThroughJSON() throws {
        let route = ModelRoute(model: "m", stable: Backend(id: VersionID(model: "m", version: "a1"), port: 9001),
                               canary: Backend(id: VersionID(model: "m", version: "b2"), port: 9002), canaryWeight: 10)
        #expect(try JSONDecoder().decode(ModelRoute.self, from: JSONEncoder().encode(route)) == route)
        #expect(route.canary?.id.description == "m@b2")
    }
}
