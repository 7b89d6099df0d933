import Glibc

/// The start line and fields of a request, with its body framing decided.
struct RequestHead {
    /// The method token.
    var method: String
    /// The request target as sent.
    var target: String
    /// The protocol version.
    var version: HTTPVersion
    /// The fields, in order.
    var headers: HTTPHeaders
    /// How the body is delimited.
    var framing: BodyFraming
    /// Whether the connection should stay open after the response.
    var keepAlive: Bool
    /// Whether the client waits for `100 Continue` before sending the body.
    var expectsContinue: Bool
}

/// The status line and fields of a response, with its body framing decided.
struct ResponseHead {
    /// The three-digit status.
    var status: Int
    /// The protocol version.
    var version: HTTPVersion
    /// The fields, in order.
    var headers: HTTPHeaders
    /// How the body is delimited.
    var framing: BodyFraming
    /// Whether the connection may carry another request after this response.
    var keepAlive: Bool
}

/// Strict parsing of a complete message head found by `HeadScanner`.
///
/// Anything that two implementations could read differently is refused: that is what keeps a
/// second request from hiding inside the first.
enum HeadParser {
    /// What the framing-relevant fields said.
    private struct FramingFields {
        var contentLength: Int?
        var chunked = false
        var close = false
        var keepAlive = false
        var expectsContinue = false
        var hostCount = 0
    }

    /// Parses a request head in `bytes[start..<end]`.
    static func request(
        _ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, maxHeaders: Int
    ) -> Result<RequestHead, HTTPParseError> {
        let lineEnd = lineEnd(bytes, from: start)
        guard let firstSpace = index(of: 0x20, in: bytes, start, lineEnd), firstSpace > start else {
            return .failure(.malformed("the request line has no method"))
        }
        for byte in bytes[start..<firstSpace] where !isTokenByte(byte) {
            return .failure(.malformed("the method holds a byte that is not a token character"))
        }
        guard let secondSpace = index(of: 0x20, in: bytes, firstSpace + 1, lineEnd),
              secondSpace > firstSpace + 1
        else { return .failure(.malformed("the request line must be METHOD SP TARGET SP VERSION")) }
        for byte in bytes[(firstSpace + 1)..<secondSpace] where byte <= 0x20 || byte >= 0x7F {
            return .failure(.malformed("the request target holds a space, control or non-ASCII byte"))
        }
        let targetFirst = bytes[firstSpace + 1]
        let targetLength = secondSpace - firstSpace - 1
        guard targetFirst == 0x2F || (targetFirst == 0x2A && targetLength == 1)
            || startsWithScheme(bytes, firstSpace + 1, secondSpace)
        else { return .failure(.malformed("the request target must be a path, an absolute URL or *")) }
        let version: HTTPVersion
        switch parseVersion(bytes, secondSpace + 1, lineEnd) {
        case .success(let parsed): version = parsed
        case .failure(let error): return .failure(error)
        }
        var headers = HTTPHeaders()
        var fields = FramingFields()
        if let error = parseFields(bytes, lineEnd + 2, end, maxHeaders, &headers, &fields) {
            return .failure(error)
        }
        if version == .http1_1, fields.hostCount != 1 {
            return .failure(.malformed("an HTTP/1.1 request needs exactly one Host field"))
        }
        if fields.chunked, version == .http1_0 {
            return .failure(.malformed("Transfer-Encoding is not allowed in an HTTP/1.0 request"))
        }
        let framing: BodyFraming =
            fields.chunked ? .chunked : fields.contentLength.map { $0 == 0 ? .none : .length($0) } ?? .none
        let keepAlive = version == .http1_1 ? !fields.close : (fields.keepAlive && !fields.close)
        return .success(RequestHead(
            method: string(bytes, start, firstSpace),
            target: string(bytes, firstSpace + 1, secondSpace),
            version: version, headers: headers, framing: framing, keepAlive: keepAlive,
            expectsContinue: fields.expectsContinue && version == .http1_1 && framing != .none))
    }

    /// Parses a response head in `bytes[start..<end]` answering a request with `method`.
    static func response(
        _ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, maxHeaders: Int, method: String
    ) -> Result<ResponseHead, HTTPParseError> {
        let lineEnd = lineEnd(bytes, from: start)
        guard let firstSpace = index(of: 0x20, in: bytes, start, lineEnd) else {
            return .failure(.malformed("the status line must be VERSION SP STATUS SP REASON"))
        }
        let version: HTTPVersion
        switch parseVersion(bytes, start, firstSpace) {
        case .success(let parsed): version = parsed
        case .failure(let error): return .failure(error)
        }
        guard firstSpace + 4 <= lineEnd,
              (firstSpace + 4 == lineEnd || bytes[firstSpace + 4] == 0x20),
              bytes[(firstSpace + 1)..<(firstSpace + 4)].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else { return .failure(.malformed("the status code must be three digits")) }
        let status = bytes[(firstSpace + 1)..<(firstSpace + 4)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        var headers = HTTPHeaders()
        var fields = FramingFields()
        if let error = parseFields(bytes, lineEnd + 2, end, maxHeaders, &headers, &fields) {
            return .failure(error)
        }
        let framing: BodyFraming
        if method == "HEAD" || status / 100 == 1 || status == 204 || status == 304 {
            framing = .none
        } else if fields.chunked {
            framing = .chunked
        } else if let length = fields.contentLength {
            framing = length == 0 ? .none : .length(length)
        } else {
            framing = .untilClose
        }
        let keepAlive = framing != .untilClose
            && (version == .http1_1 ? !fields.close : (fields.keepAlive && !fields.close))
        return .success(ResponseHead(
            status: status, version: version, headers: headers, framing: framing, keepAlive: keepAlive))
    }

    private static func parseVersion(
        _ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int
    ) -> Result<HTTPVersion, HTTPParseError> {
        let text = bytes[from..<to]
        guard text.count == 8, text.starts(with: "HTTP/".utf8),
              let major = digit(bytes[from + 5]), bytes[from + 6] == 0x2E, let minor = digit(bytes[from + 7])
        else { return .failure(.malformed("the version must be HTTP/1.1 or HTTP/1.0")) }
        switch (major, minor) {
        case (1, 1): return .success(.http1_1)
        case (1, 0): return .success(.http1_0)
        default: return .failure(.unsupportedVersion)
        }
    }

    /// Parses the field lines from `from` up to the empty line before `end`.
    private static func parseFields(
        _ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int, _ maxHeaders: Int,
        _ headers: inout HTTPHeaders, _ fields: inout FramingFields
    ) -> HTTPParseError? {
        var lineStart = from
        var count = 0
        headers = HTTPHeaders(fieldLines: UnsafeBufferPointer(rebasing: bytes[from..<end]))
        while lineStart < end - 2 {
            let lineEnd = lineEnd(bytes, from: lineStart)
            count += 1
            if count > maxHeaders { return .tooManyHeaders }
            let first = bytes[lineStart]
            if first == 0x20 || first == 0x09 {
                return .malformed("a field line starts with whitespace (obsolete line folding)")
            }
            guard let colon = index(of: 0x3A, in: bytes, lineStart, lineEnd), colon > lineStart else {
                return .malformed("a field line has no name followed by a colon")
            }
            for byte in bytes[lineStart..<colon] where !isTokenByte(byte) {
                return .malformed("a field name holds whitespace or a byte that is not a token character")
            }
            var valueStart = colon + 1
            var valueEnd = lineEnd
            while valueStart < valueEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
            while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
            for byte in bytes[valueStart..<valueEnd] where (byte < 0x20 && byte != 0x09) || byte == 0x7F {
                return .malformed("a field value holds a NUL, CR or other control byte")
            }
            if let error = noteFraming(bytes, lineStart, colon, valueStart, valueEnd, &fields) { return error }
            headers.addLine(name: (lineStart - from)..<(colon - from), value: (valueStart - from)..<(valueEnd - from))
            lineStart = lineEnd + 2
        }
        if fields.chunked, fields.contentLength != nil {
            return .malformed("both Content-Length and Transfer-Encoding frame the body")
        }
        return nil
    }

    /// Records what a field says about framing and connection handling, refusing doubtful values.
    private static func noteFraming(
        _ bytes: UnsafeBufferPointer<UInt8>, _ nameStart: Int, _ nameEnd: Int,
        _ valueStart: Int, _ valueEnd: Int, _ fields: inout FramingFields
    ) -> HTTPParseError? {
        let name = bytes[nameStart..<nameEnd]
        let value = bytes[valueStart..<valueEnd]
        if equalsIgnoringCase(name, "content-length") {
            guard fields.contentLength == nil else {
                return .malformed("Content-Length appears more than once")
            }
            guard !value.isEmpty, value.count <= 18, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                return .malformed("Content-Length must be decimal digits only")
            }
            fields.contentLength = value.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        } else if equalsIgnoringCase(name, "transfer-encoding") {
            guard !fields.chunked else { return .malformed("Transfer-Encoding appears more than once") }
            guard equalsIgnoringCase(value, "chunked") else {
                return .malformed("Transfer-Encoding must be exactly chunked")
            }
            fields.chunked = true
        } else if equalsIgnoringCase(name, "connection") {
            var tokenStart = valueStart
            while tokenStart < valueEnd {
                let tokenEnd = index(of: 0x2C, in: bytes, tokenStart, valueEnd) ?? valueEnd
                var from = tokenStart
                var to = tokenEnd
                while from < to, bytes[from] == 0x20 || bytes[from] == 0x09 { from += 1 }
                while to > from, bytes[to - 1] == 0x20 || bytes[to - 1] == 0x09 { to -= 1 }
                if equalsIgnoringCase(bytes[from..<to], "close") { fields.close = true }
                if equalsIgnoringCase(bytes[from..<to], "keep-alive") { fields.keepAlive = true }
                tokenStart = tokenEnd + 1
            }
        } else if equalsIgnoringCase(name, "expect") {
            fields.expectsContinue = equalsIgnoringCase(value, "100-continue")
        } else if equalsIgnoringCase(name, "host") {
            fields.hostCount += 1
        }
        return nil
    }

    /// The index of the CRLF that ends the line starting at `from` (the scanner guarantees one).
    ///
    /// A bare CR stays inside the line, where the byte checks refuse it.
    private static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var position = from
        while true {
            let found = memchr(bytes.baseAddress! + position, 0x0D, bytes.count - position)!
            position = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if bytes[position + 1] == 0x0A { return position }
            position += 1
        }
    }

    private static func index(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int? {
        var position = from
        while position < to {
            if bytes[position] == byte { return position }
            position += 1
        }
        return nil
    }

    private static func startsWithScheme(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        let text = bytes[from..<to]
        return text.starts(with: "http://".utf8) || text.starts(with: "https://".utf8)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
    }

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
    }

    /// Whether `bytes` spell `lowercase` in any case.
    static func equalsIgnoringCase<Bytes: Collection<UInt8>>(_ bytes: Bytes, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        var wanted = lowercase.utf8Start
        for actual in bytes {
            guard actual == wanted.pointee || (actual.isASCIILetter && actual | 0x20 == wanted.pointee) else { return false }
            wanted += 1
        }
        return true
    }

    /// Whether `byte` may appear in a token (method, field name): RFC 9110 tchar.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        // Bit n of the mask for bytes 0-63 and 64-127 says whether byte n is a tchar.
        let low: UInt64 = 0x03FF_6CFA_0000_0000
        let high: UInt64 = 0x57FF_FFFF_C7FF_FFFE
        return byte < 64 ? low >> byte & 1 == 1 : byte < 128 && high >> (byte - 64) & 1 == 1
    }
}
