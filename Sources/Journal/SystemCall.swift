import Glibc

/// A system call on a file or folder that failed, with the errno it left.
public struct FileSystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call that failed, e.g. `open` or `fsync`.
    public let operation: String
    /// The file or folder it worked on.
    public let path: String
    /// The errno the call left.
    public let code: Int32

    /// Describes the failure the way `strerror` words it.
    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(code)))"
    }
}

/// Runs one system call, retrying it on EINTR, and turns its -1 into a `FileSystemError`.
///
/// errno is read before anything else runs, so no other call can overwrite it first.
@discardableResult
func systemCall<Result: FixedWidthInteger>(
    _ operation: String, _ path: String, _ call: () -> Result
) throws -> Result {
    while true {
        let result = call()
        if result != -1 { return result }
        let code = errno
        if code == EINTR { continue }
        throw FileSystemError(operation: operation, path: path, code: code)
    }
}
