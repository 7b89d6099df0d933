import Foundation
import Manifests
import Testing
@testable import Rollouts

/// One row of the analysis table.
struct AnalysisCase: Sendable, CustomTestStringConvertible {
    var name: String
    var spec: AnalysisSpec
    var canary: VersionWindow
    var stable: VersionWindow?
    var expected: AnalysisVerdict

    var testDescription: String { name }
}

/// An analysis spec with `minRequests` 20, `maxErrorRate` 1%, and the given optional limits.
func analysisSpec(maxErrorRate: Double? = 0.01, maxP99: Duration? = nil, maxErrorRateIncrease: Double? = nil, maxP99Ratio: Double? = nil) -> AnalysisSpec {
    var spec = AnalysisSpec()
    spec.minRequests = 20
    spec.maxErrorRate = maxErrorRate
    spec.maxP99 = maxP99
    spec.maxErrorRateIncrease = maxErrorRateIncrease
    spec.maxP99Ratio = maxP99Ratio
    return spec
}

/// A window of `requests` requests with `errors` errors and p99 `p99Ms` milliseconds.
func window(_ requests: Int, errors: Int = 0, p99Ms: Int = 40) -> VersionWindow {
    VersionWindow(requests: requests, errors: errors, p99: .milliseconds(p99Ms))
}

@Suite struct AnalysisTests {
    static let cases: [AnalysisCase] = [
        AnalysisCase(name: "healthy canary passes", spec: analysisSpec(), canary: window(100), expected: .pass),
        AnalysisCase(name: "exactly minRequests is enough", spec: analysisSpec(), canary: window(20), expected: .pass),
        AnalysisCase(name: "one request short of minRequests is inconclusive", spec: analysisSpec(), canary: window(19),
                     expected: .inconclusive("canary served 19 requests in the window, fewer than minRequests 20")),
        AnalysisCase(name: "no traffic is inconclusive, not a pass", spec: analysisSpec(), canary: window(0, p99Ms: 0),
                     expected: .inconclusive("canary served 0 requests in the window, fewer than minRequests 20")),
        AnalysisCase(name: "too few requests stays inconclusive even when they all failed", spec: analysisSpec(), canary: window(5, errors: 5),
                     expected: .inconclusive("canary served 5 requests in the window, fewer than minRequests 20")),
        AnalysisCase(name: "20% errors fail maxErrorRate", spec: analysisSpec(), canary: window(100, errors: 20),
                     expected: .fail(reasons: ["canary error rate 20.00% (20 of 100 requests) exceeds maxErrorRate 1.00%"])),
        AnalysisCase(name: "error rate exactly at the limit passes", spec: analysisSpec(), canary: window(100, errors: 1), expected: .pass),
        AnalysisCase(name: "no maxErrorRate means errors alone do not fail", spec: analysisSpec(maxErrorRate: nil), canary: window(100, errors: 50), expected: .pass),
        AnalysisCase(name: "p99 over maxP99 fails", spec: analysisSpec(maxP99: .milliseconds(100)), canary: window(100, p99Ms: 150),
                     expected: .fail(reasons: ["canary p99 150ms exceeds maxP99 100ms"])),
        AnalysisCase(name: "p99 at maxP99 passes", spec: analysisSpec(maxP99: .milliseconds(100)), canary: window(100, p99Ms: 100), expected: .pass),
        AnalysisCase(name: "every failed check is reported", spec: analysisSpec(maxP99: .milliseconds(100)), canary: window(200, errors: 10, p99Ms: 250),
                     expected: .fail(reasons: ["canary error rate 5.00% (10 of 200 requests) exceeds maxErrorRate 1.00%", "canary p99 250ms exceeds maxP99 100ms"])),
        AnalysisCase(name: "error rate far above stable's fails", spec: analysisSpec(maxErrorRate: 0.1, maxErrorRateIncrease: 0.02),
                     canary: window(100, errors: 5), stable: window(1000, errors: 10),
                     expected: .fail(reasons: ["canary error rate 5.00% is 4.00% above stable's 1.00%, more than maxErrorRateIncrease 2.00%"])),
        AnalysisCase(name: "error rate a little above stable's passes", spec: analysisSpec(maxErrorRate: 0.1, maxErrorRateIncrease: 0.02),
                     canary: window(100, errors: 2), stable: window(1000, errors: 10), expected: .pass),
        AnalysisCase(name: "p99 three times stable's fails maxP99Ratio 2", spec: analysisSpec(maxP99Ratio: 2),
                     canary: window(100, p99Ms: 90), stable: window(1000, p99Ms: 30),
                     expected: .fail(reasons: ["canary p99 90ms is 3x stable's 30ms, more than maxP99Ratio 2x"])),
        AnalysisCase(name: "p99 under twice stable's passes maxP99Ratio 2", spec: analysisSpec(maxP99Ratio: 2),
                     canary: window(100, p99Ms: 50), stable: window(1000, p99Ms: 30), expected: .pass),
        AnalysisCase(name: "any p99 against a zero stable p99 fails the ratio", spec: analysisSpec(maxP99Ratio: 2),
                     canary: window(100, p99Ms: 5), stable: window(1000, p99Ms: 0),
                     expected: .fail(reasons: ["canary p99 5ms against stable's 0ms, more than maxP99Ratio 2x"])),
        AnalysisCase(name: "comparisons are skipped when there is no stable version", spec: analysisSpec(maxErrorRateIncrease: 0.001, maxP99Ratio: 1.1),
                     canary: window(100, p99Ms: 90), stable: nil, expected: .pass),
        AnalysisCase(name: "a quiet stable makes comparisons inconclusive", spec: analysisSpec(maxP99Ratio: 2),
                     canary: window(100, p99Ms: 90), stable: window(4, p99Ms: 30),
                     expected: .inconclusive("stable served 4 requests in the window, fewer than minRequests 20, so the canary cannot be compared with it")),
        AnalysisCase(name: "a quiet stable does not hide an absolute failure", spec: analysisSpec(maxP99Ratio: 2),
                     canary: window(100, errors: 20), stable: window(4),
                     expected: .fail(reasons: ["canary error rate 20.00% (20 of 100 requests) exceeds maxErrorRate 1.00%"])),
        AnalysisCase(name: "a quiet stable does not matter without comparisons", spec: analysisSpec(),
                     canary: window(100), stable: window(0, p99Ms: 0), expected: .pass),
        AnalysisCase(name: "absolute and comparative failures are reported together", spec: analysisSpec(maxP99: .milliseconds(100), maxErrorRateIncrease: 0.01, maxP99Ratio: 2),
                     canary: window(100, errors: 20, p99Ms: 300), stable: window(1000, p99Ms: 50),
                     expected: .fail(reasons: [
                         "canary error rate 20.00% (20 of 100 requests) exceeds maxErrorRate 1.00%",
                         "canary p99 300ms exceeds maxP99 100ms",
                         "canary error rate 20.00% is 20.00% above stable's 0.00%, more than maxErrorRateIncrease 1.00%",
                         "canary p99 300ms is 6x stable's 50ms, more than maxP99Ratio 2x",
                     ])),
        AnalysisCase(name: "fractional milliseconds keep one decimal", spec: analysisSpec(maxP99: .milliseconds(10)),
                     canary: VersionWindow(requests: 100, errors: 0, p99: .microseconds(12_500)),
                     expected: .fail(reasons: ["canary p99 12.5ms exceeds maxP99 10ms"])),
    ]

    @Test(arguments: cases)
    func judges(_ row: AnalysisCase) {
        #expect(Analysis.judge(spec: row.spec, canary: row.canary, stable: row.stable) == row.expected)
    }
}
