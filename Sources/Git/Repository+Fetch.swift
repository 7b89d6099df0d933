import CGit2

extension Repository {
    /// Brings the mirror up to date: every remote ref is copied, forced, so a rewritten history
    /// is taken; refs deleted on the remote are deleted here. Returns the refs that moved.
    public func fetch() throws -> [RefUpdate] {
        let operation = "fetch into the mirror"
        let before = try references()
        do {
            try withMirrorRemote(operation) { remote in
                try Self.connect(remote, path, operation)
                defer { git_remote_disconnect(remote) }
                var options = git_fetch_options()
                try call(operation) { git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)) }
                options.prune = GIT_FETCH_PRUNE
                let attempts = UnsafeMutablePointer<Int>.allocate(capacity: 1)
                defer { attempts.deallocate() }
                Credential.install(in: &options.callbacks, attempts: attempts)
                try call(operation) { git_remote_fetch(remote, nil, &options, "slipway: fetch") }
                try Self.followHead(of: remote, in: handle.pointer, at: path, operation)
            }
        } catch let error as GitError where error.isTransient {
            throw error.with(hint: "Check that the remote is reachable; Slipway retries later")
        }
        let after = try references()
        var updates: [RefUpdate] = []
        for name in Set(before.keys).union(after.keys).sorted() {
            let old = before[name], new = after[name]
            guard old != new else { continue }
            var forced = false
            if let old, let new, name.hasPrefix("refs/heads/") {
                forced = try !isDescendant(new, of: old, operation)
            }
            updates.append(RefUpdate(name: name, old: old, new: new, isForced: forced))
        }
        return updates
    }

    private func isDescendant(_ commit: ObjectID, of ancestor: ObjectID, _ operation: String) throws -> Bool {
        var commitOID = commit.oid, ancestorOID = ancestor.oid
        return try call(operation) { git_graph_descendant_of(handle.pointer, &commitOID, &ancestorOID) } == 1
    }
}
