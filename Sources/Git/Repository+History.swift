extension Repository {
    /// The commit that gave `path` the content it has at `commit`: the walk goes back through
    /// parents that hold the same entry (as `git log` simplifies history), so a merge that only
    /// brought the file in is passed over for the commit that wrote it. Nil when `commit` has no
    /// file at `path`.
    public func lastChange(of path: String, from commit: ObjectID) throws -> ObjectID? {
        guard let entry = try entry(at: commit, path: path) else { return nil }
        var current = commit
        walk: while true {
            for parent in try self.commit(current).parents {
                if let before = try self.entry(at: parent, path: path), before.id == entry.id, before.kind == entry.kind {
                    current = parent
                    continue walk
                }
            }
            return current
        }
    }
}
