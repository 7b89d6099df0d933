import Foundation
import Testing
@testable import HTTP

@Suite(.serialized) struct HTTPServerTests {
    /// Runs `body` against a fresh echo server and shuts it down afterwards.
    private func withServer(
        _ limits: HTTPServerLimits = HTTPServerLimits(), _ body: (Int, RequestLog) throws -> Void
    ) throws {
        let log = RequestLog()
        let server = try echoServer(limits: limits, log: log)
        defer { server.shutdown() }
        try body(server.port, log)
    }

    @Test func simpleGet() throws {
        try withServer { port, log in
            let client = try RawClient(port: port)
            client.send("GET /v2/health/ready?x=1 HTTP/1.1\r\nHost: a\r\nX-Trace: t1\r\n\r\n")
            let responses = client.responses(1)
            #expect(responses.map(\.status) == [200])
            #expect(responses.first?.body == "GET /v2/health/ready?x=1 ")
            let date = try #require(responses.first?.header("date"))
            #expect(date.hasSuffix(" GMT") && date.count == 29)
            let request = try #require(log.requests.first)
            #expect(request.path == "/v2/health/ready")
            #expect(request.query == "x=1")
            #expect(request.headers["x-trace"] == "t1")
            #expect(request.version == .http1_1)
        }
    }

    @Test func keepAliveServesTwoRequestsOnOneConnection() throws {
        try withServer { port, _ in
            let client = try RawClient(port: port)
            client.send("GET /one HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(client.responses(1).map(\.body) == ["GET /one "])
            client.send("GET /two HTTP/1.1\r\nHost: a\r\n\r\n")
            let second = client.responses(1)
            #expect(second.map(\.body) == ["GET /two "])
            #expect(second.first?.header("connection") == nil)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let log = RequestLog()
        // The first request is answered last, from another thread, to prove ordering is the server's doing.
        let server = try HTTPServer(loops: 1) { request, responder in
            log.record(request)
            let response = HTTPResponse(status: 200, text: request.target)
            if request.target == "/1" {
                DispatchQueue.global().async {
                    _ = log.wait(for: 3)
                    responder.respond(response)
                }
            } else {
                responder.respond(response)
            }
        }
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        client.send("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.responses(3).map(\.body) == ["/1", "/2", "/3"])
    }

    @Test func contentLengthBody() throws {
        try withServer { port, log in
            let client = try RawClient(port: port)
            client.send("POST /infer HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello")
            client.send(" world")
            #expect(client.responses(1).map(\.body) == ["POST /infer hello world"])
            #expect(log.requests.first?.body == Array("hello world".utf8))
        }
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() throws {
        try withServer { port, _ in
            let client = try RawClient(port: port)
            client.send("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
            client.send("5;name=value\r\nhello\r\n1\r\n \r\n")
            client.send("A\r\n0123456789\r\n0\r\nX-Checksum: abc\r\n\r\n")
            client.send("GET /after HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(client.responses(2).map(\.body) == ["POST /c hello 0123456789", "GET /after "])
        }
    }

    @Test func expectContinueGetsInterimResponseBeforeBody() throws {
        try withServer { port, _ in
            let client = try RawClient(port: port)
            client.send("POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            let interim = client.responses(1)
            #expect(interim.map(\.status) == [100])
            client.send("body")
            #expect(client.responses(1).map(\.body) == ["POST /e body"])
        }
    }

    @Test func expectContinueWithTooLargeBodyIsRefusedAtOnce() throws {
        try withServer(HTTPServerLimits(maxBodyBytes: 10)) { port, log in
            let client = try RawClient(port: port)
            client.send("POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n")
            #expect(client.responses(1).map(\.status) == [413])
            #expect(client.waitForClose())
            #expect(log.requests.isEmpty)
        }
    }

    @Test func oversizedHeadIs431() throws {
        try withServer(HTTPServerLimits(maxHeaderBytes: 1024)) { port, log in
            let client = try RawClient(port: port)
            client.send("GET / HTTP/1.1\r\nHost: a\r\nX-Big: \(String(repeating: "a", count: 2000))\r\n\r\n")
            #expect(client.responses(1).map(\.status) == [431])
            #expect(client.waitForClose())
            #expect(log.requests.isEmpty)
        }
    }

    @Test func tooManyHeadersIs431() throws {
        try withServer(HTTPServerLimits(maxHeaderCount: 5)) { port, log in
            let client = try RawClient(port: port)
            let fields = (0..<6).map { "X-\($0): v\r\n" }.joined()
            client.send("GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n")
            #expect(client.responses(1).map(\.status) == [431])
            #expect(client.waitForClose())
            #expect(log.requests.isEmpty)
        }
    }

    @Test(arguments: [
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n",
    ])
    func oversizedBodyIs413(request: String) throws {
        try withServer(HTTPServerLimits(maxBodyBytes: 10)) { port, log in
            let client = try RawClient(port: port)
            client.send(request)
            #expect(client.responses(1).map(\.status) == [413])
            #expect(client.waitForClose())
            #expect(log.requests.isEmpty)
        }
    }

    @Test func slowHeadersAreCutOffAtTheReadDeadline() throws {
        try withServer(HTTPServerLimits(readTimeout: .milliseconds(300))) { port, log in
            // Short reads, so that the loop below keeps trickling while the server has not answered.
            let client = try RawClient(port: port, timeout: .milliseconds(50))
            // One byte at a time, as a slowloris client would, until the server answers.
            for byte in Array("GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ".utf8) { client.send([byte]) }
            var trickle = 0
            var responses: [RawResponse] = []
            while responses.isEmpty, trickle < 200 {
                client.send("a")
                trickle += 1
                responses = client.responses(1)
            }
            #expect(responses.map(\.status) == [408])
            #expect(client.waitForClose())
            #expect(log.requests.isEmpty)
        }
    }

    @Test func idleKeepAliveConnectionIsClosed() throws {
        try withServer(HTTPServerLimits(idleTimeout: .milliseconds(200))) { port, _ in
            let client = try RawClient(port: port)
            client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(client.responses(1).map(\.status) == [200])
            #expect(client.waitForClose())
            #expect(client.leftover.isEmpty)
        }
    }

    @Test func http10ClosesAfterOneResponse() throws {
        try withServer { port, log in
            let client = try RawClient(port: port)
            client.send("GET /old HTTP/1.0\r\n\r\nGET /smuggled HTTP/1.0\r\n\r\n")
            let responses = client.responses(2)
            #expect(responses.map(\.status) == [200])
            #expect(responses.first?.header("connection") == "close")
            #expect(client.waitForClose())
            #expect(log.requests.map(\.target) == ["/old"])
            #expect(log.requests.first?.version == .http1_0)
        }
    }

    @Test func http10KeepAliveIsHonoured() throws {
        try withServer { port, _ in
            let client = try RawClient(port: port)
            client.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\n\r\n")
            let responses = client.responses(2)
            #expect(responses.map(\.body) == ["GET /a ", "GET /b "])
            #expect(responses.map { $0.header("connection") } == ["keep-alive", "close"])
            #expect(client.waitForClose())
        }
    }

    @Test func connectionCloseEndsTheConnection() throws {
        try withServer { port, log in
            let client = try RawClient(port: port)
            client.send("GET /last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /never HTTP/1.1\r\nHost: a\r\n\r\n")
            let responses = client.responses(2)
            #expect(responses.map(\.status) == [200])
            #expect(responses.first?.header("connection") == "close")
            #expect(client.waitForClose())
            #expect(log.requests.map(\.target) == ["/last"])
        }
    }

    @Test func headRequestGetsLengthButNoBody() throws {
        try withServer { port, _ in
            let client = try RawClient(port: port)
            client.send("HEAD /h HTTP/1.1\r\nHost: a\r\n\r\nGET /g HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            #expect(client.waitForClose())
            let text = client.leftover
            #expect(text.contains("Content-Length: 8\r\n\r\nHTTP/1.1 200 OK\r\n"))
            #expect(text.hasSuffix("GET /g "))
        }
    }

    @Test func chunkedResponseIsEncoded() throws {
        let server = try HTTPServer(loops: 1) { _, responder in
            responder.respond(HTTPResponse(
                status: 200, headers: HTTPHeaders([("Transfer-Encoding", "chunked")]), text: "streamed"))
        }
        defer { server.shutdown() }
        let client = try RawClient(port: server.port)
        client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        let response = try #require(client.responses(1).first)
        #expect(response.header("transfer-encoding") == "chunked")
        #expect(response.header("content-length") == nil)
        #expect(response.body == "streamed")
    }
}

@Suite(.serialized) struct HTTPServerLoopsTests {
    @Test func twoLoopsServeManyConnectionsOnOnePort() throws {
        let log = RequestLog()
        let server = try HTTPServer(loops: 2) { request, responder in
            log.record(request)
            responder.respond(HTTPResponse(status: 200, text: request.target))
        }
        defer { server.shutdown() }
        let clients = try (0..<8).map { _ in try RawClient(port: server.port) }
        for (index, client) in clients.enumerated() { client.send("GET /\(index) HTTP/1.1\r\nHost: a\r\n\r\n") }
        for (index, client) in clients.enumerated() {
            #expect(client.responses(1).map(\.body) == ["/\(index)"])
        }
        #expect(log.requests.count == 8)
    }

    @Test func shutdownClosesOpenConnections() throws {
        let server = try HTTPServer(loops: 1) { _, responder in responder.respond(HTTPResponse(status: 200)) }
        let client = try RawClient(port: server.port)
        client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.responses(1).map(\.status) == [200])
        server.shutdown()
        #expect(client.waitForClose())
    }
}
