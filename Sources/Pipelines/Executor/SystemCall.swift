import Glibc

/// The one funnel for the C calls the executor makes: it retries `EINTR` and reads `errno` at once,
/// before any other call can overwrite it.
public enum SystemCall {
    /// Runs `body`, which follows the `-1 and errno` convention, until it is not interrupted.
    @discardableResult
    public static func checked<Result: BinaryInteger>(_ operation: @autoclosure () -> String, _ body: () -> Result) throws(SystemError) -> Result {
        while true {
            let result = body()
            guard result == -1 else { return result }
            let code = errno
            if code == EINTR { continue }
            throw SystemError(operation: operation(), code: code)
        }
    }

    /// Runs `body`, which returns an error number itself (the `posix_spawn` family), until it is not interrupted.
    public static func returningCode(_ operation: @autoclosure () -> String, _ body: () -> Int32) throws(SystemError) {
        while true {
            let code = body()
            if code == 0 { return }
            if code == EINTR { continue }
            throw SystemError(operation: operation(), code: code)
        }
    }
}

/// A C call that failed, with its error number.
public struct SystemError: Error, CustomStringConvertible, Equatable {
    /// What was being done, with its arguments.
    public let operation: String
    /// The `errno` value.
    public let code: Int32

    /// "operation: message (ENAME)".
    public var description: String { "\(operation): \(String(cString: strerror(code)))" }
}
