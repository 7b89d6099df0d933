/// The idle keep-alive connections of one client on one loop, per upstream.
///
/// Confined to its loop, so taking and returning need no lock and an upstream's close is seen
/// on the same thread that would reuse the connection.
final class ClientPool: @unchecked Sendable {
    let loop: EventLoop
    let settings: HTTPClientSettings
    // Changed on every request; a cell keeps it out of reach of the exclusivity checks.
    private let idleCell = UncheckedCell<[Upstream: [ClientConnection]]>([:])
    private var idle: [Upstream: [ClientConnection]] {
        unsafeAddress { UnsafePointer(idleCell.pointer) }
        unsafeMutableAddress { idleCell.pointer }
    }
    private var closing = false

    /// Creates an empty pool on `loop`.
    init(loop: EventLoop, settings: HTTPClientSettings) {
        self.loop = loop
        self.settings = settings
    }

    /// Sends `exchange` on an idle connection to its upstream, or on a new one; runs on the loop thread.
    func start(_ exchange: Exchange) {
        exchange.deadline = loop.turnStart + exchange.timeout
        if let connection = take(exchange.upstream) {
            connection.reuse(for: exchange)
        } else {
            ClientConnection(upstream: exchange.upstream, pool: self).open(exchange)
        }
    }

    /// An idle connection to `upstream` that is still open, most recently used first.
    func take(_ upstream: Upstream) -> ClientConnection? {
        // One hash per call: lists are reached by index and changed in place, and an empty one is dropped.
        let now = loop.turnStart
        while let index = idle.index(forKey: upstream) {
            let connection = idle.values[index].removeLast()
            if idle.values[index].isEmpty { idle.remove(at: index) }
            if connection.claimIfOpen(now: now) { return connection }
        }
        return nil
    }

    /// Keeps `connection` for reuse, or closes it when the pool is full or shutting down.
    func put(_ connection: ClientConnection) {
        let index = idle.index(forKey: connection.upstream)
        guard !closing, index.map({ idle.values[$0].count }) ?? 0 < settings.maxIdlePerUpstream else {
            connection.close()
            return
        }
        if let index {
            idle.values[index].append(connection)
        } else {
            idle[connection.upstream] = [connection]
        }
        connection.parkIdle()
    }

    /// Forgets `connection`, which closed while idle.
    func remove(_ connection: ClientConnection) {
        idle[connection.upstream]?.removeAll { $0 === connection }
        if idle[connection.upstream]?.isEmpty == true { idle[connection.upstream] = nil }
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
