import Foundation
import Glibc
import Processes

/// An exclusive hold on a state folder, so that two processes never write one folder.
///
/// It is an `flock` on `<state>/lock`, held as long as the value lives; the kernel drops it
/// when the process dies, so a crash never leaves a stale lock. The holder writes its pid
/// into the file only so that the next opener can say who holds it; the pid left there after
/// a release means nothing.
public final class StateLock: Sendable {
    /// The state folder that is held.
    public let stateFolder: String
    /// The open lock file; closing it releases the lock.
    private let file: FileDescriptor

    /// Takes the lock on `stateFolder`, creating the folder if needed; fails at once if another holds it.
    public init(stateFolder: String) throws {
        try FileManager.default.createDirectory(atPath: stateFolder, withIntermediateDirectories: true)
        let path = (stateFolder as NSString).appendingPathComponent("lock")
        let file = try FileDescriptor(path: path, flags: O_RDWR | O_CREAT)
        do {
            try SystemCall.checked("flock \(path)") { flock(file.raw, LOCK_EX | LOCK_NB) }
        } catch {
            guard error.code == EWOULDBLOCK else { throw error }
            throw StateLockError(stateFolder: stateFolder, holder: StateLock.holder(of: file))
        }
        try file.truncate(to: 0)
        try Array("\(getpid())\n".utf8).withUnsafeBytes { bytes in
            _ = try SystemCall.checked("pwrite \(path)") { pwrite(file.raw, bytes.baseAddress, bytes.count, 0) }
        }
        try file.sync()
        self.stateFolder = stateFolder
        self.file = file
    }

    /// The pid the holder wrote, if it has written one yet.
    private static func holder(of file: FileDescriptor) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(file.raw, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Another process holds the state folder.
public struct StateLockError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The folder that is held.
    public let stateFolder: String
    /// The holder's pid, when it could be read from the lock file.
    public let holder: Int32?

    /// Names the folder and the holder, and says what to do.
    public var description: String {
        let who = holder.map { "process \($0)" } ?? "another process (its pid is not written yet)"
        return "state folder \(stateFolder) is in use by \(who), which holds \(stateFolder)/lock; "
            + "stop that process or give this one another --state folder"
    }
}
