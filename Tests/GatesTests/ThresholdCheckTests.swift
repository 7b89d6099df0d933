import Manifests
import Pipelines
import Testing
@testable import Gates

/// Every way a measured value meets or breaks a threshold, alone and against stable.
@Suite struct ThresholdCheckTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var threshold: Threshold
        var value: Double
        var stable: Double?
        /// A phrase each expected violation holds, in order; empty when the value passes.
        var violations: [String]
        var changeLimits: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no limits", threshold: Threshold(), value: 0.5, stable: 0.9, violations: [], changeLimits: "none set"),
        Case(name: "min is inclusive", threshold: Threshold(min: 0.8), value: 0.8, stable: nil, violations: [], changeLimits: "none set"),
        Case(name: "below min", threshold: Threshold(min: 0.8), value: 0.71, stable: nil,
             violations: ["auc 0.71 is below min 0.8"], changeLimits: "none set"),
        Case(name: "max is inclusive", threshold: Threshold(max: 0.3), value: 0.3, stable: nil, violations: [], changeLimits: "none set"),
        Case(name: "above max", threshold: Threshold(max: 0.3), value: 0.35, stable: nil,
             violations: ["auc 0.35 is above max 0.3"], changeLimits: "none set"),
        Case(name: "better than stable with minChange 0", threshold: Threshold(minChange: 0), value: 0.9, stable: 0.85,
             violations: [], changeLimits: "checked"),
        Case(name: "equal to stable with minChange 0", threshold: Threshold(minChange: 0), value: 0.85, stable: 0.85,
             violations: [], changeLimits: "checked"),
        Case(name: "worse than stable with minChange 0", threshold: Threshold(minChange: 0), value: 0.8, stable: 0.85,
             violations: ["change against stable -0.05 (candidate 0.8, stable 0.85; d = candidate − stable) is below minChange 0; the candidate may not be worse than stable"],
             changeLimits: "checked"),
        Case(name: "negative minChange allows a bounded regression, inclusive despite rounding",
             threshold: Threshold(minChange: -0.03), value: 0.82, stable: 0.85, violations: [], changeLimits: "checked"),
        Case(name: "negative minChange refuses a larger regression", threshold: Threshold(minChange: -0.02), value: 0.82, stable: 0.85,
             violations: ["is below minChange -0.02; the candidate may be worse than stable by at most 0.02"], changeLimits: "checked"),
        Case(name: "positive minChange requires an improvement", threshold: Threshold(minChange: 0.01), value: 0.855, stable: 0.85,
             violations: ["change against stable 0.005 (candidate 0.855, stable 0.85; d = candidate − stable) is below minChange 0.01; the candidate must improve on stable by at least 0.01"],
             changeLimits: "checked"),
        Case(name: "positive minChange met", threshold: Threshold(minChange: 0.01), value: 0.87, stable: 0.85, violations: [], changeLimits: "checked"),
        Case(name: "maxChange bounds a suspicious jump", threshold: Threshold(maxChange: 0.05), value: 0.95, stable: 0.85,
             violations: ["change against stable 0.1 (candidate 0.95, stable 0.85; d = candidate − stable) is above maxChange 0.05"],
             changeLimits: "checked"),
        Case(name: "lower is better: an increase is a regression", threshold: Threshold(minChange: 0, higherIsBetter: false),
             value: 1.1, stable: 1.0,
             violations: ["change against stable -0.1 (candidate 1.1, stable 1; d = stable − candidate, as lower is better) is below minChange 0"],
             changeLimits: "checked"),
        Case(name: "lower is better: a decrease is an improvement", threshold: Threshold(minChange: 0.05, higherIsBetter: false),
             value: 0.9, stable: 1.0, violations: [], changeLimits: "checked"),
        Case(name: "relative change below its minimum", threshold: Threshold(minRelativeChange: -0.1), value: 0.8, stable: 1.0,
             violations: ["relative change against stable -0.2 (d / |stable| = -0.2 / 1) is below minRelativeChange -0.1"], changeLimits: "checked"),
        Case(name: "relative change above its maximum, lower is better", threshold: Threshold(maxRelativeChange: 0.5, higherIsBetter: false),
             value: 0.4, stable: 1.0,
             violations: ["relative change against stable 0.6 (d / |stable| = 0.6 / 1) is above maxRelativeChange 0.5"], changeLimits: "checked"),
        Case(name: "relative change against a negative stable uses its magnitude", threshold: Threshold(minRelativeChange: 1),
             value: 0, stable: -0.5, violations: [], changeLimits: "checked"),
        Case(name: "stable of 0 makes a relative limit fail", threshold: Threshold(minRelativeChange: 0, maxRelativeChange: 2), value: 0.1, stable: 0,
             violations: ["the relative change against stable is undefined because stable's auc is 0, so minRelativeChange 0 and maxRelativeChange 2 cannot be met"],
             changeLimits: "checked"),
        Case(name: "stable of 0 leaves absolute change limits usable", threshold: Threshold(minChange: 0), value: 0.1, stable: 0,
             violations: [], changeLimits: "checked"),
        Case(name: "first run passes change limits by default", threshold: Threshold(minChange: 0), value: 0.8, stable: nil,
             violations: [], changeLimits: "skipped"),
        Case(name: "first run still checks value bounds", threshold: Threshold(min: 0.9, minChange: 0), value: 0.8, stable: nil,
             violations: ["auc 0.8 is below min 0.9"], changeLimits: "skipped"),
        Case(name: "first run fails change limits when told", threshold: Threshold(minChange: 0, maxRelativeChange: 1, firstRun: .fail),
             value: 0.8, stable: nil,
             violations: ["there is no stable to compare auc with, and firstRun is fail: the change limits (minChange, maxRelativeChange) cannot be met on a first run"],
             changeLimits: "failed"),
        Case(name: "firstRun fail without change limits passes", threshold: Threshold(min: 0.5, firstRun: .fail), value: 0.8, stable: nil,
             violations: [], changeLimits: "none set"),
        Case(name: "every broken limit is reported", threshold: Threshold(min: 0.9, minChange: 0, minRelativeChange: 0), value: 0.8, stable: 0.85,
             violations: ["auc 0.8 is below min 0.9", "is below minChange 0", "is below minRelativeChange 0"], changeLimits: "checked"),
        Case(name: "a value that is not a number breaks every limit", threshold: Threshold(min: 0.5), value: .nan, stable: 0.8,
             violations: ["auc is nan, not a finite number; no limit can be met"], changeLimits: "not checked"),
        Case(name: "a stable that is not a number cannot be compared", threshold: Threshold(minChange: 0), value: 0.8, stable: .infinity,
             violations: ["stable's auc is inf, not a finite number; the change limits cannot be checked"], changeLimits: "not checked"),
    ]

    @Test(arguments: cases) func threshold(_ c: Case) {
        let outcome = c.threshold.check("auc", value: c.value, stable: c.stable)
        #expect(outcome.violations.count == c.violations.count, "\(outcome.violations)")
        for (violation, phrase) in zip(outcome.violations, c.violations) {
            #expect(violation.contains(phrase), "\(violation)")
        }
        #expect(outcome.passed == c.violations.isEmpty)
        guard case .object(let evidence) = outcome.evidence else {
            Issue.record("evidence is not an object")
            return
        }
        #expect(evidence["changeLimits"] == .string(c.changeLimits))
        #expect(evidence["passed"] == .bool(c.violations.isEmpty))
        #expect(evidence["violations"] == .array(outcome.violations.map(JSONValue.string)))
    }

    @Test func evidenceHoldsTheOrientedChangeAndRelativeChange() throws {
        let outcome = Threshold(minChange: 0, minRelativeChange: 0, higherIsBetter: false).check("rmse", value: 0.75, stable: 1.0)
        #expect(outcome.passed)
        guard case .object(let evidence) = outcome.evidence else { throw EvidenceShape() }
        #expect(evidence["change"] == .number(0.25))
        #expect(evidence["relativeChange"] == .number(0.25))
        #expect(evidence["stable"] == .number(1.0))
        #expect(evidence["higherIsBetter"] == .bool(false))
        #expect(evidence["limits"] == .object(["minChange": .number(0), "minRelativeChange": .number(0), "firstRun": .string("pass")]))
    }

    @Test func skippedChangeLimitsSaySoInTheEvidence() throws {
        let outcome = Threshold(minChange: 0).check("auc", value: 0.8, stable: nil)
        guard case .object(let evidence) = outcome.evidence, case .string(let note)? = evidence["note"] else { throw EvidenceShape() }
        #expect(note.contains("no stable") && note.contains("skipped"))
        #expect(evidence["stable"] == .null)
    }

    struct EvidenceShape: Error {}
}
