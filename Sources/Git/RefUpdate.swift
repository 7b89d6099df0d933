/// A ref that a fetch created, moved or deleted.
public struct RefUpdate: Hashable, Sendable {
    /// The full ref name, e.g. `refs/heads/main`.
    public let name: String
    /// Where the ref pointed before; nil when the fetch created it.
    public let old: ObjectID?
    /// Where the ref points now; nil when the fetch deleted (pruned) it.
    public let new: ObjectID?
    /// True when the branch moved to a commit that does not descend from the old one: its
    /// history was rewritten (force-pushed).
    public let isForced: Bool

    /// Builds an update.
    public init(name: String, old: ObjectID?, new: ObjectID?, isForced: Bool = false) {
        self.name = name
        self.old = old
        self.new = new
        self.isForced = isForced
    }
}
