/// What a response says about the connection.
enum ConnectionField {
    /// Nothing: HTTP/1.1 keeps the connection by default.
    case unstated
    /// `Connection: close`, the last response on the connection.
    case close
    /// `Connection: keep-alive`, which an HTTP/1.0 client needs to hear to keep the connection.
    case keepAlive
}

/// Writes responses and requests onto the wire.
enum MessageEncoder {
    /// Appends `response` to `out`: status line, fields, `Date` unless the response has one, framing,
    /// body (left out for HEAD).
    static func append(
        _ response: HTTPResponse, to out: inout [UInt8], headRequest: Bool, connection: ConnectionField,
        date: [UInt8]
    ) {
        out.append(static: "HTTP/1.1 ")
        appendDecimal(response.status, to: &out)
        out.append(0x20)
        out.append(static: reasonPhrase(response.status))
        out.append(static: "\r\n")
        let chunked = response.headers.firstValue(of: "transfer-encoding", is: "chunked")
        response.headers.encode(to: &out, skip: isFraming)
        if !response.headers.has("date") {
            out.append(static: "Date: ")
            out.append(contentsOf: date)
            out.append(static: "\r\n")
        }
        let bodyless = response.status / 100 == 1 || response.status == 204 || response.status == 304
        if chunked {
            out.append(static: "Transfer-Encoding: chunked\r\n")
        } else if !bodyless {
            out.append(static: "Content-Length: ")
            appendDecimal(response.body.count, to: &out)
            out.append(static: "\r\n")
        }
        switch connection {
        case .unstated: break
        case .close: out.append(static: "Connection: close\r\n")
        case .keepAlive: out.append(static: "Connection: keep-alive\r\n")
        }
        out.append(static: "\r\n")
        if headRequest || bodyless { return }
        if chunked {
            appendChunked(response.body, to: &out)
        } else {
            out.append(contentsOf: response.body)
        }
    }

    /// Appends `request` to `out` with a Host field naming `upstream` unless it has one, framed by length.
    static func append(_ request: HTTPRequest, upstream: Upstream, to out: inout [UInt8]) {
        out.append(contentsOf: request.method.utf8)
        out.append(0x20)
        out.append(contentsOf: request.target.utf8)
        out.append(static: request.version == .http1_0 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n")
        if !request.headers.has("host") {
            out.append(static: "Host: ")
            out.append(contentsOf: upstream.host.utf8)
            out.append(0x3A)
            appendDecimal(upstream.port, to: &out)
            out.append(static: "\r\n")
        }
        request.headers.encode(to: &out, skip: isFraming)
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
            out.append(static: "Content-Length: ")
            appendDecimal(request.body.count, to: &out)
            out.append(static: "\r\n")
        }
        out.append(static: "\r\n")
        out.append(contentsOf: request.body)
    }

    /// Whether the field is one the encoder writes itself from the message's shape.
    private static func isFraming(_ name: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        HeadParser.equalsIgnoringCase(name, "content-length")
            || HeadParser.equalsIgnoringCase(name, "transfer-encoding")
            || HeadParser.equalsIgnoringCase(name, "connection")
    }

    private static func appendChunked(_ body: [UInt8], to out: inout [UInt8]) {
        if !body.isEmpty {
            out.append(contentsOf: String(body.count, radix: 16).utf8)
            out.append(static: "\r\n")
            out.append(contentsOf: body)
            out.append(static: "\r\n")
        }
        out.append(static: "0\r\n\r\n")
    }

    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(0x30 + value))
            return
        }
        appendDecimal(value / 10, to: &out)
        out.append(UInt8(0x30 + value % 10))
    }

    /// The reason phrase for the statuses this project sends; others get an empty one, which is allowed.
    static func reasonPhrase(_ status: Int) -> StaticString {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 417: "Expectation Failed"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: ""
        }
    }
}

extension [UInt8] {
    /// Appends the bytes of a literal, a plain copy with none of a `String`'s machinery.
    mutating func append(static text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
