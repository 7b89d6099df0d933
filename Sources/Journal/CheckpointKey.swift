import Foundation
import Glibc

/// The secret that signs checkpoints (HMAC-SHA256), read from a file the operator keeps outside
/// the state folder: whoever can write the state folder but cannot read this file cannot sign.
public struct CheckpointKey: Sendable, CustomStringConvertible, CustomReflectable {
    /// The fewest bytes a key may hold: as many as the HMAC-SHA256 output, so the key is not the weak part.
    public static let minimumBytes = 32
    /// The largest key file read; a key is a few dozen bytes, so a bigger file is the wrong file.
    static let maximumBytes = 4096

    /// The secret bytes; never printed, logged or written anywhere.
    let bytes: [UInt8]
    /// The first 8 bytes of the SHA-256 of the key, in hex: names the key without revealing it,
    /// so verification can tell "signed by another key" from "forged".
    public let id: String

    /// A key of exactly `bytes`.
    init(bytes: [UInt8]) {
        self.bytes = bytes
        id = Hex.encode(Array(SHA256.hash(bytes).bytes.prefix(8)))
    }

    /// Reads the key in `path`: the file's bytes, without one trailing newline (so `openssl rand -hex 32 > key`
    /// works). Refused when group or others may read or change the file, when it holds fewer than
    /// `minimumBytes`, or, with `stateFolder`, when it lies inside that folder.
    public static func load(path: String, stateFolder: String? = nil) throws(CheckpointKeyError) -> CheckpointKey {
        if let stateFolder, isInside(path, stateFolder) { throw .insideStateFolder(path: path, stateFolder: stateFolder) }
        let file: FileDescriptor
        let info: stat
        do {
            file = try FileDescriptor(path: path, flags: O_RDONLY)
            info = try file.status()
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .unreadable(path: path, reason: "it is not a regular file") }
        // Checked on the open descriptor, so a chmod or rename after the check cannot slip past it.
        guard info.st_mode & 0o077 == 0 else { throw .exposed(path: path, mode: info.st_mode & 0o7777) }
        var bytes = [UInt8](repeating: 0, count: maximumBytes + 1)
        var count = 0
        do {
            while count < bytes.count {
                let read = try bytes.withUnsafeMutableBytes { buffer in
                    try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]))
                }
                if read == 0 { break }
                count += read
            }
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        guard count <= maximumBytes else { throw .unreadable(path: path, reason: "it holds more than \(maximumBytes) bytes") }
        bytes.removeSubrange(count...)
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard bytes.count >= minimumBytes else { throw .tooShort(path: path, bytes: bytes.count) }
        return CheckpointKey(bytes: bytes)
    }

    /// Names the key by its id only, so that printing or dumping a key never shows the secret.
    public var description: String { "checkpoint key \(id)" }

    /// What `dump` and the debugger show: the id, not the bytes.
    public var customMirror: Mirror { Mirror(self, children: ["id": id]) }

    /// Whether `path`, with symlinks resolved, lies in `folder`.
    private static func isInside(_ path: String, _ folder: String) -> Bool {
        let file = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        let root = URL(fileURLWithPath: folder).resolvingSymlinksInPath().standardizedFileURL.path
        return file.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }
}

/// Why a checkpoint key cannot be used.
public enum CheckpointKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file cannot be opened or read.
    case unreadable(path: String, reason: String)
    /// Group or others may read or change the file.
    case exposed(path: String, mode: mode_t)
    /// The key is shorter than `CheckpointKey.minimumBytes`.
    case tooShort(path: String, bytes: Int)
    /// The key file lies in the state folder, where whoever rewrites the journal could read it.
    case insideStateFolder(path: String, stateFolder: String)

    /// What is wrong and what to do.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "checkpoint key \(path) cannot be read: \(reason)"
        case .exposed(let path, let mode):
            return "checkpoint key \(path) has mode \(String(mode, radix: 8)): group or others may read it, "
                + "and whoever reads it can sign a rewritten journal. Run `chmod 600 \(path)`."
        case .tooShort(let path, let bytes):
            return "checkpoint key \(path) holds \(bytes) bytes; it needs at least \(CheckpointKey.minimumBytes). "
                + "Make one with `openssl rand -hex 32 > \(path)`."
        case .insideStateFolder(let path, let stateFolder):
            return "checkpoint key \(path) is inside the state folder \(stateFolder); keep it elsewhere "
                + "(e.g. /etc/slipway/checkpoint.key), so that whoever can rewrite the journal cannot also sign it"
        }
    }
}
