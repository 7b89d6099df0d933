import Foundation
import Git
import Manifests
import Pipelines

/// Reads the manifests of a repository, from a commit (the daemon's and `plan`'s way) or from
/// folders and files on disk (what `validate` does in a pull request's checkout).
public enum ManifestSource {
    /// Every manifest at `commit`, read straight from git objects, checked with the files of that commit.
    public static func catalog(of repository: Repository, at commit: ObjectID) async throws -> Catalog {
        let snapshot = try await Snapshot.read(repository, at: commit)
        return snapshot.catalog()
    }

    /// The manifest files and the paths of one commit.
    public struct Snapshot: Sendable {
        public var commit: ObjectID
        /// The recursive listing of the commit, without the entries it refuses.
        public var entries: [TreeEntry]
        /// Every file path of the commit.
        public var paths: Set<String>
        /// Candidate manifest files (by name), with their blob ids and contents (text, or why it is not UTF-8).
        public var files: [(blob: ObjectID, source: SourceFile)]
        /// Where each symlink of the commit points, by path.
        public var symlinks: [String: String]
        /// The tree entries the commit holds that Slipway refuses (`TreeRules`); nothing under them was read.
        public var refused: [RefusedEntry]

        public static func read(_ repository: Repository, at commit: ObjectID) async throws -> Snapshot {
            let (entries, manifests, refused) = try await repository.listAndRead(at: commit, where: isManifestCandidate)
            var symlinks: [String: String] = [:]
            for entry in entries where entry.kind == .symlink {
                symlinks[entry.path] = String(decoding: try await repository.blob(entry.id), as: UTF8.self)
            }
            return Snapshot(commit: commit, entries: entries, paths: Set(entries.map(\.path)),
                            files: manifests.map { ($0.entry.id, SourceFile(path: $0.entry.path, bytes: $0.bytes)) },
                            symlinks: symlinks, refused: refused)
        }

        /// The commit's manifests, checked against its files (unless `checkFiles` is false) and with
        /// every refused tree entry reported at its path.
        public func catalog(checkFiles: Bool = true) -> Catalog {
            let sources = files.map(\.source)
            var catalog = checkFiles
                ? Catalog.load(sources, fileExists: { paths.contains($0) }, symlinkTarget: { symlinks[$0] })
                : Catalog.load(sources)
            var found = ManifestSource.diagnostics(for: refused, at: commit)
            for manifest in catalog.manifests where checkFiles {
                guard case .model(let model) = manifest.body else { continue }
                found += TreeRules.escapingSymlinks(under: model.folder, in: symlinks).map { link in
                    Diagnostic(file: manifest.file, location: manifest.metadata.nameLocation,
                               message: "model '\(model.name)': \(DesiredState.escapeMessage(link, folder: model.folder))",
                               hint: "make the link relative and keep it inside the model's folder, or commit the file itself")
                }
            }
            catalog.report(found)
            return catalog
        }
    }

    /// Refused tree entries as errors at their paths (line 1, column 1: a tree entry has no text).
    public static func diagnostics(for refused: [RefusedEntry], at commit: ObjectID) -> [Diagnostic] {
        refused.map {
            Diagnostic(file: $0.path, location: SourceLocation(line: 1, column: 1),
                       message: "commit \(commit.short) holds a tree entry Slipway refuses: \($0.reason)",
                       hint: "remove or rename it in a new commit; nothing under it is read, and a model whose folder holds it is not trained")
        }
    }

    /// Reads files and folders on disk. Folders are searched for `*.yaml`, `*.yml` and `*.json`,
    /// skipping hidden folders and build output. Paths inside manifests resolve against the
    /// enclosing git work tree (or the folder given, outside one).
    public static func catalog(paths: [String], checkFiles: Bool = true) throws -> Catalog {
        var sources: [SourceFile] = []
        var display: [String: String] = [:]
        var roots: [String: String] = [:]
        for argument in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) else {
                throw ManifestSourceError(message: "'\(argument)' does not exist")
            }
            let absolute = URL(fileURLWithPath: argument).standardizedFileURL.path
            let root = workTreeRoot(containing: isFolder.boolValue ? absolute : (absolute as NSString).deletingLastPathComponent)
                ?? (isFolder.boolValue ? absolute : (absolute as NSString).deletingLastPathComponent)
            let files = isFolder.boolValue ? try manifestFiles(under: absolute) : [absolute]
            for file in files {
                let relative = String(file.dropFirst(root.count)).drop(while: { $0 == "/" })
                let repoPath = String(relative)
                guard display[repoPath] == nil else { continue }
                guard let contents = FileManager.default.contents(atPath: file) else {
                    throw ManifestSourceError(message: "cannot read '\(file)'; check its permissions")
                }
                sources.append(SourceFile(path: repoPath, bytes: Array(contents)))
                display[repoPath] = displayPath(file, argument: argument, absoluteArgument: absolute, isFolder: isFolder.boolValue)
                roots[repoPath] = root
            }
        }
        let rootList = Array(Set(roots.values))
        var catalog = Catalog.load(sources, fileExists: checkFiles ? { path in
            rootList.contains { FileManager.default.fileExists(atPath: $0 + "/" + path) }
        } : nil, symlinkTarget: checkFiles ? { path in
            rootList.lazy.compactMap { symlinkOnTheWay(to: path, under: $0) }.first
        } : nil)
        catalog.renameFiles { display[$0] ?? $0 }
        return catalog
    }

    /// Files under `folder` that may be manifests, in a stable order.
    static func manifestFiles(under folder: String) throws -> [String] {
        guard let walker = FileManager.default.enumerator(at: URL(fileURLWithPath: folder),
                                                          includingPropertiesForKeys: [.isDirectoryKey, .isRegularFileKey]) else {
            throw ManifestSourceError(message: "cannot list '\(folder)'")
        }
        var found: [String] = []
        for case let url as URL in walker {
            let name = url.lastPathComponent
            let values = try? url.resourceValues(forKeys: [.isDirectoryKey, .isRegularFileKey])
            if values?.isDirectory == true {
                if name.hasPrefix(".") || name == "node_modules" { walker.skipDescendants() }
                continue
            }
            if values?.isRegularFile == true, SourceFile.isCandidate(name), !name.hasPrefix(".") {
                found.append(url.standardizedFileURL.path)
            }
        }
        return found.sorted()
    }

    /// Whether a path may hold manifests: a `.yaml`, `.yml` or `.json` file outside hidden folders.
    @Sendable static func isManifestCandidate(_ path: String) -> Bool {
        SourceFile.isCandidate(path) && !isHidden(path)
    }

    /// Whether any component of `path` starts with a dot.
    static func isHidden(_ path: String) -> Bool {
        var atComponentStart = true
        for byte in path.utf8 {
            if atComponentStart && byte == UInt8(ascii: ".") { return true }
            atComponentStart = byte == UInt8(ascii: "/")
        }
        return false
    }

    /// Where the first symlink on the way from `root` to `root/path` points, if any component is one:
    /// a checkout's `data -> /etc` makes `data/passwd` exist, though no such file was committed.
    static func symlinkOnTheWay(to path: String, under root: String) -> String? {
        var current = root
        for component in path.split(separator: "/") {
            current += "/" + component
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) { return target }
        }
        return nil
    }

    /// The nearest folder at or above `folder` that holds `.git`.
    static func workTreeRoot(containing folder: String) -> String? {
        var current = folder
        while true {
            if FileManager.default.fileExists(atPath: current + "/.git") { return current }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return nil }
            current = parent
        }
    }

    /// The path to show for `file`: under the argument as the user typed it.
    private static func displayPath(_ file: String, argument: String, absoluteArgument: String, isFolder: Bool) -> String {
        guard isFolder else { return argument }
        let inside = file.dropFirst(absoluteArgument.count).drop(while: { $0 == "/" })
        let base = argument.hasSuffix("/") ? String(argument.dropLast()) : argument
        return base == "." ? String(inside) : base + "/" + inside
    }
}

/// A path given to `validate` that cannot be read.
public struct ManifestSourceError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
