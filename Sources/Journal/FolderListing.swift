import Foundation
import Glibc
import Processes

/// The canonical listing of a folder, whose SHA-256 is the folder's digest.
///
/// The listing is the text `slipway-folder-v1` and a newline, followed by one record per file
/// and per symbolic link anywhere under the folder, ordered by relative path compared byte by
/// byte (UTF-8, `/` between components):
///
///     file <sha256 hex of the content> <relative path> NUL       a regular file
///     exec <sha256 hex of the content> <relative path> NUL       a regular file whose owner may execute it
///     link <relative path> NUL <link target as stored> NUL       a symbolic link, never followed
///
/// Single spaces separate the fields. Folders appear only through the paths under them, so an
/// empty folder adds nothing. Owners, times and permission bits other than the owner's execute
/// bit are left out, so a copy of the same tree has the same digest. Anything else (a fifo, a
/// socket, a device) is refused.
struct FolderListing {
    /// What a path is, as far as the digest cares.
    enum Kind: Equatable {
        case file
        case executable
        case symlink(target: String)
    }

    /// One file or link, by path relative to the folder.
    struct Item {
        let path: String
        let kind: Kind
    }

    /// Every file and link, in canonical order.
    let items: [Item]

    /// Lists the folder at `root`, which must be a folder and not a link to one.
    init(root: String) throws {
        guard try FolderListing.kind(ofFolderEntry: root) == nil else {
            throw ArtifactError.notAFolder(path: root)
        }
        var items: [Item] = []
        try FolderListing.collect(root: root, relative: "", into: &items)
        items.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        self.items = items
    }

    /// The SHA-256 of the canonical listing, hashing each file's content from under `root`.
    func digest(root: String) throws -> Digest {
        var hash = SHA256()
        hash.update("slipway-folder-v1\n")
        for item in items {
            switch item.kind {
            case .file, .executable:
                let content = try Digest.ofFile(path: (root as NSString).appendingPathComponent(item.path))
                hash.update(item.kind == .file ? "file " : "exec ")
                hash.update(content.hex + " " + item.path)
                hash.update([0])
            case .symlink(let target):
                hash.update("link " + item.path)
                hash.update([0])
                hash.update(target)
                hash.update([0])
            }
        }
        return hash.finalize()
    }

    /// Walks one folder level, recursing into subfolders.
    private static func collect(root: String, relative: String, into items: inout [Item]) throws {
        let folder = relative.isEmpty ? root : (root as NSString).appendingPathComponent(relative)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let path = relative.isEmpty ? name : relative + "/" + name
            if let kind = try kind(ofFolderEntry: (root as NSString).appendingPathComponent(path)) {
                items.append(Item(path: path, kind: kind))
            } else {
                try collect(root: root, relative: path, into: &items)
            }
        }
    }

    /// The kind of the entry at `path`; nil for a folder.
    private static func kind(ofFolderEntry path: String) throws -> Kind? {
        var info = stat()
        try SystemCall.checked("lstat \(path)") { lstat(path, &info) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            return nil
        case S_IFREG:
            return info.st_mode & S_IXUSR != 0 ? .executable : .file
        case S_IFLNK:
            return .symlink(target: try FileManager.default.destinationOfSymbolicLink(atPath: path))
        default:
            throw ArtifactError.unsupportedFile(path: path)
        }
    }
}
