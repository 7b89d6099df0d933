import Glibc
import Processes

/// A socket call that failed, with the errno it left.
public struct SocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call that failed, e.g. `bind` or `connect`.
    public let operation: String
    /// The address or descriptor it worked on.
    public let address: String
    /// The errno the call left.
    public let code: Int32

    /// Describes the failure the way `strerror` words it.
    public var description: String {
        "\(operation) \(address): \(String(cString: strerror(code)))"
    }
}

/// What one non-blocking socket call came to.
enum SocketCallOutcome {
    /// The call succeeded and returned this value.
    case done(Int)
    /// The socket is not ready; wait for epoll to say so.
    case wouldBlock
    /// The call failed with this errno.
    case failed(Int32)
}

/// Runs one socket call through the one errno funnel, `SystemCall.outcome` (which retries EINTR and
/// reads errno at once), and tells "not ready" apart from a failure. Nothing is thrown on this path:
/// a socket that is not ready is the common case on an event loop.
///
/// Every call into Glibc made by this module goes through here or through `checkedSocketCall`.
@inline(__always)
func socketCall<Result: FixedWidthInteger>(_ call: () -> Result) -> SocketCallOutcome {
    switch SystemCall.outcome(call) {
    case .value(let value): .done(Int(value))
    case .failed(let code) where code == EAGAIN || code == EWOULDBLOCK: .wouldBlock
    case .failed(let code): .failed(code)
    }
}

/// Runs one socket call through `socketCall` and throws when it fails or would block.
@discardableResult
func checkedSocketCall<Result: FixedWidthInteger>(
    _ operation: String, _ address: String, _ call: () -> Result
) throws(SocketError) -> Int {
    switch socketCall(call) {
    case .done(let value): return value
    case .wouldBlock: throw SocketError(operation: operation, address: address, code: EAGAIN)
    case .failed(let code): throw SocketError(operation: operation, address: address, code: code)
    }
}

/// Nanoseconds on the monotonic clock, the time base of every loop deadline.
func monotonicNow() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
}

extension Duration {
    /// This duration in whole nanoseconds, never negative.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        if seconds < 0 { return 0 }
        return UInt64(seconds) &* 1_000_000_000 &+ UInt64(attoseconds / 1_000_000_000)
    }
}
