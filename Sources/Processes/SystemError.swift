import Glibc

/// A Glibc call that failed, with the `errno` it left.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being done, with its arguments: "open /state/journal", "wait4 1234".
    public let operation: String
    /// The `errno` value.
    public let code: Int32

    /// The failure of `operation` with error number `code`.
    public init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// The error number in words, as `strerror` puts it.
    public var reason: String { String(cString: strerror(code)) }

    /// "operation: reason".
    public var description: String { "\(operation): \(reason)" }
}
