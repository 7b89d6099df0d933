import Testing
@testable import HTTP

/// The parsers on their own, fed in every possible split, since the network may split anywhere.
@Suite struct ParserTests {
    /// Decodes `wire` fed one byte more at a time, as the server's buffer would grow.
    private func decodeByteByByte(_ wire: String, limit: Int = 1 << 20) -> (ChunkedDecoder.Step, [UInt8]) {
        let bytes = Array(wire.utf8)
        var decoder = ChunkedDecoder(maxTrailerBytes: 1024)
        var body: [UInt8] = []
        var consumed = 0
        var last = ChunkedDecoder.Step.needMore(consumedTo: 0)
        for end in 1...bytes.count {
            last = bytes[0..<end].withUnsafeBufferPointer { decoder.decode($0, from: consumed, into: &body, limit: limit) }
            switch last {
            case .needMore(let next): consumed = next
            case .done, .failed: return (last, body)
            }
        }
        return (last, body)
    }

    @Test func chunkedBodySurvivesAnySplit() {
        let wire = "4;a=b\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\nNEXT"
        let (step, body) = decodeByteByByte(wire)
        #expect(step == .done(consumedTo: wire.utf8.count - 4))
        #expect(String(decoding: body, as: UTF8.self) == "Wikipedia in\r\n\r\nchunks.")
    }

    @Test(arguments: [
        ("5\r\nhello\r\n0\r\n\r\n", 4, HTTPParseError.bodyTooLarge),
        ("5\r\nhelloX\r\n0\r\n\r\n", 100, .malformed("chunk data is not followed by CRLF")),
        ("0\r\nbad trailer\r\n\r\n", 100, .malformed("a trailer line is not a field")),
        ("0\r\n\n", 100, .malformed("a trailer line ends in a bare LF")),
    ])
    func chunkedBodyRefusals(wire: String, limit: Int, expected: HTTPParseError) {
        #expect(decodeByteByByte(wire, limit: limit).0 == .failed(expected))
    }

    @Test func headScannerFindsTheEmptyLineAcrossSplits() {
        let bytes = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\nrest".utf8)
        var resume = 0
        var found: Int?
        for end in 1...bytes.count where found == nil {
            let outcome = bytes[0..<end].withUnsafeBufferPointer {
                HeadScanner.scan($0, start: 0, resumeAt: resume, limit: 1024)
            }
            switch outcome {
            case .complete(let headEnd): found = headEnd
            case .incomplete(let next): resume = next
            case .failed: Issue.record("a valid head was refused")
            }
        }
        #expect(found == bytes.count - 4)
    }

    @Test func requestHeadKeepsFieldsInOrderAndDecidesFraming() throws {
        let head = Array("POST /v2/models/m/infer?x=1 HTTP/1.1\r\nHost: h\r\nX-A:  1 \r\nx-a: 2\r\nContent-Length: 7\r\n\r\n".utf8)
        let parsed = head.withUnsafeBufferPointer { HeadParser.request($0, start: 0, end: head.count, maxHeaders: 10) }
        let request = try parsed.get()
        #expect(request.method == "POST")
        #expect(request.target == "/v2/models/m/infer?x=1")
        #expect(request.headers.values("x-a") == ["1", "2"])
        #expect(request.framing == .length(7))
        #expect(request.keepAlive)
    }

    @Test(arguments: [
        ("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", "GET", BodyFraming.none, true),
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "HEAD", .none, true),
        ("HTTP/1.1 200 OK\r\n\r\n", "GET", .untilClose, false),
        ("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n", "GET", .length(2), false),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n", "GET", .chunked, false),
    ])
    func responseFraming(wire: String, method: String, framing: BodyFraming, keepAlive: Bool) throws {
        let bytes = Array(wire.utf8)
        let head = try bytes.withUnsafeBufferPointer {
            HeadParser.response($0, start: 0, end: bytes.count, maxHeaders: 10, method: method)
        }.get()
        #expect(head.framing == framing)
        #expect(head.keepAlive == keepAlive)
    }

    @Test func tokenBytesAreExactlyTheTcharsOfRFC9110() {
        let tchars = Set("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(HeadParser.isTokenByte(byte) == tchars.contains(byte), "byte \(byte)")
        }
    }
}
