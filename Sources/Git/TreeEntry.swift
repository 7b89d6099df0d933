import CGit2

/// One path in a commit's tree.
public struct TreeEntry: Hashable, Sendable {
    /// What a tree entry holds, from its git file mode.
    public enum Kind: String, Hashable, Sendable {
        case file, executable, symlink, submodule, directory
    }

    /// The path from the repository root, `/`-separated.
    public let path: String
    /// The blob id (for a submodule, the commit id it pins; for a directory, the tree id).
    public let id: ObjectID
    /// What the entry holds.
    public let kind: Kind

    /// Builds an entry.
    public init(path: String, id: ObjectID, kind: Kind) {
        self.path = path
        self.id = id
        self.kind = kind
    }

    /// The entry's name: the last component of its path.
    public var name: String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    /// The git file mode, as `git ls-tree` prints it (octal).
    public var mode: UInt32 {
        switch kind {
        case .file: 0o100644
        case .executable: 0o100755
        case .symlink: 0o120000
        case .submodule: 0o160000
        case .directory: 0o040000
        }
    }
}

extension TreeEntry.Kind {
    /// The kind for a libgit2 file mode; nil for modes git does not write.
    init?(_ mode: git_filemode_t) {
        switch mode {
        case GIT_FILEMODE_BLOB: self = .file
        case GIT_FILEMODE_BLOB_EXECUTABLE: self = .executable
        case GIT_FILEMODE_LINK: self = .symlink
        case GIT_FILEMODE_COMMIT: self = .submodule
        case GIT_FILEMODE_TREE: self = .directory
        default: return nil
        }
    }
}
