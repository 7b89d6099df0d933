import HTTP
import Manifests
import Testing
@testable import Gates

/// The schedule's arithmetic at the edges of what a manifest or `slipway loadtest` may give.
struct LoadPlanArithmeticTests {
    func plan(rate: Int, duration: Duration, warmup: Duration = .zero) -> LoadPlan {
        LoadPlan(upstream: Upstream(host: "127.0.0.1", port: 9), target: "/", bodies: [], rate: rate,
                 duration: duration, warmup: warmup)
    }

    @Test func aMillionRequestsASecondForSixHoursIsCountedExactly() {
        // rate × duration in nanoseconds is 2.16e19, beyond 64 bits: this once stopped the process.
        let sixHours = plan(rate: 1_000_000, duration: .seconds(6 * 3_600), warmup: .seconds(2))
        #expect(sixHours.totalRequests == 21_602_000_000)
        #expect(sixHours.firstMeasured == 2_000_000)
        #expect(sixHours.measuredRequests == 21_600_000_000)
    }

    @Test func theLargestPlanIsScheduledToTheNanosecond() {
        let largest = plan(rate: LoadTestGate.rates.upperBound, duration: LoadTestGate.longestSpan,
                           warmup: LoadTestGate.longestSpan)
        let last = largest.totalRequests - 1
        #expect(largest.totalRequests == 172_800_000_000)
        // Request i is due at i × 10⁹ / rate nanoseconds; the last one 1 µs before the end.
        #expect(largest.offset(of: last) == 172_800 * 1_000_000_000 - 1_000)
        #expect(largest.offset(of: 3) == 3_000)
    }

    @Test func aRateThatDoesNotDivideASecondRoundsTheCountUp() {
        let thirds = plan(rate: 3, duration: .milliseconds(500))
        #expect(thirds.totalRequests == 2)
        #expect(thirds.offset(of: 1) == 333_333_333)
    }
}
