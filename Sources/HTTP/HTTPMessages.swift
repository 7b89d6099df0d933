/// The protocol version of a message; only HTTP/1.0 and HTTP/1.1 are spoken.
public enum HTTPVersion: Sendable, Equatable {
    /// HTTP/1.0: one request per connection unless keep-alive is asked for.
    case http1_0
    /// HTTP/1.1: persistent connections, chunked coding, Host required.
    case http1_1

    /// The version as it appears on the wire.
    var text: String { self == .http1_0 ? "HTTP/1.0" : "HTTP/1.1" }
}

/// A request as the server received it or as the client will send it.
public struct HTTPRequest: Sendable {
    /// The method token, e.g. `GET`.
    public var method: String
    /// The request target: path and query, e.g. `/v2/models/m/infer?x=1`.
    public var target: String
    /// The protocol version.
    public var version: HTTPVersion
    /// The header fields, in order.
    public var headers: HTTPHeaders
    /// The body bytes, decoded from any chunked framing.
    public var body: [UInt8]
    /// The client that sent it, for a request the server received.
    public var peer: PeerAddress?

    /// Creates a request.
    public init(
        method: String = "GET", target: String, version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], peer: PeerAddress? = nil
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.peer = peer
    }

    /// The target's path, up to any `?`: of an absolute-form target (`http://host/v2/…`, RFC 9112
    /// §3.2.2) the part from the slash after the authority, `/` when there is none.
    public var path: Substring {
        let utf8 = target.utf8
        let end = utf8.firstIndex(of: UInt8(ascii: "?")) ?? target.endIndex
        guard utf8.first != UInt8(ascii: "/") else { return target[..<end] }
        guard let authority = Self.authorityStart(of: target) else { return target[..<end] }
        guard let slash = utf8[authority..<end].firstIndex(of: UInt8(ascii: "/")) else { return "/" }
        return target[slash..<end]
    }

    /// Where the authority of an absolute-form target starts, after `scheme://`.
    private static func authorityStart(of target: String) -> String.Index? {
        let utf8 = target.utf8
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let rest = utf8[colon...]
        guard rest.starts(with: "://".utf8) else { return nil }
        return utf8.index(colon, offsetBy: 3)
    }

    /// The target after the first `?`, if there is one.
    public var query: Substring? {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        return target[target.utf8.index(after: mark)...]
    }
}

/// A response as the server will send it or as the client received it.
public struct HTTPResponse: Sendable {
    /// The status code, e.g. 200.
    public var status: Int
    /// The header fields, in order. The server adds framing headers itself.
    public var headers: HTTPHeaders
    /// The body bytes, decoded from any chunked framing.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Creates a response whose body is UTF-8 text.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), text: String) {
        self.init(status: status, headers: headers, body: Array(text.utf8))
    }
}
