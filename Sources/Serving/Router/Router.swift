import HTTP

/// The data plane's front door: an Open Inference Protocol server on loopback that splits each
/// model's traffic between its stable and canary servers and counts what every version does.
public final class Router: Sendable {
    /// The port the router listens on; the one the kernel picked when 0 was asked for.
    public let port: Int
    /// Every version's counters, for the controller's analysis and for `/metrics`.
    public let metrics: ServingMetrics
    private let table: RouteTable
    private let client: HTTPClient
    private let server: HTTPServer

    /// Starts a router on `host:port` whose server and upstream client share the loops of `group`.
    ///
    /// `upstreamTimeout` bounds one inference request; `probeTimeout` bounds one readiness probe;
    /// `log` hears of trouble no one request causes (descriptors running out).
    public init(
        host: String = "127.0.0.1", port: Int = 0, group: EventLoopGroup,
        upstreamTimeout: Duration = .seconds(30), probeTimeout: Duration = .seconds(2),
        limits: HTTPServerLimits = HTTPServerLimits(), log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(SocketError) {
        let metrics = ServingMetrics()
        let table = RouteTable(metrics: metrics)
        let client = HTTPClient(group: group)
        let proxy = InferenceProxy(
            table: table, metrics: metrics, client: client, upstreamTimeout: upstreamTimeout, probeTimeout: probeTimeout)
        server = try HTTPServer(host: host, port: port, group: group, limits: limits, log: log) { request, responder in
            proxy.handle(request, responder)
        }
        self.port = server.port
        self.metrics = metrics
        self.table = table
        self.client = client
    }

    /// Replaces every model's route at once; requests already sent keep the backend they were given.
    public func setRoutes(_ routes: [ModelRoute]) {
        table.set(routes)
    }

    /// The routes in force, in model order.
    public func routes() -> [ModelRoute] {
        table.routes()
    }

    /// Stops listening and closes idle upstream connections; the caller shuts the group down after.
    public func shutdown() {
        server.shutdown()
        client.shutdown()
    }
}
