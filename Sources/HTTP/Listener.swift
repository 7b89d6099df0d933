import Glibc
import Synchronization

/// What every connection of one server shares: its limits, its checks and handler, and its counts.
final class ServerContext: Sendable {
    /// The bounds every connection is held to.
    let limits: HTTPServerLimits
    /// Called on the loop thread with each request's head, before its body is read; nil accepts every head.
    let admit: (@Sendable (HTTPRequest) -> HeadVerdict)?
    /// Called on the loop thread for each request.
    let handler: @Sendable (HTTPRequest, Responder) -> Void
    /// Where the server reports trouble that is not any one request's (descriptors running out).
    let log: @Sendable (String) -> Void
    /// Connections open now, over all loops, against `limits.maxConnections`.
    let openConnections = Atomic<Int>(0)
    /// Body bytes held now, over all connections, against `limits.maxBodyBytesInFlight`.
    let bodyBytesInFlight = Atomic<Int>(0)
    /// When accept pauses were last reported (monotonic nanoseconds), and how many came since.
    private let pauseReports = Mutex<(last: UInt64?, unreported: Int)>((nil, 0))
    /// How often, at most, a run of accept pauses is reported.
    static let pauseReportInterval: UInt64 = 60_000_000_000

    /// Creates the shared context of one server.
    init(limits: HTTPServerLimits, admit: (@Sendable (HTTPRequest) -> HeadVerdict)?,
         handler: @escaping @Sendable (HTTPRequest, Responder) -> Void, log: @escaping @Sendable (String) -> Void) {
        self.limits = limits
        self.admit = admit
        self.handler = handler
        self.log = log
    }

    /// Counts `bytes` more body in flight; false, counting nothing, when that would pass the cap.
    func reserveBody(_ bytes: Int) -> Bool {
        let total = bodyBytesInFlight.wrappingAdd(bytes, ordering: .relaxed).newValue
        if total <= limits.maxBodyBytesInFlight { return true }
        bodyBytesInFlight.wrappingSubtract(bytes, ordering: .relaxed)
        return false
    }

    /// Gives back body bytes counted by `reserveBody`.
    func releaseBody(_ bytes: Int) {
        if bytes > 0 { bodyBytesInFlight.wrappingSubtract(bytes, ordering: .relaxed) }
    }

    /// Counts one pause of accepting on `address` for `code` and logs it, at most once a minute for the whole server.
    func acceptPaused(_ code: Int32, address: String, pauseMilliseconds: UInt64, now: UInt64) {
        let pauses: Int? = pauseReports.withLock { reports in
            reports.unreported += 1
            if let last = reports.last, now < last + Self.pauseReportInterval { return nil }
            defer { reports = (now, 0) }
            return reports.unreported
        }
        guard let pauses else { return }
        log("accept on \(address): \(String(cString: strerror(code))); new connections wait in the backlog while "
            + "accepting pauses until a connection closes or \(pauseMilliseconds) ms pass (\(pauses) pause\(pauses == 1 ? "" : "s") "
            + "since the last report, reported at most once a minute); raise the descriptor limit (ulimit -n) or lower maxConnections")
    }

    /// The answer when a cap is reached: 503, and when to try again.
    func busy(_ reason: String) -> HTTPResponse {
        HTTPResponse(
            status: 503,
            headers: HTTPHeaders([("Content-Type", "text/plain"), ("Retry-After", String(limits.retryAfterSeconds))]),
            text: reason + "\n")
    }
}

/// The connections one server holds on one loop, so that shutting down can close them.
final class ServerLoopState: @unchecked Sendable {
    /// Open connections, touched only on the loop thread.
    var connections: [ObjectIdentifier: ServerConnection] = [:]
    /// Called when a connection closes while accepting pauses for want of descriptors: one is free now.
    var descriptorFreed: (() -> Void)?
}

/// A listening socket on one loop; SO_REUSEPORT lets each loop have its own on the same port.
final class Listener: LoopSource, @unchecked Sendable {
    /// How long accepting pauses when the process or system runs out of descriptors or memory.
    static let acceptPause: UInt64 = 100_000_000

    private let fd: Int32
    private let label: String
    /// The loop the listener and its connections live on.
    let loop: EventLoop
    private let server: ServerContext
    private var stopped = false
    /// The connections accepted here.
    let state = ServerLoopState()
    private let resume: LoopTimer
    private var paused = false

    /// Binds and listens on `address` from `loop`.
    init(address: SocketAddress, label: String, loop: EventLoop, server: ServerContext) throws(SocketError) {
        fd = Int32(try checkedSocketCall("socket", label) {
            socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        })
        self.label = label
        self.loop = loop
        self.server = server
        resume = LoopTimer(loop: loop)
        SocketAddress.setOption(fd, SOL_SOCKET, SO_REUSEADDR)
        SocketAddress.setOption(fd, SOL_SOCKET, SO_REUSEPORT)
        do throws(SocketError) {
            let bound = address.withSockAddr { pointer, length in socketCall { bind(fd, pointer, length) } }
            if case .failed(let code) = bound { throw SocketError(operation: "bind", address: label, code: code) }
            try checkedSocketCall("listen", label) { listen(fd, 1024) }
        } catch {
            close(fd)
            throw error
        }
    }

    /// The port the kernel bound, useful when 0 was asked for.
    func boundPort() -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts accepting on the loop; must run on the loop thread.
    func start() throws(SocketError) {
        try loop.register(fd, events: Epoll.readable, source: self)
        resume.onExpiry { [unowned self] in self.resumeAccepting() }
    }

    /// Accepts every pending connection.
    func ready(_ events: UInt32) {
        var peer = sockaddr_in()
        while true {
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let outcome = withUnsafeMutablePointer(to: &peer) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    socketCall { Epoll.accept(fd, address, &length, Epoll.nonBlocking | Epoll.closeOnExec) }
                }
            }
            switch outcome {
            case .done(let accepted):
                admit(Int32(accepted), PeerAddress(
                    address: UInt32(bigEndian: peer.sin_addr.s_addr), port: UInt16(bigEndian: peer.sin_port)))
            case .failed(let code) where code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM:
                // The pending connection stays queued and level-triggered epoll would report it again
                // at once, turning the loop into a busy wait: stop watching for a while instead.
                pause(code)
                return
            case .wouldBlock, .failed:
                return
            }
        }
    }

    private func admit(_ connection: Int32, _ peer: PeerAddress) {
        SocketAddress.setOption(connection, Int32(IPPROTO_TCP), TCP_NODELAY)
        let open = server.openConnections.wrappingAdd(1, ordering: .relaxed).newValue
        if open > server.limits.maxConnections {
            server.openConnections.wrappingSubtract(1, ordering: .relaxed)
            _ = ServerConnection(
                fd: connection, peer: peer, loop: loop, server: server, state: state,
                refusal: server.busy("the server holds as many connections as it may (\(server.limits.maxConnections)); try again shortly"))
        } else {
            _ = ServerConnection(fd: connection, peer: peer, loop: loop, server: server, state: state, refusal: nil)
        }
    }

    private func pause(_ code: Int32) {
        paused = true
        loop.modify(fd, events: 0)
        // Accepting resumes when one of this loop's connections closes, or after the pause when
        // descriptors are freed elsewhere: a backlog drains as fast as descriptors come back.
        resume.set(loop.turnStart + Self.acceptPause)
        state.descriptorFreed = { [unowned self] in self.resumeAccepting() }
        // The label was made before the kernel picked a port when 0 was asked for.
        let host = label.lastIndex(of: ":").map { label[..<$0] } ?? label[...]
        server.acceptPaused(code, address: "\(host):\(boundPort())", pauseMilliseconds: Self.acceptPause / 1_000_000,
                            now: loop.turnStart)
    }

    private func resumeAccepting() {
        guard paused, !stopped else { return }
        paused = false
        state.descriptorFreed = nil
        loop.modify(fd, events: Epoll.readable)
    }

    /// Stops listening and closes every connection; must run on the loop thread.
    func stop() {
        guard !stopped else { return }
        stopped = true
        resume.cancel()
        state.descriptorFreed = nil
        loop.closeDescriptor(fd)
        for connection in Array(state.connections.values) { connection.abort() }
    }
}
