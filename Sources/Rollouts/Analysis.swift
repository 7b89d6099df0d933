import Foundation
import Manifests

/// Judges a canary window against the rollout's limits and against stable.
public enum Analysis {
    /// The verdict on `canary` (and `stable` over the same interval) under `spec`.
    ///
    /// Too little canary traffic is inconclusive, never a pass. The checks against stable are
    /// skipped when there is no stable version (`stable == nil`); when stable exists but served
    /// fewer than `minRequests`, a comparison would be noise, so the verdict is inconclusive
    /// unless an absolute check already failed.
    public static func judge(spec: AnalysisSpec, canary: VersionWindow, stable: VersionWindow?) -> AnalysisVerdict {
        guard canary.requests >= spec.minRequests else {
            return .inconclusive("canary served \(canary.requests) requests in the window, fewer than minRequests \(spec.minRequests)")
        }
        var reasons = absoluteFailures(spec: spec, canary: canary)
        let comparesWithStable = spec.maxErrorRateIncrease != nil || spec.maxP99Ratio != nil
        if comparesWithStable, let stable {
            guard stable.requests >= spec.minRequests else {
                if !reasons.isEmpty { return .fail(reasons: reasons) }
                return .inconclusive("stable served \(stable.requests) requests in the window, fewer than minRequests \(spec.minRequests), so the canary cannot be compared with it")
            }
            reasons += comparativeFailures(spec: spec, canary: canary, stable: stable)
        }
        return reasons.isEmpty ? .pass : .fail(reasons: reasons)
    }

    /// The checks of the canary against fixed limits.
    static func absoluteFailures(spec: AnalysisSpec, canary: VersionWindow) -> [String] {
        var reasons: [String] = []
        if let limit = spec.maxErrorRate, canary.errorRate > limit {
            reasons.append("canary error rate \(percentText(canary.errorRate)) (\(canary.errors) of \(canary.requests) requests) exceeds maxErrorRate \(percentText(limit))")
        }
        if let limit = spec.maxP99, canary.p99 > limit {
            reasons.append("canary p99 \(canary.p99.millisecondsText) exceeds maxP99 \(limit.millisecondsText)")
        }
        return reasons
    }

    /// The checks of the canary against stable over the same interval.
    static func comparativeFailures(spec: AnalysisSpec, canary: VersionWindow, stable: VersionWindow) -> [String] {
        var reasons: [String] = []
        if let limit = spec.maxErrorRateIncrease, canary.errorRate - stable.errorRate > limit {
            reasons.append("canary error rate \(percentText(canary.errorRate)) is \(percentText(canary.errorRate - stable.errorRate)) above stable's \(percentText(stable.errorRate)), more than maxErrorRateIncrease \(percentText(limit))")
        }
        if let limit = spec.maxP99Ratio {
            let ratio = p99Ratio(canary: canary.p99, stable: stable.p99)
            if ratio > limit {
                let measured = ratio.isFinite ? "is \(ratioText(ratio)) stable's" : "against stable's"
                reasons.append("canary p99 \(canary.p99.millisecondsText) \(measured) \(stable.p99.millisecondsText), more than maxP99Ratio \(ratioText(limit))")
            }
        }
        return reasons
    }

    /// Canary p99 over stable p99; against a zero stable p99 (below timer resolution) any
    /// slower canary has an infinite ratio, so it fails every limit.
    static func p99Ratio(canary: Duration, stable: Duration) -> Double {
        if stable > .zero { return canary.seconds / stable.seconds }
        return canary > .zero ? .infinity : 1
    }

    /// A ratio as people read it: `2.5x`.
    static func ratioText(_ ratio: Double) -> String {
        String(format: "%gx", ratio)
    }
}
