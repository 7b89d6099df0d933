import Glibc

/// A server's log file, which the server appends to itself so that it outlives the supervisor;
/// the supervisor only trims it and reads its end.
struct ServerLog {
    /// The file.
    let path: String
    /// The bytes kept when the file is trimmed; it may grow to twice this between trims.
    let cap: Int

    /// The last `bytes` of the file as text, or "" when there is none.
    func tail(_ bytes: Int = 4096) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        let size = Int(lseek(descriptor, 0, SEEK_END))
        let count = min(max(size, 0), bytes)
        var buffer = [UInt8](repeating: 0, count: count)
        let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(size - count)) }
        return String(decoding: buffer.prefix(max(read, 0)), as: UTF8.self)
    }

    /// Keeps only the last `cap` bytes once the file holds more than twice that. The server may
    /// append between the read and the rewrite; those few lines can be lost or land first,
    /// which a log that only explains crashes can afford.
    func trim() {
        let descriptor = open(path, O_RDWR | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let size = Int(lseek(descriptor, 0, SEEK_END))
        guard size > 2 * cap else { return }
        var kept = [UInt8](repeating: 0, count: cap)
        let read = kept.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, cap, off_t(size - cap)) }
        guard read > 0, ftruncate(descriptor, 0) == 0 else { return }
        _ = kept.prefix(read).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
}
