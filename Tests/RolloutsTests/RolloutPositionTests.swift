import Foundation
import Testing
@testable import Rollouts

@Suite struct RolloutPositionTests {
    @Test func roundTripsThroughJSON() throws {
        let position = RolloutPosition(step: 1, stepStarted: t(30), passesInStep: 2, failedAnalyses: 1, inconclusiveInARow: 3, windowStart: t(50))
        let decoded = try JSONDecoder().decode(RolloutPosition.self, from: JSONEncoder().encode(position))
        #expect(decoded == position)
    }
}
