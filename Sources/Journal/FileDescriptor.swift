import Glibc
import Processes

/// An open file descriptor that is closed when the value goes away.
final class FileDescriptor: Sendable {
    /// The descriptor number.
    let raw: Int32
    /// The path it was opened with, for error messages.
    let path: String

    /// Opens `path`; `O_CLOEXEC` is always added so that no child process inherits it.
    init(path: String, flags: Int32, mode: mode_t = 0o644) throws {
        raw = try SystemCall.checked("open \(path)") { open(path, flags | O_CLOEXEC, mode) }
        self.path = path
    }

    /// Opens a folder so that it can be fsynced after an entry in it was created or renamed.
    static func folder(_ path: String) throws -> FileDescriptor {
        try FileDescriptor(path: path, flags: O_RDONLY | O_DIRECTORY)
    }

    deinit {
        // Not retried on EINTR: on Linux the descriptor is gone either way.
        close(raw)
    }

    /// Writes every byte, continuing after short writes.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let count = try SystemCall.checked("write \(path)") {
                Glibc.write(raw, bytes.baseAddress! + done, bytes.count - done)
            }
            done += count
        }
    }

    /// Writes every byte of `bytes`.
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Reads up to `buffer.count` bytes at the current offset; 0 means the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try SystemCall.checked("read \(path)") { Glibc.read(raw, buffer.baseAddress, buffer.count) }
    }

    /// Moves the read offset to `offset` bytes from the start.
    func seek(to offset: Int) throws {
        _ = try SystemCall.checked("lseek \(path)") { lseek(raw, off_t(offset), SEEK_SET) }
    }

    /// Flushes the file's data and metadata to the disk.
    func sync() throws {
        try SystemCall.checked("fsync \(path)") { fsync(raw) }
    }

    /// Cuts the file to `size` bytes.
    func truncate(to size: Int) throws {
        try SystemCall.checked("ftruncate \(path)") { ftruncate(raw, off_t(size)) }
    }

    /// The file's status (size, mode).
    func status() throws -> stat {
        var info = stat()
        try SystemCall.checked("fstat \(path)") { fstat(raw, &info) }
        return info
    }

    /// Fsyncs the folder at `path`, making a create or rename in it durable.
    static func syncFolder(_ path: String) throws {
        try FileDescriptor.folder(path).sync()
    }
}
