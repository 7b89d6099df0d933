import Foundation
import Glibc
import Processes

/// Whole-file writes that a crash never leaves half done.
public enum AtomicFile {
    /// Replaces the file at `path` with `data`: a temp file in the same folder is written and
    /// fsynced, renamed over `path`, and the folder is fsynced so that the rename survives a crash.
    public static func write(_ data: Data, to path: String, permissions: mode_t = 0o644) throws {
        let folder = (path as NSString).deletingLastPathComponent.isEmpty
            ? "." : (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (folder as NSString)
            .appendingPathComponent(".\(name).tmp-\(getpid())-\(UInt32.random(in: .min ... .max))")
        do {
            let file = try FileDescriptor(path: temporary, flags: O_WRONLY | O_CREAT | O_EXCL, mode: permissions)
            try data.withUnsafeBytes { try file.write($0) }
            try file.sync()
            try SystemCall.checked("rename \(path)") { rename(temporary, path) }
        } catch {
            unlink(temporary)
            throw error
        }
        try FileDescriptor.syncFolder(folder)
    }
}
