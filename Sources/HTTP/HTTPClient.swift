import Dispatch

/// How a client bounds what it keeps and what it accepts.
public struct HTTPClientSettings: Sendable {
    /// Most idle keep-alive connections kept per upstream per loop.
    public var maxIdlePerUpstream: Int
    /// How long an idle pooled connection is kept before the client closes it.
    public var idleTimeout: Duration
    /// Largest response head accepted, in bytes.
    public var maxResponseHeadBytes: Int
    /// Largest response body accepted, in bytes.
    public var maxResponseBodyBytes: Int

    /// Creates settings; the defaults suit a router in front of model servers.
    public init(
        maxIdlePerUpstream: Int = 64, idleTimeout: Duration = .seconds(30),
        maxResponseHeadBytes: Int = 64 * 1024, maxResponseBodyBytes: Int = 256 * 1024 * 1024
    ) {
        self.maxIdlePerUpstream = maxIdlePerUpstream
        self.idleTimeout = idleTimeout
        self.maxResponseHeadBytes = maxResponseHeadBytes
        self.maxResponseBodyBytes = maxResponseBodyBytes
    }
}

/// An HTTP/1.1 client with a pool of keep-alive connections per upstream on each loop.
///
/// A request sent from a loop thread (a server handler, say) stays on that loop; from elsewhere
/// it goes to the loops in turn.
public final class HTTPClient: Sendable {
    private let group: EventLoopGroup
    private let pools: [ObjectIdentifier: ClientPool]

    /// Creates a client whose connections live on the loops of `group`.
    public init(group: EventLoopGroup, settings: HTTPClientSettings = HTTPClientSettings()) {
        self.group = group
        var pools: [ObjectIdentifier: ClientPool] = [:]
        for loop in group.loops { pools[ObjectIdentifier(loop)] = ClientPool(loop: loop, settings: settings) }
        self.pools = pools
    }

    /// Sends `request` to `upstream` and calls `completion` on a loop thread with the response or why there is none.
    public func send(
        _ request: HTTPRequest, to upstream: Upstream, timeout: Duration,
        completion: @escaping @Sendable (Result<HTTPResponse, HTTPClientError>) -> Void
    ) {
        let loop = group.next()
        let pool = pools[ObjectIdentifier(loop)]!
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + request.body.count)
        MessageEncoder.append(request, upstream: upstream, to: &bytes)
        let exchange = Exchange(
            bytes: bytes, method: request.method, upstream: upstream,
            timeout: timeout.nanoseconds, completion: completion)
        // A handler on a loop thread (the router's) starts at once, with no closure to hop through.
        if loop.inLoop {
            pool.start(exchange)
        } else {
            loop.execute { pool.start(exchange) }
        }
    }

    /// Sends `request` to `upstream` and returns its response.
    public func send(
        _ request: HTTPRequest, to upstream: Upstream, timeout: Duration
    ) async throws(HTTPClientError) -> HTTPResponse {
        let result = await withCheckedContinuation { continuation in
            send(request, to: upstream, timeout: timeout) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// How many idle connections to `upstream` the pools hold, summed over loops.
    public func idleConnectionCount(to upstream: Upstream) -> Int {
        pools.values.reduce(0) { total, pool in
            total + Self.onLoop(pool.loop) { pool.idleCount(upstream) }
        }
    }

    /// Closes every idle connection; requests in flight finish on their own.
    ///
    /// Call it before the group shuts down: a stopped loop runs no more work, so requests still
    /// in flight then never complete.
    public func shutdown() {
        for pool in pools.values { Self.onLoop(pool.loop) { pool.closeAll() } }
    }

    private static func onLoop<Value: Sendable>(_ loop: EventLoop, _ work: @escaping @Sendable () -> Value) -> Value {
        if loop.inLoop { return work() }
        let box = ResultBox<Value>()
        loop.execute {
            box.value = work()
            box.done.signal()
        }
        box.done.wait()
        return box.value!
    }
}

/// Carries a value out of work run on a loop, read only after the semaphore says it ran.
private final class ResultBox<Value>: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    var value: Value?
}
