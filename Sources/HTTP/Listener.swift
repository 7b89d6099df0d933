import Glibc

/// What every connection of one server shares: its limits and its handler.
final class ServerContext: Sendable {
    /// The bounds every connection is held to.
    let limits: HTTPServerLimits
    /// Called on the loop thread for each request.
    let handler: @Sendable (HTTPRequest, Responder) -> Void

    /// Creates the shared context of one server.
    init(limits: HTTPServerLimits, handler: @escaping @Sendable (HTTPRequest, Responder) -> Void) {
        self.limits = limits
        self.handler = handler
    }
}

/// The connections one server holds on one loop, so that shutting down can close them.
final class ServerLoopState: @unchecked Sendable {
    /// Open connections, touched only on the loop thread.
    var connections: [ObjectIdentifier: ServerConnection] = [:]
}

/// A listening socket on one loop; SO_REUSEPORT lets each loop have its own on the same port.
final class Listener: LoopSource, @unchecked Sendable {
    private let fd: Int32
    /// The loop the listener and its connections live on.
    let loop: EventLoop
    private let server: ServerContext
    private var stopped = false
    /// The connections accepted here.
    let state = ServerLoopState()

    /// Binds and listens on `address` from `loop`.
    init(address: SocketAddress, label: String, loop: EventLoop, server: ServerContext) throws(SocketError) {
        fd = Int32(try checkedSocketCall("socket", label) {
            socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        })
        self.loop = loop
        self.server = server
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
    }

    /// Accepts every pending connection.
    func ready(_ events: UInt32) {
        while true {
            let outcome = socketCall {
                Epoll.accept(fd, nil, nil, Epoll.nonBlocking | Epoll.closeOnExec)
            }
            // Any failure (EMFILE included) ends this round; level-triggered epoll brings us back.
            guard case .done(let accepted) = outcome else { return }
            let connection = Int32(accepted)
            SocketAddress.setOption(connection, Int32(IPPROTO_TCP), TCP_NODELAY)
            _ = ServerConnection(fd: connection, loop: loop, server: server, state: state)
        }
    }

    /// Stops listening and closes every connection; must run on the loop thread.
    func stop() {
        guard !stopped else { return }
        stopped = true
        loop.closeDescriptor(fd)
        for connection in Array(state.connections.values) { connection.abort() }
    }
}
