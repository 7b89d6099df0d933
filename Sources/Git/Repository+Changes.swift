import CGit2

extension Repository {
    /// The paths that differ between the trees of commits `from` and `to`, recursively, without
    /// rename detection, in path order.
    public func changes(from: ObjectID, to: ObjectID) throws -> [Change] {
        let operation = "compare \(from.short) with \(to.short)"
        return try withRootTree(of: from, operation) { old in
            try withRootTree(of: to, operation) { new in
                var options = git_diff_options()
                try call(operation) { git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)) }
                // Without this flag a file that becomes a symlink shows up as a modification.
                options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
                return try with(operation, make: { git_diff_tree_to_tree(&$0, handle.pointer, old, new, &options) }, free: git_diff_free) { diff in
                    try (0..<git_diff_num_deltas(diff)).compactMap { index in
                        guard let delta = git_diff_get_delta(diff, index)?.pointee else { return nil }
                        return try change(delta, operation)
                    }
                }
            }
        }
    }

    private func change(_ delta: git_diff_delta, _ operation: String) throws -> Change {
        let kind: Change.Kind
        switch delta.status {
        case GIT_DELTA_ADDED: kind = .added
        case GIT_DELTA_DELETED: kind = .deleted
        case GIT_DELTA_MODIFIED: kind = .modified
        case GIT_DELTA_TYPECHANGE: kind = .typeChanged
        default:
            throw GitError(operation: operation, repository: path, message: "unexpected diff status \(delta.status.rawValue) for '\(String(cString: delta.new_file.path))'")
        }
        let old = kind == .added ? nil : try entry(delta.old_file, operation)
        let new = kind == .deleted ? nil : try entry(delta.new_file, operation)
        return Change(kind: kind, path: (new ?? old)?.path ?? "", old: old, new: new)
    }

    private func entry(_ file: git_diff_file, _ operation: String) throws -> TreeEntry {
        let path = String(cString: file.path)
        guard let kind = TreeEntry.Kind(git_filemode_t(UInt32(file.mode))) else {
            throw GitError(operation: operation, repository: self.path, message: "'\(path)' has an unknown file mode \(String(file.mode, radix: 8))")
        }
        return TreeEntry(path: path, id: ObjectID(file.id), kind: kind)
    }
}
