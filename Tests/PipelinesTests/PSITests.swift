import Foundation
import Testing
@testable import Pipelines

@Suite struct PSITests {
    @Test func identicalDistributionsHaveNoDrift() {
        #expect(PSI.index(reference: [10, 20, 30], current: [1, 2, 3]) < 1e-12)
    }

    @Test func shiftedDistributionDrifts() {
        // Half of the mass moves from the first bin to the last.
        let psi = PSI.index(reference: [50, 25, 25], current: [25, 25, 50])
        #expect(abs(psi - 2 * 0.25 * log(2.0)) < 1e-9)
    }

    @Test func emptyBinsStayFinite() {
        #expect(PSI.index(reference: [10, 0], current: [0, 10]).isFinite)
    }
}
