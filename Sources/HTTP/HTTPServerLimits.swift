/// The bounds the server holds every client to.
public struct HTTPServerLimits: Sendable {
    /// Largest request head (request line and fields), in bytes; beyond it the answer is 431.
    public var maxHeaderBytes: Int
    /// Most header fields in one request; beyond it the answer is 431.
    public var maxHeaderCount: Int
    /// Largest request body, in bytes, unless the server's head check gives a request another; beyond it the answer is 413.
    public var maxBodyBytes: Int
    /// How long a keep-alive connection may sit between requests before it is closed.
    public var idleTimeout: Duration
    /// How long a request may take to arrive in full, from its first byte; beyond it the answer is 408.
    public var readTimeout: Duration
    /// How many requests of one connection may await their responses before reading pauses.
    public var maxPipelined: Int
    /// Most connections the server holds open at once, over all its loops; a connection past it is
    /// answered 503 with `Retry-After` and closed.
    public var maxConnections: Int
    /// Most request-body bytes the server holds at once, over all its connections: a body counts
    /// from its head (the length it announces, or what a chunked body has sent) until its response.
    /// A request that would pass it is answered 503 with `Retry-After`, and its body is not read.
    public var maxBodyBytesInFlight: Int
    /// The seconds a 503 of either cap asks the client to wait, in `Retry-After`.
    public var retryAfterSeconds: Int

    /// Creates limits; the defaults suit an inference router.
    public init(
        maxHeaderBytes: Int = 16 * 1024, maxHeaderCount: Int = 100, maxBodyBytes: Int = 64 * 1024 * 1024,
        idleTimeout: Duration = .seconds(60), readTimeout: Duration = .seconds(30), maxPipelined: Int = 32,
        maxConnections: Int = 4096, maxBodyBytesInFlight: Int = 256 * 1024 * 1024, retryAfterSeconds: Int = 1
    ) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.idleTimeout = idleTimeout
        self.readTimeout = readTimeout
        self.maxPipelined = maxPipelined
        self.maxConnections = maxConnections
        self.maxBodyBytesInFlight = maxBodyBytesInFlight
        self.retryAfterSeconds = retryAfterSeconds
    }
}
