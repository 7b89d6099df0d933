import Foundation
import Glibc
import Processes

/// Content-addressed, read-only run outputs under `<state>/artifacts/sha256-<hex>/`.
///
/// An artifact appears under its final name only by a rename of a complete, fsynced, read-only
/// folder, and leaves it the same way before it is deleted, so a present name is always whole.
public struct ArtifactStore: Sendable {
    /// The folder that holds the artifacts.
    public let root: String

    /// The store of the state folder `stateFolder`.
    public init(stateFolder: String) {
        root = (stateFolder as NSString).appendingPathComponent("artifacts")
    }

    /// The digest of a folder: the SHA-256 of its canonical listing (see `FolderListing`).
    public static func digest(ofFolder path: String) throws -> Digest {
        try FolderListing(root: path).digest(root: path)
    }

    /// Where the artifact `digest` lives (whether or not it is stored).
    public func path(for digest: Digest) -> String {
        (root as NSString).appendingPathComponent("sha256-" + digest.hex)
    }

    /// Whether the artifact `digest` is stored.
    public func contains(_ digest: Digest) -> Bool {
        var info = stat()
        return lstat(path(for: digest), &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The stored artifacts, in digest order.
    public func list() throws -> [Digest] {
        guard access(root, F_OK) == 0 else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: root).compactMap { name in
            name.hasPrefix("sha256-") ? Digest(String(name.dropFirst("sha256-".count))) : nil
        }.sorted()
    }

    /// Stores the run output in `folder` and returns its digest; storing content already there changes nothing.
    ///
    /// The folder is copied, or with `moving` renamed into the store (copied and then removed when
    /// it is on another file system). The digest is taken of what landed in the store.
    @discardableResult
    public func store(folder: String, moving: Bool = false) throws -> Digest {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let staging = (root as NSString)
            .appendingPathComponent(".staging-\(getpid())-\(UInt32.random(in: .min ... .max))")
        // Refuses a tree the store cannot hold before anything is moved.
        _ = try FolderListing(root: folder)
        let moved = moving && rename(folder, staging) == 0
        do {
            if moved {
                try FileDescriptor.syncFolder((folder as NSString).deletingLastPathComponent)
            } else {
                try ArtifactStore.copy(folder, to: staging)
            }
            let digest = try settle(staging)
            if moving && !moved { try ArtifactStore.remove(folder) }
            return digest
        } catch {
            // A moved output stays in staging on failure rather than being lost with it.
            if !moved { try? ArtifactStore.remove(staging) }
            throw error
        }
    }

    /// Digests the complete tree at `staging` and renames it, sealed, to its name; drops it when the name exists.
    private func settle(_ staging: String) throws -> Digest {
        let digest = try ArtifactStore.digest(ofFolder: staging)
        let destination = path(for: digest)
        if contains(digest) {
            try ArtifactStore.remove(staging)
            return digest
        }
        try ArtifactStore.seal(staging)
        do {
            try SystemCall.checked("rename \(destination)") { rename(staging, destination) }
        } catch {
            // Another store of the same content won the race; the artifact is there and whole.
            guard (error.code == ENOTEMPTY || error.code == EEXIST) && contains(digest) else { throw error }
            try ArtifactStore.remove(staging)
            return digest
        }
        try FileDescriptor.syncFolder(root)
        return digest
    }

    /// Removes the staging folders a store cut short by a crash left behind (`.staging-*`); only for
    /// the process that holds the state folder, when it stores nothing itself. Returns their names.
    @discardableResult
    public func removeLeftoverStaging(dryRun: Bool = false) -> [String] {
        let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { $0.hasPrefix(".staging-") }.sorted()
        if !dryRun {
            for name in leftovers {
                let path = root + "/" + name
                // Stored folders are read-only: make them writable again so they can be removed.
                if let walker = FileManager.default.enumerator(atPath: path) {
                    for case let item as String in walker { chmod(path + "/" + item, 0o700) }
                }
                chmod(path, 0o700)
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        return leftovers
    }

    /// Removes the artifacts not in `referenced` and returns them; with `dryRun` (the default) only returns them.
    @discardableResult
    public func collectGarbage(keeping referenced: Set<Digest>, dryRun: Bool = true) throws -> [Digest] {
        let unreferenced = try list().filter { !referenced.contains($0) }
        guard !dryRun, access(root, F_OK) == 0 else { return unreferenced }
        for digest in unreferenced {
            let doomed = (root as NSString).appendingPathComponent(".removing-" + digest.hex)
            try SystemCall.checked("rename \(path(for: digest))") { rename(path(for: digest), doomed) }
        }
        try FileDescriptor.syncFolder(root)
        // Also finishes removals that a crash interrupted.
        for name in try FileManager.default.contentsOfDirectory(atPath: root) where name.hasPrefix(".removing-") {
            try ArtifactStore.remove((root as NSString).appendingPathComponent(name))
        }
        return unreferenced
    }

    /// Copies the tree at `source` to the new path `destination`, fsyncing every file and folder.
    private static func copy(_ source: String, to destination: String) throws {
        var info = stat()
        try SystemCall.checked("lstat \(source)") { lstat(source, &info) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            try SystemCall.checked("mkdir \(destination)") { mkdir(destination, 0o755) }
            for name in try FileManager.default.contentsOfDirectory(atPath: source) {
                try copy((source as NSString).appendingPathComponent(name),
                         to: (destination as NSString).appendingPathComponent(name))
            }
            try FileDescriptor.syncFolder(destination)
        case S_IFLNK:
            let target = try FileManager.default.destinationOfSymbolicLink(atPath: source)
            try SystemCall.checked("symlink \(destination)") { symlink(target, destination) }
        case S_IFREG:
            try copyFile(source, to: destination, executable: info.st_mode & S_IXUSR != 0)
        default:
            throw ArtifactError.unsupportedFile(path: source)
        }
    }

    /// Copies one regular file's content through a large buffer and fsyncs the copy.
    private static func copyFile(_ source: String, to destination: String, executable: Bool) throws {
        let input = try FileDescriptor(path: source, flags: O_RDONLY)
        let output = try FileDescriptor(
            path: destination, flags: O_WRONLY | O_CREAT | O_EXCL, mode: executable ? 0o755 : 0o644)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Digest.streamingBufferSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count = try input.read(into: buffer)
            if count == 0 { break }
            try output.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        try output.sync()
    }

    /// Makes the tree at `path` read-only (keeping the owner's execute bit on files) and fsyncs it.
    private static func seal(_ path: String) throws {
        var info = stat()
        try SystemCall.checked("lstat \(path)") { lstat(path, &info) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            for name in try FileManager.default.contentsOfDirectory(atPath: path) {
                try seal((path as NSString).appendingPathComponent(name))
            }
            let folder = try FileDescriptor.folder(path)
            try SystemCall.checked("fchmod \(path)") { fchmod(folder.raw, 0o555) }
            try folder.sync()
        case S_IFREG:
            let file = try FileDescriptor(path: path, flags: O_RDONLY)
            try SystemCall.checked("fchmod \(path)") { fchmod(file.raw, info.st_mode & S_IXUSR != 0 ? 0o555 : 0o444) }
            try file.sync()
        default:
            return
        }
    }

    /// Deletes the tree at `path`, first giving back write permission on its folders.
    private static func remove(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            try SystemCall.checked("chmod \(path)") { chmod(path, 0o700) }
            for name in try FileManager.default.contentsOfDirectory(atPath: path) {
                try remove((path as NSString).appendingPathComponent(name))
            }
            try SystemCall.checked("rmdir \(path)") { rmdir(path) }
        } else {
            try SystemCall.checked("unlink \(path)") { unlink(path) }
        }
    }
}
