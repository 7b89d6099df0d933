import Foundation
import Testing
@testable import Rollouts

@Suite struct RolloutPositionTests {
    @Test func roundTripsThroughJSON() throws {
        let position = RolloutPosition(step: 1, stepStarted: Date(timeIntervalSince1970: 1_700_000_000), failedAnalyses: 1)
        let decoded = try JSONDecoder().decode(RolloutPosition.self, from: JSONEncoder().encode(position))
        #expect(decoded == position)
    }
}
