/// An upstream a client talks to: host and port.
public struct Upstream: Sendable, Hashable, CustomStringConvertible {
    /// A dotted IPv4 address or `localhost`.
    public var host: String
    /// The TCP port.
    public var port: Int

    /// Creates an upstream.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`.
    public var description: String { "\(host):\(port)" }

    /// Hashes the port alone: pools look upstreams up per request, nearly all on one host, and
    /// equality still compares the host.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(port)
    }
}

/// Why a request to an upstream got no usable response.
public struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in the terms a caller decides on.
    public enum Kind: Sendable, Equatable {
        /// Nothing listens there: the request was never sent, so trying another upstream is safe.
        case connectionRefused
        /// The connection could not be made for another reason (no route, bad address).
        case connectFailed
        /// No complete response arrived before the deadline.
        case timeout
        /// The upstream closed the connection before a complete response.
        case connectionClosed
        /// The response broke the protocol or framed its body ambiguously.
        case malformedResponse
    }

    /// What went wrong.
    public let kind: Kind
    /// Where it went wrong.
    public let upstream: Upstream
    /// Whether no byte of the request reached the upstream, so retrying cannot do it twice.
    public let requestNotSent: Bool
    /// The details: errno text or parse failure.
    public let detail: String

    /// Says what happened, where, and what to do.
    public var description: String {
        switch kind {
        case .connectionRefused:
            "\(upstream) refused the connection (\(detail)); check that the server there is running and listening"
        case .connectFailed:
            "could not connect to \(upstream) (\(detail)); check the address"
        case .timeout:
            "\(upstream) sent no complete response in time (\(detail)); the server may be overloaded or stuck"
        case .connectionClosed:
            "\(upstream) closed the connection before a complete response (\(detail)); the server may have crashed or restarted"
        case .malformedResponse:
            "\(upstream) sent a malformed response (\(detail)); the server does not speak strict HTTP/1.1"
        }
    }
}
