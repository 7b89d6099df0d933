import Pipelines

/// What checking one value against a `Threshold` found: every limit broken, and the figures.
public struct ThresholdOutcome: Sendable, Equatable {
    /// One sentence per broken limit, with the numbers; empty when the value passed.
    public var violations: [String]
    /// The value, stable's value, the change, the limits and what was checked.
    public var evidence: JSONValue

    /// Whether no limit was broken.
    public var passed: Bool { violations.isEmpty }
}
