import Git

/// The commit whose manifests are being reconciled, with the name it was asked for by.
public struct Revision: Sendable, Hashable, CustomStringConvertible {
    /// What the user named: a branch, a tag or a commit id.
    public var name: String
    public var commit: ObjectID

    public init(name: String, commit: ObjectID) {
        self.name = name
        self.commit = commit
    }

    public var description: String { name == commit.hex ? commit.short : "\(name) (\(commit.short))" }
}
