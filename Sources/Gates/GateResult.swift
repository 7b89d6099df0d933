import Foundation
import Pipelines

/// One gate's verdict on one candidate, with everything it measured.
public struct GateResult: Codable, Sendable, Equatable {
    /// The gate's name in the manifest.
    public var gate: String
    /// The gate's type (`command`, `baseline`, …).
    public var kind: String
    public var verdict: GateVerdict
    /// One line a reviewer reads first: why the verdict is what it is.
    public var reason: String
    /// Every figure the gate measured, as JSON; kept with the run in the journal.
    public var evidence: JSONValue
    /// Each limit the candidate broke, in words (all of them, not only the first).
    public var violations: [String]
    /// Seconds the gate took.
    public var seconds: Double
    /// The digest of the gate's definition the verdict is for (`GateSpec.specDigest`). Absent from
    /// verdicts journaled before it was recorded; those count as for the gate's current definition.
    public var specDigest: String?

    public init(gate: String, kind: String, verdict: GateVerdict, reason: String,
                evidence: JSONValue = .object([:]), violations: [String] = [], seconds: Double = 0) {
        self.gate = gate
        self.kind = kind
        self.verdict = verdict
        self.reason = reason
        self.evidence = evidence
        self.violations = violations
        self.seconds = seconds
    }
}
