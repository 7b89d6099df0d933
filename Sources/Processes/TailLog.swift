import Glibc

/// A log file that keeps the last `cap` bytes of a process's output, since the end of a log is what
/// explains a crash. The file grows by appends up to twice the cap, then is rewritten with the
/// tail, so it can be followed while the process runs and never holds more than `2 × cap` bytes.
public final class TailLog {
    /// The log file.
    public let path: String
    /// The bytes kept at the end.
    public let cap: Int
    /// Every byte appended so far.
    public private(set) var bytesWritten = 0
    /// The last `cap` bytes, as a ring: `start` is the oldest byte once the ring is full.
    private var ring: [UInt8]
    private var start = 0
    private var descriptor: Int32
    private var fileSize = 0

    /// Creates (or empties) the log file.
    public init(path: String, cap: Int) throws(SystemError) {
        precondition(cap > 0, "a log cap must be positive, got \(cap)")
        self.path = path
        self.cap = cap
        self.ring = []
        ring.reserveCapacity(min(cap, 1 << 20))
        descriptor = try SystemCall.checked("open log \(path)") { open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Bytes that no longer are in the log.
    public var bytesDropped: Int { bytesWritten - ring.count }

    /// Adds output at the end, dropping the oldest bytes beyond the cap.
    public func append(_ bytes: [UInt8]) throws(SystemError) {
        bytesWritten += bytes.count
        remember(bytes[...])
        if fileSize + bytes.count > 2 * cap {
            try rewrite()
        } else {
            try writeAll(bytes[...])
            fileSize += bytes.count
        }
    }

    /// Leaves exactly the kept tail in the file, and closes it.
    public func finish() throws(SystemError) {
        if fileSize > ring.count { try rewrite() }
        try SystemCall.checked("fsync log \(path)") { fsync(descriptor) }
        close(descriptor)
        descriptor = -1
    }

    /// The kept bytes, oldest first.
    public var tail: [UInt8] { Array(ring[start...] + ring[..<start]) }

    private func remember(_ bytes: ArraySlice<UInt8>) {
        var bytes = bytes
        if bytes.count >= cap {
            ring = Array(bytes.suffix(cap))
            start = 0
            return
        }
        let room = cap - ring.count
        if room > 0 {
            ring.append(contentsOf: bytes.prefix(room))
            bytes = bytes.dropFirst(room)
        }
        while !bytes.isEmpty {
            let count = min(bytes.count, cap - start)
            ring.replaceSubrange(start..<start + count, with: bytes.prefix(count))
            bytes = bytes.dropFirst(count)
            start = (start + count) % cap
        }
    }

    /// Replaces the file's contents with the kept tail.
    private func rewrite() throws(SystemError) {
        try SystemCall.checked("truncate log \(path)") { ftruncate(descriptor, 0) }
        try SystemCall.checked("seek log \(path)") { lseek(descriptor, 0, SEEK_SET) }
        try writeAll(ring[start...])
        try writeAll(ring[..<start])
        fileSize = ring.count
    }

    private func writeAll(_ bytes: ArraySlice<UInt8>) throws(SystemError) {
        var rest = bytes
        while !rest.isEmpty {
            let written = try rest.withUnsafeBytes { buffer in
                Result { () throws(SystemError) in
                    try SystemCall.checked("write log \(path)") { write(descriptor, buffer.baseAddress!, buffer.count) }
                }
            }.get()
            rest = rest.dropFirst(written)
        }
    }
}
