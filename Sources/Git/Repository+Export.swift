import CGit2
import Foundation

extension Repository {
    /// Writes the files under `path` in commit `commit` into `folder`, so that a training command
    /// can run on them: executable bits are kept and symlinks stay symlinks. `folder` is created
    /// when missing and must be empty otherwise; symlinks that would point outside it are refused.
    public func export(commit: ObjectID, path: String, to folder: String) throws {
        let subtree = Self.normalised(path)
        let operation = "export '\(subtree)' at \(commit.short) to \(folder)"
        func failure(_ message: String, hint: String? = nil) -> GitError {
            GitError(operation: operation, repository: self.path, message: message, hint: hint)
        }
        guard let root = try entry(at: commit, path: subtree), root.kind == .directory else {
            throw failure("there is no folder '\(subtree)' in commit \(commit.hex)", hint: "Check the path against `git ls-tree \(commit.short)`")
        }
        try prepareEmptyFolder(folder, failure)
        let prefix = subtree.isEmpty ? "" : subtree + "/"
        let entries = try files(at: commit, under: subtree).map {
            TreeEntry(path: String($0.path.dropFirst(prefix.count)), id: $0.id, kind: $0.kind)
        }
        let symlinks = Set(entries.filter { $0.kind == .symlink }.map(\.path))
        for entry in entries {
            let target = folder + "/" + entry.path
            if let slash = entry.path.lastIndex(of: "/") {
                try createFolder(folder + "/" + entry.path[..<slash], failure)
            }
            switch entry.kind {
            case .file, .executable:
                try write(try readBlob(entry.id, operation), to: target, mode: entry.kind == .executable ? 0o755 : 0o644, failure)
            case .symlink:
                let destination = String(decoding: try readBlob(entry.id, operation), as: UTF8.self)
                guard Self.staysInside(link: entry.path, destination: destination, symlinks: symlinks) else {
                    throw failure("symlink '\(prefix)\(entry.path)' points to '\(destination)', outside the exported folder",
                                  hint: "Make the link relative and keep it inside '\(subtree.isEmpty ? "the repository" : subtree)'")
                }
                guard symlink(destination, target) == 0 else { throw failure("cannot create symlink \(target): \(Self.lastErrno())") }
            case .submodule:
                // Submodules are not fetched; an empty folder stands in for one, as in a checkout.
                try createFolder(target, failure)
            case .directory:
                continue
            }
        }
    }

    /// Whether a symlink at `link` (relative to the export root) to `destination` resolves inside
    /// the root. Resolution is lexical, which matches the file system only while no `..` follows
    /// a symlink, so a destination that passes through another exported symlink is refused.
    static func staysInside(link: String, destination: String, symlinks: Set<String>) -> Bool {
        guard !destination.isEmpty, !destination.hasPrefix("/") else { return false }
        var components = link.split(separator: "/").dropLast().map(String.init)
        let steps = destination.split(separator: "/", omittingEmptySubsequences: true)
        for (index, step) in steps.enumerated() {
            switch step {
            case ".": continue
            case "..":
                guard !components.isEmpty else { return false }
                components.removeLast()
            default:
                components.append(String(step))
                if index < steps.count - 1, symlinks.contains(components.joined(separator: "/")) { return false }
            }
        }
        return true
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
        try createFolder(folder, failure)
    }

    private func createFolder(_ folder: String, _ failure: (String, String?) -> GitError) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw failure("cannot create folder \(folder): \(error.localizedDescription)", nil)
        }
    }

    /// Writes a new file with exactly `mode` (the umask does not apply), never through a symlink.
    private func write(_ bytes: [UInt8], to file: String, mode: mode_t, _ failure: (String, String?) -> GitError) throws {
        let descriptor = Glibc.open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw failure("cannot create \(file): \(Self.lastErrno())", nil) }
        defer { close(descriptor) }
        guard fchmod(descriptor, mode) == 0 else { throw failure("cannot set the mode of \(file): \(Self.lastErrno())", nil) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                throw failure("cannot write \(file): \(Self.lastErrno())", nil)
            }
            written += result
        }
    }

    private static func lastErrno() -> String { String(cString: strerror(errno)) }
}
