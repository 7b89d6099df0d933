import Glibc

/// The one funnel for the Glibc calls Slipway makes: it retries `EINTR` and reads `errno` at once,
/// before any other call can overwrite it. Inlinable, so that the event loops' socket calls pay nothing for it.
public enum SystemCall {
    /// Runs `body`, which follows the `-1 and errno` convention, until it is not interrupted.
    @inlinable @discardableResult
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
