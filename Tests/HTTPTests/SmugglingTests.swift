import Testing
@testable import HTTP

/// Each request frames itself ambiguously or breaks the grammar; a second request rides behind it.
/// The server must answer 400, close, and never hand the rider to the handler.
@Suite(.serialized) struct SmugglingTests {
    static let rider = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n"

    static let ambiguous: [String] = [
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x5\r\n\r\nhello",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n\ttwo\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length : 5\r\n\r\nhello",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nz\r\nhello\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\nhello\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n",
        "GET / HTTP/1.1\nHost: a\n\n",
        "GET / HTTP/1.1\r\nHost: a\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\rX-Y: z\r\n\r\n",
        "G@T / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET nopath HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.2x\r\nHost: a\r\n\r\n",
        "GET / http/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX-Nul: a\u{0}b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX-Bell: a\u{7}b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX Space: v\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n: novalue\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
    ]

    @Test(arguments: ambiguous)
    func ambiguousFramingIsRefusedAndTheConnectionClosed(request: String) throws {
        let log = RequestLog()
        let server = try echoServer(log: log)
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        client.send(request + Self.rider)
        let responses = client.responses(2)
        #expect(responses.map(\.status) == [400])
        #expect(responses.first?.header("connection") == "close")
        #expect(client.waitForClose())
        #expect(log.requests.isEmpty)
        #expect(!log.requests.contains { $0.target == "/smuggled" })
    }

    @Test func unsupportedVersionIs505() throws {
        let log = RequestLog()
        let server = try echoServer(log: log)
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        client.send("GET / HTTP/2.0\r\nHost: a\r\n\r\n" + Self.rider)
        #expect(client.responses(2).map(\.status) == [505])
        #expect(client.waitForClose())
        #expect(log.requests.isEmpty)
    }

    @Test func anAcceptedRequestBeforeABadOneIsAnsweredFirst() throws {
        let log = RequestLog()
        let server = try echoServer(log: log)
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        client.send("GET /fine HTTP/1.1\r\nHost: a\r\n\r\n" + Self.ambiguous[0] + Self.rider)
        #expect(client.responses(3).map(\.status) == [200, 400])
        #expect(client.waitForClose())
        #expect(log.requests.map(\.target) == ["/fine"])
    }
}
