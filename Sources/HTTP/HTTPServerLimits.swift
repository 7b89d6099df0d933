/// The bounds the server holds every client to.
public struct HTTPServerLimits: Sendable {
    /// Largest request head (request line and fields), in bytes; beyond it the answer is 431.
    public var maxHeaderBytes: Int
    /// Most header fields in one request; beyond it the answer is 431.
    public var maxHeaderCount: Int
    /// Largest request body, in bytes; beyond it the answer is 413.
    public var maxBodyBytes: Int
    /// How long a keep-alive connection may sit between requests before it is closed.
    public var idleTimeout: Duration
    /// How long a request may take to arrive in full, from its first byte; beyond it the answer is 408.
    public var readTimeout: Duration
    /// How many requests of one connection may await their responses before reading pauses.
    public var maxPipelined: Int

    /// Creates limits; the defaults suit an inference router.
    public init(
        maxHeaderBytes: Int = 16 * 1024, maxHeaderCount: Int = 100, maxBodyBytes: Int = 64 * 1024 * 1024,
        idleTimeout: Duration = .seconds(60), readTimeout: Duration = .seconds(30), maxPipelined: Int = 32
    ) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.idleTimeout = idleTimeout
        self.readTimeout = readTimeout
        self.maxPipelined = maxPipelined
    }
}
