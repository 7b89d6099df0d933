import CGit2
import Foundation

extension Repository {
    /// Writes the files under `path` in commit `commit` into `folder`, so that a training command
    /// can run on them: executable bits are kept and symlinks stay symlinks. `folder` is created
    /// when missing and must be empty otherwise.
    ///
    /// Nothing is written outside `folder`: entry names `TreeRules` refuses fail the export before
    /// anything is written, as do symlinks that would point outside `folder`; every file, folder and
    /// symlink is created relative to a descriptor of its parent folder (`openat`, `mkdirat`,
    /// `symlinkat`), exclusively, and no path is followed through a symlink, even one made meanwhile.
    public func export(commit: ObjectID, path: String, to folder: String) throws {
        let subtree = Self.normalised(path)
        let operation = "export '\(subtree)' at \(commit.short) to \(folder)"
        func failure(_ message: String, hint: String? = nil) -> GitError {
            GitError(operation: operation, repository: self.path, message: message, hint: hint)
        }
        guard let root = try entry(at: commit, path: subtree), root.kind == .directory else {
            throw failure("there is no folder '\(subtree)' in commit \(commit.hex)", hint: "Check the path against `git ls-tree \(commit.short)`")
        }
        let prefix = subtree.isEmpty ? "" : subtree + "/"
        let entries = try files(at: commit, under: subtree).map {
            TreeEntry(path: String($0.path.dropFirst(prefix.count)), id: $0.id, kind: $0.kind)
        }
        // Every symlink is checked before the first write, so a refused commit leaves nothing behind.
        var destinations: [String: String] = [:]
        for entry in entries where entry.kind == .symlink {
            destinations[entry.path] = String(decoding: try readBlob(entry.id, operation), as: UTF8.self)
        }
        if let escaping = TreeRules.escapingSymlinks(under: "", in: destinations).first {
            throw failure("commit \(commit.hex): symlink '\(prefix)\(escaping.path)' points to '\(TreeRules.printable(escaping.target))', outside the exported folder",
                          hint: "Make the link relative and keep it inside '\(subtree.isEmpty ? "the repository" : subtree)'")
        }

        try prepareEmptyFolder(folder, failure)
        var tree = try ExportTree(root: folder, failure)
        defer { tree.close() }
        for entry in entries {
            let components = entry.path.split(separator: "/").map(String.init)
            let parent = try tree.folder(components.dropLast())
            let name = components[components.count - 1]
            switch entry.kind {
            case .file, .executable:
                try tree.writeFile(name, in: parent, shown: entry.path, bytes: try readBlob(entry.id, operation), mode: entry.kind == .executable ? 0o755 : 0o644)
            case .symlink:
                try tree.call("create symlink \(folder)/\(entry.path)") { symlinkat(destinations[entry.path] ?? "", parent, name) }
            case .submodule:
                // Submodules are not fetched; an empty folder stands in for one, as in a checkout.
                try tree.call("create folder \(folder)/\(entry.path)") { mkdirat(parent, name, 0o755) }
            case .directory:
                continue
            }
        }
    }

    private func prepareEmptyFolder(_ folder: String, _ failure: (String, String?) -> GitError) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw failure("\(folder) exists and is not a folder", "Export into an empty or missing folder") }
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            guard contents.isEmpty else {
                throw failure("\(folder) is not empty (it holds \(contents.count) entries)", "Export into an empty or missing folder")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw failure("cannot create folder \(folder): \(error.localizedDescription)", nil)
        }
    }
}

/// The folders of one export, each open as a descriptor, so that every entry is created relative to
/// its parent folder and never through a symlink. Confined to one `export` call.
private struct ExportTree {
    private let root: String
    private let failure: (String, String?) -> GitError
    /// Open folders by path relative to the root ("" is the root).
    private var open: [String: Int32] = [:]

    init(root: String, _ failure: @escaping (String, String?) -> GitError) throws {
        self.root = root
        self.failure = failure
        open[""] = try call("open \(root)") { Glibc.open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
    }

    /// Closes every folder opened.
    mutating func close() {
        for descriptor in open.values { Glibc.close(descriptor) }
        open = [:]
    }

    /// The descriptor of the folder at `components` under the root, made on the way when missing.
    mutating func folder(_ components: ArraySlice<String>) throws -> Int32 {
        var path = ""
        var descriptor = open[""]!
        for name in components {
            // The names were checked when the tree was read; this keeps the export safe on its own.
            guard TreeRules.refusal(ofName: Array(name.utf8), kind: .directory) == nil else {
                throw failure("refusing to create '\(TreeRules.printable(path + name))' in \(root)", nil)
            }
            path += path.isEmpty ? name : "/" + name
            if let known = open[path] {
                descriptor = known
                continue
            }
            let parent = descriptor
            if mkdirat(parent, name, 0o755) != 0 {
                let code = errno
                guard code == EEXIST else { throw failure("cannot create folder \(root)/\(path): \(String(cString: strerror(code)))", nil) }
            }
            // O_NOFOLLOW with O_DIRECTORY: a symlink (made by the tree or by anyone else) is an error, not a way out.
            descriptor = try call("open folder \(root)/\(path)") { openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
            open[path] = descriptor
        }
        return descriptor
    }

    /// Creates `name` in folder `parent` (`shown` is its path from the root, for errors) with exactly
    /// `mode` (the umask does not apply) and writes `bytes`.
    func writeFile(_ name: String, in parent: Int32, shown: String, bytes: [UInt8], mode: mode_t) throws {
        let file = "\(root)/\(TreeRules.printable(shown))"
        let descriptor = try call("create \(file)") { openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode) }
        defer { Glibc.close(descriptor) }
        try call("set the mode of \(file)") { fchmod(descriptor, mode) }
        var written = 0
        while written < bytes.count {
            let count = try call("write \(file)") {
                bytes.withUnsafeBytes { Int32(clamping: Glibc.write(descriptor, $0.baseAddress! + written, min(bytes.count - written, 1 << 30))) }
            }
            written += Int(count)
        }
    }

    /// Runs one system call, retrying `EINTR`; a result of -1 becomes a `GitError` with errno, read at once.
    @discardableResult
    func call(_ what: @autoclosure () -> String, _ body: () -> Int32) throws -> Int32 {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw failure("cannot \(what()): \(String(cString: strerror(code)))", nil)
        }
    }
}
