import Journal

/// One gate's verdict on one candidate, with its evidence: the record reviewers read.
public struct GateFinished: Event, Equatable {
    public static let type = "gate.finished"
    public var model: String
    public var candidate: Candidate
    public var result: GateResult

    public init(model: String, candidate: Candidate, result: GateResult) {
        self.model = model
        self.candidate = candidate
        self.result = result
    }
}
