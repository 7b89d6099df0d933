import Foundation
import Testing
@testable import HTTP

/// What a server refuses before it holds memory: heads its check turns away, bodies over a route's
/// limit, and connections and body bytes past the server's caps.
@Suite(.serialized) struct ServerBoundsTests {
    /// A one-loop echo server whose head check is `admit`, recording the heads it saw.
    private func withServer(
        _ limits: HTTPServerLimits = HTTPServerLimits(), admit: @escaping @Sendable (HTTPRequest) -> HeadVerdict,
        _ body: (Int, RequestLog, RequestLog) throws -> Void
    ) throws {
        let heads = RequestLog()
        let handled = RequestLog()
        let server = try HTTPServer(loops: 1, limits: limits, admit: { request in
            heads.record(request)
            return admit(request)
        }) { request, responder in
            handled.record(request)
            responder.respond(HTTPResponse(status: 200, text: "\(request.target) \(request.body.count)"))
        }
        defer { server.shutdown() }
        try body(server.port, heads, handled)
    }

    private static let needsToken: @Sendable (HTTPRequest) -> HeadVerdict = { request in
        request.headers["authorization"] == "Bearer good"
            ? .accept(maxBodyBytes: request.path == "/small" ? 10 : nil)
            : .refuse(HTTPResponse(status: 401, text: "no token"))
    }

    @Test func aHeadTheCheckRefusesIsAnsweredAtOnceWithoutItsBody() throws {
        try withServer(admit: Self.needsToken) { port, heads, handled in
            let client = try RawClient(port: port)
            // 50 MB announced and none sent: the answer must not wait for it.
            client.send("POST /api HTTP/1.1\r\nHost: a\r\nContent-Length: 50000000\r\n\r\n")
            let responses = client.responses(1)
            #expect(responses.map(\.status) == [401])
            #expect(responses.first?.body == "no token")
            #expect(responses.first?.header("connection") == "close")
            #expect(client.waitForClose())
            #expect(heads.requests.count == 1 && heads.requests.first?.body.isEmpty == true)
            #expect(handled.requests.isEmpty)
        }
    }

    @Test func aHeadTheCheckAcceptsReachesTheHandlerWithItsBody() throws {
        try withServer(admit: Self.needsToken) { port, heads, handled in
            let client = try RawClient(port: port)
            client.send("POST /api HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer good\r\nContent-Length: 5\r\n\r\nhello")
            #expect(client.responses(1).map(\.body) == ["/api 5"])
            #expect(handled.requests.first?.body == Array("hello".utf8))
            let peer = try #require(handled.requests.first?.peer)
            #expect(peer.host == "127.0.0.1" && peer.port != 0)
            #expect(heads.requests.first?.peer == peer)
        }
    }

    @Test(arguments: [
        "Content-Length: 11\r\n\r\n",
        "Transfer-Encoding: chunked\r\n\r\nb\r\nhello world\r\n0\r\n\r\n",
    ])
    func aBodyOverTheRoutesLimitIs413(_ framing: String) throws {
        try withServer(admit: Self.needsToken) { port, _, handled in
            let client = try RawClient(port: port)
            client.send("POST /small HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer good\r\n" + framing)
            #expect(client.responses(1).map(\.status) == [413])
            #expect(handled.requests.isEmpty)
        }
    }

    @Test func aRouteMayAllowMoreThanTheServersLimit() throws {
        let limits = HTTPServerLimits(maxBodyBytes: 4)
        try withServer(limits, admit: { .accept(maxBodyBytes: $0.path == "/big" ? 100 : nil) }) { port, _, _ in
            let client = try RawClient(port: port)
            client.send("POST /big HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world")
            #expect(client.responses(1).map(\.body) == ["/big 11"])
            client.send("POST /other HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world")
            #expect(client.responses(1).map(\.status) == [413])
        }
    }

    @Test func bodyBytesPastTheServersCapAre503WithRetryAfterUntilTheyAreAnswered() throws {
        let limits = HTTPServerLimits(maxBodyBytesInFlight: 1000, retryAfterSeconds: 7)
        try withServer(limits, admit: { _ in .accept(maxBodyBytes: nil) }) { port, heads, _ in
            let holding = try RawClient(port: port)
            holding.send("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 800\r\n\r\n" + String(repeating: "x", count: 100))
            #expect(heads.wait(for: 1).count == 1)
            let refused = try RawClient(port: port)
            refused.send("POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 800\r\n\r\n")
            let busy = refused.responses(1)
            #expect(busy.map(\.status) == [503])
            #expect(busy.first?.header("retry-after") == "7")
            #expect(refused.waitForClose())
            // Small bodies still fit beside the one held.
            let small = try RawClient(port: port)
            small.send("POST /c HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n" + String(repeating: "y", count: 100))
            #expect(small.responses(1).map(\.body) == ["/c 100"])
            holding.send(String(repeating: "x", count: 700))
            #expect(holding.responses(1).map(\.body) == ["/a 800"])
            // Answered, the held bytes count no longer.
            let after = try RawClient(port: port)
            after.send("POST /d HTTP/1.1\r\nHost: a\r\nContent-Length: 800\r\n\r\n" + String(repeating: "z", count: 800))
            #expect(after.responses(1).map(\.body) == ["/d 800"])
        }
    }

    @Test func aChunkedBodyPastTheServersCapIs503() throws {
        let limits = HTTPServerLimits(maxBodyBytesInFlight: 10)
        try withServer(limits, admit: { _ in .accept(maxBodyBytes: nil) }) { port, _, handled in
            let client = try RawClient(port: port)
            client.send("POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nb\r\nhello world\r\n0\r\n\r\n")
            #expect(client.responses(1).map(\.status) == [503])
            #expect(handled.requests.isEmpty)
        }
    }

    @Test func connectionsPastTheCapAre503WithRetryAfterAndCloseUntilOneLeaves() throws {
        let limits = HTTPServerLimits(maxConnections: 2)
        try withServer(limits, admit: { _ in .accept(maxBodyBytes: nil) }) { port, _, _ in
            var first: RawClient? = try RawClient(port: port)
            let second = try RawClient(port: port)
            for client in [first!, second] {
                client.send("GET /held HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(client.responses(1).map(\.status) == [200])
            }
            let third = try RawClient(port: port)
            third.send("GET /third HTTP/1.1\r\nHost: a\r\n\r\n")
            let busy = third.responses(1)
            #expect(busy.map(\.status) == [503])
            #expect(busy.first?.header("retry-after") == "1")
            #expect(third.waitForClose())
            first = nil
            // The server notices the close on its own loop; a new client gets in once it has.
            let deadline = Date(timeIntervalSinceNow: 30)
            var status = 0
            while status != 200, Date() < deadline {
                let next = try RawClient(port: port)
                next.send("GET /next HTTP/1.1\r\nHost: a\r\n\r\n")
                status = next.responses(1).first?.status ?? 0
            }
            #expect(status == 200)
            _ = first
        }
    }

    @Test func anAbsoluteFormTargetHasThePathAfterItsAuthority() throws {
        try withServer(admit: { _ in .accept(maxBodyBytes: nil) }) { port, _, handled in
            let client = try RawClient(port: port)
            client.send("GET http://example.com:8080/v2/health/ready?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n")
            #expect(client.responses(1).map(\.status) == [200])
            let request = try #require(handled.requests.first)
            #expect(request.path == "/v2/health/ready")
            #expect(request.query == "x=1")
        }
    }

    @Test(arguments: [
        ("/a/b?c", "/a/b"), ("http://h/a/b?c", "/a/b"), ("https://h:1/a", "/a"), ("http://h", "/"), ("http://h?q", "/"),
        ("*", "*"), ("/a:b//c", "/a:b//c"),
    ])
    func pathsOfEveryTargetForm(_ target: String, _ path: String) {
        #expect(HTTPRequest(target: target).path == path)
    }

    @Test func connectionOptionsNameTheFieldsOfThisHop() throws {
        #expect(HTTPHeaders([("Connection", "keep-alive"), ("Content-Type", "x")]).connectionOptions == nil)
        #expect(HTTPHeaders([("Content-Type", "x")]).connectionOptions == nil)
        var headers = HTTPHeaders([
            ("Connection", "close, X-Secret ,\tKeep-Alive"), ("X-Secret", "s"), ("connection", "x-other"),
            ("X-Other", "o"), ("X-Kept", "k"),
        ])
        let options = try #require(headers.connectionOptions)
        headers.remove(options)
        #expect(headers.fields.map(\.name) == ["Connection", "connection", "X-Kept"])
    }
}
