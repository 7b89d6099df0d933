import Manifests
import Pipelines

extension Threshold {
    /// Checks a candidate's measured `value` (named `what` in the sentences) against every limit,
    /// comparing with `stable` when there is one; every broken limit is reported, not only the first.
    ///
    /// The change is d = candidate − stable, turned round (stable − candidate) when lower is better,
    /// so that a positive d is always an improvement; the relative change is r = d / |stable|.
    /// Limits are inclusive, up to a relative tolerance of 1e-9, so that rounding in a subtraction
    /// (0.82 − 0.85 is −0.030000000000000027) never decides a verdict.
    public func check(_ what: String, value: Double, stable: Double?) -> ThresholdOutcome {
        var violations: [String] = []
        var evidence: [String: JSONValue] = [
            "value": Figure.json(value), "stable": Figure.json(stable),
            "higherIsBetter": .bool(higherIsBetter), "limits": limitsEvidence,
        ]
        let scale = Swift.max(1, abs(value), abs(stable ?? 0))
        func below(_ x: Double, _ limit: Double) -> Bool { x < limit - 1e-9 * Swift.max(scale, abs(limit)) }
        func above(_ x: Double, _ limit: Double) -> Bool { x > limit + 1e-9 * Swift.max(scale, abs(limit)) }

        guard value.isFinite else {
            violations.append("\(what) is \(Figure.text(value)), not a finite number; no limit can be met")
            return outcome(violations, evidence, changeLimits: "not checked")
        }
        if let min, below(value, min) {
            violations.append("\(what) \(Figure.text(value)) is below min \(Figure.text(min))")
        }
        if let max, above(value, max) {
            violations.append("\(what) \(Figure.text(value)) is above max \(Figure.text(max))")
        }
        guard comparesWithStable else { return outcome(violations, evidence, changeLimits: "none set") }
        guard let stable else {
            switch firstRun {
            case .pass:
                evidence["note"] = .string("there is no stable yet and firstRun is pass, so the change limits were skipped")
                return outcome(violations, evidence, changeLimits: "skipped")
            case .fail:
                violations.append("there is no stable to compare \(what) with, and firstRun is fail: the change limits "
                                  + "(\(changeLimitNames.joined(separator: ", "))) cannot be met on a first run")
                return outcome(violations, evidence, changeLimits: "failed")
            }
        }
        guard stable.isFinite else {
            violations.append("stable's \(what) is \(Figure.text(stable)), not a finite number; the change limits cannot be checked")
            return outcome(violations, evidence, changeLimits: "not checked")
        }
        let change = higherIsBetter ? value - stable : stable - value
        evidence["change"] = Figure.json(change)
        let orientation = higherIsBetter ? "candidate − stable" : "stable − candidate, as lower is better"
        let figures = "(candidate \(Figure.text(value)), stable \(Figure.text(stable)); d = \(orientation))"
        if let minChange, below(change, minChange) {
            violations.append("change against stable \(Figure.text(change)) \(figures) is below minChange \(Figure.text(minChange))"
                              + Self.meaning(ofMinChange: minChange))
        }
        if let maxChange, above(change, maxChange) {
            violations.append("change against stable \(Figure.text(change)) \(figures) is above maxChange \(Figure.text(maxChange))")
        }
        let relativeNames = [("minRelativeChange", minRelativeChange), ("maxRelativeChange", maxRelativeChange)]
            .compactMap { name, limit in limit.map { "\(name) \(Figure.text($0))" } }
        guard !relativeNames.isEmpty else { return outcome(violations, evidence, changeLimits: "checked") }
        guard stable != 0 else {
            evidence["relativeChange"] = .null
            violations.append("the relative change against stable is undefined because stable's \(what) is 0, so "
                              + relativeNames.joined(separator: " and ") + " cannot be met")
            return outcome(violations, evidence, changeLimits: "checked")
        }
        let relative = change / abs(stable)
        evidence["relativeChange"] = Figure.json(relative)
        let relativeFigures = "(d / |stable| = \(Figure.text(change)) / \(Figure.text(abs(stable))))"
        if let minRelativeChange, relative < minRelativeChange - 1e-9 * Swift.max(1, abs(minRelativeChange)) {
            violations.append("relative change against stable \(Figure.text(relative)) \(relativeFigures) is below minRelativeChange \(Figure.text(minRelativeChange))")
        }
        if let maxRelativeChange, relative > maxRelativeChange + 1e-9 * Swift.max(1, abs(maxRelativeChange)) {
            violations.append("relative change against stable \(Figure.text(relative)) \(relativeFigures) is above maxRelativeChange \(Figure.text(maxRelativeChange))")
        }
        return outcome(violations, evidence, changeLimits: "checked")
    }

    private func outcome(_ violations: [String], _ evidence: [String: JSONValue], changeLimits: String) -> ThresholdOutcome {
        var evidence = evidence
        evidence["changeLimits"] = .string(changeLimits)
        evidence["passed"] = .bool(violations.isEmpty)
        evidence["violations"] = .array(violations.map(JSONValue.string))
        return ThresholdOutcome(violations: violations, evidence: .object(evidence))
    }

    /// What a minChange asks for, said after its violation.
    private static func meaning(ofMinChange limit: Double) -> String {
        if limit > 0 { return "; the candidate must improve on stable by at least \(Figure.text(limit))" }
        if limit < 0 { return "; the candidate may be worse than stable by at most \(Figure.text(-limit))" }
        return "; the candidate may not be worse than stable"
    }

    /// The limits that are set, as evidence.
    private var limitsEvidence: JSONValue {
        var limits: [String: JSONValue] = [:]
        for (name, limit) in [("min", min), ("max", max), ("minChange", minChange), ("maxChange", maxChange),
                              ("minRelativeChange", minRelativeChange), ("maxRelativeChange", maxRelativeChange)] {
            if let limit { limits[name] = Figure.json(limit) }
        }
        limits["firstRun"] = .string(firstRun.rawValue)
        return .object(limits)
    }

    /// The names of the change limits that are set, for sentences.
    private var changeLimitNames: [String] {
        [("minChange", minChange), ("maxChange", maxChange), ("minRelativeChange", minRelativeChange),
         ("maxRelativeChange", maxRelativeChange)].compactMap { $1 == nil ? nil : $0 }
    }
}
