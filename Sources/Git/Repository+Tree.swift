import CGit2
import Glibc

extension Repository {
    /// Every file, symlink and submodule under `path` in commit `commit`, recursively, in git's
    /// tree order; paths are relative to the repository root. Empty when `path` does not exist.
    /// Throws when the walk meets an entry `TreeRules` refuses.
    public func files(at commit: ObjectID, under path: String = "") throws -> [TreeEntry] {
        let operation = "list files under '\(path)' at \(commit.short)"
        var entries: [TreeEntry] = []
        try walk(commit, under: path, operation, refuse: refusing(commit, operation)) { entries.append($0) }
        return entries
    }

    /// The files under `path` (paths from the repository root) for which `include(path)` is true,
    /// with their contents, read in one pass straight from the object database.
    public func readFiles(at commit: ObjectID, under path: String = "", where include: @Sendable (String) -> Bool) throws -> [TreeFile] {
        let operation = "read files under '\(path)' at \(commit.short)"
        var files: [TreeFile] = []
        try walk(commit, under: path, operation, refuse: refusing(commit, operation)) { entry in
            guard entry.kind != .submodule, include(entry.path) else { return }
            files.append(TreeFile(entry: entry, bytes: try readBlob(entry.id, operation)))
        }
        return files
    }

    /// Every entry under `path` (as `files` lists them) and, in the same walk, the contents of those
    /// for which `include(path)` is true: one pass where listing and reading would take two.
    /// Entries `TreeRules` refuses are not thrown but returned in `refused`, so that a caller can tell
    /// whom they concern; nothing under a refused folder is listed.
    public func listAndRead(at commit: ObjectID, under path: String = "", where include: @Sendable (String) -> Bool) throws
        -> (entries: [TreeEntry], files: [TreeFile], refused: [RefusedEntry]) {
        let operation = "read files under '\(path)' at \(commit.short)"
        var entries: [TreeEntry] = []
        var files: [TreeFile] = []
        var refused: [RefusedEntry] = []
        try walk(commit, under: path, operation, refuse: { refused.append($0) }) { entry in
            entries.append(entry)
            guard entry.kind != .submodule, include(entry.path) else { return }
            files.append(TreeFile(entry: entry, bytes: try readBlob(entry.id, operation)))
        }
        return (entries, files, refused)
    }

    /// The files at exactly `paths` in commit `commit`, looked up one by one; missing paths are left out.
    /// Cheaper than a walk when the paths are few.
    public func readFiles(at commit: ObjectID, paths: some Sequence<String>) throws -> [TreeFile] {
        try paths.compactMap { path in
            guard let entry = try entry(at: commit, path: path), entry.kind == .file || entry.kind == .executable else { return nil }
            return TreeFile(entry: entry, bytes: try readBlob(entry.id, "read '\(path)' at \(commit.short)"))
        }
    }

    /// The id of the tree at `path` in commit `commit` ("" is the root); nil when there is none.
    public func treeID(at commit: ObjectID, path: String) throws -> ObjectID? {
        let path = Self.normalised(path)
        if path.isEmpty {
            return try withRootTree(of: commit, "read the root tree of \(commit.short)") { ObjectID(git_tree_id($0).pointee) }
        }
        guard let entry = try entry(at: commit, path: path), entry.kind == .directory else { return nil }
        return entry.id
    }

    /// The entry at `path` in commit `commit` (a file, symlink, submodule or directory); nil when missing.
    public func entry(at commit: ObjectID, path: String) throws -> TreeEntry? {
        let path = Self.normalised(path)
        let operation = "look up '\(path)' at \(commit.short)"
        guard !path.isEmpty else {
            return try withRootTree(of: commit, operation) { TreeEntry(path: "", id: ObjectID(git_tree_id($0).pointee), kind: .directory) }
        }
        return try withRootTree(of: commit, operation) { root in try lookUp(path, in: root, operation) }
    }

    /// The bytes of blob `id`.
    public func blob(_ id: ObjectID) throws -> [UInt8] {
        try readBlob(id, "read blob \(id.short)")
    }

    /// Reads a blob straight from the object database, skipping the repository's object cache.
    func readBlob(_ id: ObjectID, _ operation: @autoclosure () -> String) throws -> [UInt8] {
        var oid = id.oid
        return try with(operation(), make: { git_odb_read(&$0, handle.odb, &oid) }, free: git_odb_object_free) { object in
            guard git_odb_object_type(object) == GIT_OBJECT_BLOB else {
                throw GitError(operation: operation(), repository: path, message: "object \(id.hex) is not a blob")
            }
            let size = git_odb_object_size(object)
            guard size > 0, let data = git_odb_object_data(object) else { return [] }
            return Array(UnsafeRawBufferPointer(start: data, count: size))
        }
    }

    /// Calls `visit` for every non-directory entry under `path`, depth first in tree order, and
    /// `refuse` for every entry `TreeRules` refuses (which is neither visited nor entered).
    func walk(_ commit: ObjectID, under path: String, _ operation: String, refuse: (RefusedEntry) throws -> Void,
              _ visit: (TreeEntry) throws -> Void) throws {
        let path = Self.normalised(path)
        try withRootTree(of: commit, operation) { root in
            if path.isEmpty {
                return try walk(root, prefix: "", operation, refuse, visit)
            }
            guard let start = try lookUp(path, in: root, operation) else { return }
            guard start.kind == .directory else { return try visit(start) }
            var oid = start.id.oid
            try with(operation, make: { git_tree_lookup(&$0, handle.pointer, &oid) }, free: git_tree_free) { tree in
                try walk(tree, prefix: path + "/", operation, refuse, visit)
            }
        }
    }

    /// A `refuse` for `walk` that throws at the first refused entry.
    func refusing(_ commit: ObjectID, _ operation: String) -> (RefusedEntry) throws -> Void {
        { refused in
            throw GitError(operation: operation, repository: self.path, message: "commit \(commit.hex) holds \(refused)",
                           hint: "Remove or rename it in a new commit; Slipway does not export a commit that holds it")
        }
    }

    private func walk(_ tree: OpaquePointer, prefix: String, _ operation: String, _ refuse: (RefusedEntry) throws -> Void,
                      _ visit: (TreeEntry) throws -> Void) throws {
        let raws = (0..<git_tree_entrycount(tree)).compactMap { git_tree_entry_byindex(tree, $0) }
        let names = raws.map { Self.nameBytes($0) }
        let collisions = TreeRules.collisions(in: names.map { String(decoding: $0, as: UTF8.self) })
        for (index, raw) in raws.enumerated() {
            let kind = TreeEntry.Kind(git_tree_entry_filemode(raw))
            let shown = prefix + TreeRules.printable(String(decoding: names[index], as: UTF8.self))
            if let reason = kind.flatMap({ TreeRules.refusal(ofName: names[index], kind: $0) }) ?? collisions[index] {
                try refuse(RefusedEntry(path: shown, reason: reason))
                continue
            }
            let entry = try Self.entry(raw, prefix: prefix, operation, in: path)
            guard entry.kind == .directory else {
                try visit(entry)
                continue
            }
            var oid = entry.id.oid
            try with(operation, make: { git_tree_lookup(&$0, handle.pointer, &oid) }, free: git_tree_free) { subtree in
                try walk(subtree, prefix: entry.path + "/", operation, refuse, visit)
            }
        }
    }

    /// The raw bytes of a tree entry's name, as git stored them.
    private static func nameBytes(_ raw: OpaquePointer) -> [UInt8] {
        guard let name = git_tree_entry_name(raw) else { return [] }
        return Array(UnsafeRawBufferPointer(start: name, count: strlen(name)))
    }

    private func lookUp(_ path: String, in root: OpaquePointer, _ operation: String) throws -> TreeEntry? {
        // libgit2 splits the path at '/' and matches each component as a name, so a component a
        // walk would refuse (`..`, `.git`) must not be found this way either.
        for component in path.split(separator: "/") {
            if let reason = TreeRules.refusal(ofName: Array(component.utf8), kind: .directory) {
                throw GitError(operation: operation, repository: self.path,
                               message: "path '\(TreeRules.printable(path))' has a component Slipway refuses: \(reason)")
            }
        }
        do {
            return try with(operation, make: { git_tree_entry_bypath(&$0, root, path) }, free: git_tree_entry_free) { raw in
                var entry = try Self.entry(raw, prefix: "", operation, in: self.path)
                entry = TreeEntry(path: path, id: entry.id, kind: entry.kind)
                return entry
            }
        } catch let error as GitError where error.isNotFound {
            return nil
        }
    }

    /// Copies a libgit2 tree entry, refusing file modes git itself never writes.
    private static func entry(_ raw: OpaquePointer, prefix: String, _ operation: String, in repository: String) throws -> TreeEntry {
        let name = String(cString: git_tree_entry_name(raw))
        guard let kind = TreeEntry.Kind(git_tree_entry_filemode(raw)) else {
            throw GitError(
                operation: operation, repository: repository,
                message: "tree entry '\(prefix)\(name)' has an unknown file mode \(String(git_tree_entry_filemode(raw).rawValue, radix: 8))")
        }
        return TreeEntry(path: prefix + name, id: ObjectID(git_tree_entry_id(raw).pointee), kind: kind)
    }

    /// A path without leading or trailing slashes; "" and "." mean the root.
    static func normalised(_ path: String) -> String {
        let trimmed = path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        return trimmed == "." ? "" : trimmed
    }
}
