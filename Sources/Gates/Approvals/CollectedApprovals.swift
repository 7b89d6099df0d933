/// The approvals gathered for a revision: the records whose origin checked out, and the ones
/// refused on the way (unsigned, signed by a stranger, …), each with its reason.
public struct CollectedApprovals: Sendable, Equatable {
    public var records: [ApprovalRecord]
    public var refusals: [ApprovalRefusal]

    public init(records: [ApprovalRecord] = [], refusals: [ApprovalRefusal] = []) {
        self.records = records
        self.refusals = refusals
    }

    /// These approvals and the API sign-offs `signOffs` together.
    public func adding(_ signOffs: [ApprovalRecord]) -> CollectedApprovals {
        CollectedApprovals(records: records + signOffs, refusals: refusals)
    }
}
