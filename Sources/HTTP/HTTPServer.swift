import Dispatch

/// An HTTP/1.1 server: one listening socket per loop on the same port, strict parsing, ordered responses.
///
/// The handler runs on a loop thread and must not block it: work that waits (an upstream call)
/// answers later through the `Responder`, from any thread.
public final class HTTPServer: Sendable {
    /// The port the server listens on; the one the kernel picked when 0 was asked for.
    public let port: Int
    private let listeners: [Listener]
    private let group: EventLoopGroup
    private let ownsGroup: Bool

    /// Starts a server with its own `loops` loop threads.
    ///
    /// `admit`, when given, sees each request's head (with an empty body) on the loop thread before
    /// any of the body is read, and must not block; `log` hears of trouble no one request causes.
    public convenience init(
        host: String = "127.0.0.1", port: Int = 0, loops: Int, limits: HTTPServerLimits = HTTPServerLimits(),
        log: @escaping @Sendable (String) -> Void = { _ in },
        admit: (@Sendable (HTTPRequest) -> HeadVerdict)? = nil,
        handler: @escaping @Sendable (HTTPRequest, Responder) -> Void
    ) throws(SocketError) {
        let group = try EventLoopGroup(loops: loops)
        do {
            try self.init(host: host, port: port, group: group, ownsGroup: true, limits: limits, log: log, admit: admit,
                          handler: handler)
        } catch {
            group.shutdown()
            throw error
        }
    }

    /// Starts a server on the loops of `group`, which it shares with other users (a client, say).
    public convenience init(
        host: String = "127.0.0.1", port: Int = 0, group: EventLoopGroup,
        limits: HTTPServerLimits = HTTPServerLimits(),
        log: @escaping @Sendable (String) -> Void = { _ in },
        admit: (@Sendable (HTTPRequest) -> HeadVerdict)? = nil,
        handler: @escaping @Sendable (HTTPRequest, Responder) -> Void
    ) throws(SocketError) {
        try self.init(host: host, port: port, group: group, ownsGroup: false, limits: limits, log: log, admit: admit,
                      handler: handler)
    }

    private init(
        host: String, port: Int, group: EventLoopGroup, ownsGroup: Bool, limits: HTTPServerLimits,
        log: @escaping @Sendable (String) -> Void, admit: (@Sendable (HTTPRequest) -> HeadVerdict)?,
        handler: @escaping @Sendable (HTTPRequest, Responder) -> Void
    ) throws(SocketError) {
        let context = ServerContext(limits: limits, admit: admit, handler: handler, log: log)
        var listeners: [Listener] = []
        var boundPort = port
        do {
            for loop in group.loops {
                let label = "\(host):\(boundPort)"
                let listener = try Listener(
                    address: try SocketAddress(host: host, port: boundPort), label: label, loop: loop, server: context)
                listeners.append(listener)
                boundPort = listener.boundPort()
            }
            for listener in listeners { try Self.onLoop(listener) { () throws(SocketError) in try listener.start() } }
        } catch {
            for listener in listeners { Self.onLoopQuietly(listener) { listener.stop() } }
            throw error
        }
        self.port = boundPort
        self.listeners = listeners
        self.group = group
        self.ownsGroup = ownsGroup
    }

    /// Stops listening, closes every connection, and stops the loops if the server started them.
    ///
    /// Call it from outside the loops (not from a handler); calling it again does nothing.
    public func shutdown() {
        for listener in listeners { Self.onLoopQuietly(listener) { listener.stop() } }
        if ownsGroup { group.shutdown() }
    }

    private static func onLoop(_ listener: Listener, _ work: @escaping @Sendable () throws(SocketError) -> Void) throws(SocketError) {
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        listener.loop.execute {
            do throws(SocketError) { try work() } catch { failure.error = error }
            done.signal()
        }
        done.wait()
        if let error = failure.error { throw error }
    }

    private static func onLoopQuietly(_ listener: Listener, _ work: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        listener.loop.execute {
            work()
            done.signal()
        }
        done.wait()
    }
}

/// Carries an error out of a closure run on a loop, read only after the semaphore says it ran.
private final class FailureBox: @unchecked Sendable {
    var error: SocketError?
}
