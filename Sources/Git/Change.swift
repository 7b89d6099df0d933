/// How one path differs between two commits' trees.
public struct Change: Hashable, Sendable {
    /// What happened to the path.
    public enum Kind: String, Hashable, Sendable {
        /// The path is new.
        case added
        /// The path is gone.
        case deleted
        /// The contents or the executable bit changed.
        case modified
        /// The entry changed kind, e.g. a file became a symlink.
        case typeChanged
    }

    /// What happened.
    public let kind: Kind
    /// The path from the repository root. Renames are not detected: a rename is a deletion and an addition.
    public let path: String
    /// The entry before; nil for an addition.
    public let old: TreeEntry?
    /// The entry after; nil for a deletion.
    public let new: TreeEntry?

    /// Builds a change.
    public init(kind: Kind, path: String, old: TreeEntry?, new: TreeEntry?) {
        self.kind = kind
        self.path = path
        self.old = old
        self.new = new
    }
}
