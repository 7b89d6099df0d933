/// The idle keep-alive connections of one client on one loop, per upstream.
///
/// Confined to its loop, so taking and returning need no lock and an upstream's close is seen
/// on the same thread that would reuse the connection.
final class ClientPool: @unchecked Sendable {
    let loop: EventLoop
    let settings: HTTPClientSettings
    private var idle: [Upstream: [ClientConnection]] = [:]
    private var closing = false

    /// Creates an empty pool on `loop`.
    init(loop: EventLoop, settings: HTTPClientSettings) {
        self.loop = loop
        self.settings = settings
    }

    /// An idle connection to `upstream` that is still open, most recently used first.
    func take(_ upstream: Upstream) -> ClientConnection? {
        while var list = idle[upstream], let connection = list.popLast() {
            idle[upstream] = list.isEmpty ? nil : list
            if connection.claimIfOpen() { return connection }
        }
        return nil
    }

    /// Keeps `connection` for reuse, or closes it when the pool is full or shutting down.
    func put(_ connection: ClientConnection) {
        var list = idle[connection.upstream, default: []]
        guard !closing, list.count < settings.maxIdlePerUpstream else {
            connection.close()
            return
        }
        list.append(connection)
        idle[connection.upstream] = list
        connection.parkIdle()
    }

    /// Forgets `connection`, which closed while idle.
    func remove(_ connection: ClientConnection) {
        guard var list = idle[connection.upstream] else { return }
        list.removeAll { $0 === connection }
        idle[connection.upstream] = list.isEmpty ? nil : list
    }

    /// How many idle connections are kept for `upstream`.
    func idleCount(_ upstream: Upstream) -> Int {
        idle[upstream]?.count ?? 0
    }

    /// Closes every idle connection and keeps no more.
    func closeAll() {
        closing = true
        let all = idle.values.flatMap { $0 }
        idle = [:]
        for connection in all { connection.close() }
    }
}
