import Glibc

/// The one funnel for the Glibc calls Slipway makes: it retries `EINTR` and reads `errno` at once,
/// before any other call can overwrite it. Inlinable, so that the event loops' socket calls pay nothing for it.
public enum SystemCall {
    /// What a call came to once it was not interrupted.
    public enum Outcome<Value: BinaryInteger>: Equatable {
        /// It succeeded and returned this value.
        case value(Value)
        /// It returned -1 and left this `errno`.
        case failed(Int32)
    }

    /// Runs `body`, which follows the `-1 and errno` convention, until it is not interrupted, and
    /// returns what it came to; for callers to whom a failure is ordinary (a socket not ready yet).
    @inlinable
    public static func outcome<Result: BinaryInteger>(_ body: () -> Result) -> Outcome<Result> {
        while true {
            let result = body()
            guard result == -1 else { return .value(result) }
            let code = errno
            if code == EINTR { continue }
            return .failed(code)
        }
    }

    /// Runs `body`, which follows the `-1 and errno` convention, until it is not interrupted, and
    /// throws when it fails.
    @inlinable @discardableResult
    public static func checked<Result: BinaryInteger>(_ operation: @autoclosure () -> String, _ body: () -> Result) throws(SystemError) -> Result {
        switch outcome(body) {
        case .value(let result): return result
        case .failed(let code): throw SystemError(operation: operation(), code: code)
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
