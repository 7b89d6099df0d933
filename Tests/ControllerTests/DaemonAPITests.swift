import Foundation
import HTTP
import Journal
import Testing
import TestSupport
@testable import Controller

/// The API's gatekeeping and its refusals, answered in-process against a real reconciler.
@Suite(.serialized) final class DaemonAPITests {
    let git: GitFixture
    let state: TemporaryDirectory
    let journal: Journal
    let loops: EventLoopGroup
    let client: HTTPClient
    let api: DaemonAPI
    let clock = ManualClock()
    static let viewer = String(repeating: "v", count: 40)
    static let operatorToken = String(repeating: "o", count: 40)
    static let reviewer = String(repeating: "r", count: 40)

    init() async throws {
        git = try GitFixture()
        try git.write("m/model.yaml", """
            apiVersion: slipway.dev/v1
            kind: Model
            metadata: {name: m}
            spec:
              train: {command: [/bin/sh, -c, "exit 3"]}
              serve: {command: [/bin/true, "${port}"]}
            """)
        _ = try git.commit("m")
        try git.git("branch", "-M", "main")
        state = try TemporaryDirectory(prefix: "slipway-api")
        let tokens = "viewer v \(Self.viewer)\noperator ops \(Self.operatorToken)\nreviewer rita@example.com \(Self.reviewer)\n"
        _ = FileManager.default.createFile(atPath: state.path + "/tokens", contents: Data(tokens.utf8), attributes: [.posixPermissions: 0o600])
        journal = try Journal(lock: try StateLock(stateFolder: state.path))
        loops = try EventLoopGroup(loops: 1)
        client = HTTPClient(group: loops)
        let reconciler = Reconciler(settings: ReconcilerSettings(repository: git.path, stateFolder: state.path), journal: journal,
                                    dataplane: MemoryDataplane(journal: journal), client: client, clock: clock)
        await reconciler.pass()
        api = try DaemonAPI(reconciler: reconciler, stateFolder: state.path, dataplane: MemoryDataplane(journal: journal), webhookSecret: nil)
    }

    deinit {
        client.shutdown()
        loops.shutdown()
    }

    func ask(_ method: String, _ target: String, token: String? = nil, body: String = "", from peer: PeerAddress? = nil) async -> (Int, String) {
        var headers = HTTPHeaders([("Host", "127.0.0.1")])
        if let token { headers.add("Authorization", "Bearer \(token)") }
        let response = await api.answer(HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8), peer: peer))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    @Test(arguments: [
        // (method, path, token, status, a phrase of the answer)
        ("GET", "/api/v1/models", nil, 401, "token"),
        ("GET", "/api/v1/models", "x" + String(repeating: "y", count: 39), 401, "token"),
        ("GET", "/api/v1/models", viewer, 200, "\"name\":\"m\""),
        ("GET", "/api/v1/models/m", viewer, 200, "\"name\":\"m\""),
        ("GET", "/api/v1/models/nope", viewer, 404, "known: m"),
        ("POST", "/api/v1/sync", viewer, 403, "may not sync"),
        ("POST", "/api/v1/sync", operatorToken, 202, "reconcile pass"),
        ("POST", "/api/v1/models/m/promote", operatorToken, 409, "no rollout in progress"),
        ("POST", "/api/v1/models/m/abort", reviewer, 403, "may not abort"),
        ("POST", "/api/v1/models/m/rollback", operatorToken, 409, "no earlier stable version"),
        ("POST", "/api/v1/models/m/approve", operatorToken, 403, "may not approve"),
        ("POST", "/api/v1/models/m/approve", reviewer, 400, "the body must be JSON"),
        ("DELETE", "/api/v1/models/m", operatorToken, 404, "no DELETE"),
        ("POST", "/hooks/git", nil, 401, "SLIPWAY_WEBHOOK_SECRET"),
        ("GET", "/healthz", nil, 200, "revision"),
        ("GET", "/api/v1/audit?since=0", viewer, 200, "revision.observed"),
        ("GET", "/api/v1/audit?since=abc", viewer, 400, "since takes a journal sequence number"),
        ("GET", "/api/v1/audit?since=-1", viewer, 400, "found '-1'"),
        ("GET", "/api/v1/audit?since=9223372036854775807", viewer, 400, "since"),
        ("GET", "/nowhere", nil, 404, "/api/v1"),
    ] as [(String, String, String?, Int, String)])
    func answers(_ method: String, _ path: String, _ token: String?, _ status: Int, _ phrase: String) async {
        let (code, body) = await ask(method, path, token: token)
        #expect(code == status, "\(body)")
        #expect(body.contains(phrase), "\(body)")
    }

    @Test func refusedCallsAreJournaled() async throws {
        _ = await ask("POST", "/api/v1/models/m/approve", token: Self.operatorToken, body: #"{"candidate":"sha256:x","decision":"approve"}"#)
        _ = await ask("GET", "/api/v1/models")
        let refused = try journal.entries().compactMap { try $0.event(APIRefused.self) }
        #expect(refused.map(\.action) == ["approve", "view"])
        #expect(refused.first?.token == "ops" && refused.last?.token == nil)
        #expect(refused.allSatisfy { !$0.reason.contains(Self.operatorToken) })
    }

    @Test func refusalsAreJournaledOncePerClientAndReasonThenSummedWhenTheWindowCloses() async throws {
        let first = PeerAddress(address: 0x0A00_0001, port: 40000)
        let second = PeerAddress(address: 0x0A00_0002, port: 40001)
        for port in 0..<2000 {
            let (code, _) = await ask("POST", "/api/v1/sync", from: PeerAddress(address: first.address, port: UInt16(port)))
            #expect(code == 401)
        }
        for _ in 0..<5 { _ = await ask("POST", "/api/v1/sync", token: Self.viewer, from: second) }
        func refusals() throws -> [APIRefused] { try journal.entries().compactMap { try $0.event(APIRefused.self) } }
        #expect(try refusals().map(\.client) == ["10.0.0.1", "10.0.0.2"])
        let opened = clock.now
        clock.advance(by: 61)
        _ = await ask("POST", "/api/v1/sync", from: first)
        api.closeRefusalWindows(all: false)
        let entries = try refusals()
        #expect(entries.map(\.client) == ["10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.1", "10.0.0.2"])
        #expect(entries.map(\.count) == [nil, nil, 2000, nil, 5])
        #expect(entries[2].since == opened && entries[4].since == opened)
        #expect(entries[4].token == "v" && entries[4].action == "sync")
        // The window still open is summed at shutdown; with one refusal there is nothing to add.
        api.closeRefusalWindows(all: true)
        #expect(try refusals().count == 5)
    }

    @Test func aCallIsRefusedFromItsHeadBeforeItsBodyIsSentAndBodiesAreBounded() async throws {
        let api = api
        let server = try HTTPServer(loops: 1, limits: DaemonAPI.serverLimits, admit: api.admit) { request, responder in
            api.handle(request, responder)
        }
        defer { server.shutdown() }
        // 59 MB announced, none sent: the answer comes from the head, and the connection closes.
        let refused = try RawExchange.send(port: server.port, "POST /api/v1/sync HTTP/1.1\r\nHost: a\r\nContent-Length: 59000000\r\n\r\n",
                                           timeoutSeconds: 5)
        #expect(refused.hasPrefix("HTTP/1.1 401"), "\(refused)")
        let tooLarge = try RawExchange.send(
            port: server.port,
            "POST /api/v1/models/m/approve HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer \(Self.reviewer)\r\nContent-Length: \(DaemonAPI.maxBodyBytes + 1)\r\n\r\n",
            timeoutSeconds: 5)
        #expect(tooLarge.hasPrefix("HTTP/1.1 413"), "\(tooLarge)")
        let hook = try RawExchange.send(port: server.port, "POST /hooks/git HTTP/1.1\r\nHost: a\r\nContent-Length: 59000000\r\n\r\n",
                                        timeoutSeconds: 5)
        #expect(hook.hasPrefix("HTTP/1.1 401"), "\(hook)")
        // The refusal made on the loop thread is journaled from a task, with the client's address.
        let deadline = Date().addingTimeInterval(10)
        var refused401: [APIRefused] = []
        while refused401.count < 2, Date() < deadline {
            refused401 = try journal.entries().compactMap { try $0.event(APIRefused.self) }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(refused401.map(\.path).sorted() == ["/api/v1/sync", "/hooks/git"])
        #expect(refused401.allSatisfy { $0.client == "127.0.0.1" })
    }

    @Test func aSignOffForNoCandidateIsRefusedAndNothingIsRecorded() async throws {
        let (code, body) = await ask("POST", "/api/v1/models/m/approve", token: Self.reviewer, body: #"{"candidate":"sha256:abc","decision":"approve"}"#)
        #expect(code == 409, "\(body)")
        #expect(try journal.entries().filter { $0.type == "approval.recorded" }.isEmpty)
    }

    @Test func metricsArePrometheusText() async {
        let (code, body) = await ask("GET", "/metrics")
        #expect(code == 200)
        #expect(body.contains("# TYPE slipway_reconcile_passes_total counter") && body.contains("slipway_model_phase{model=\"m\""))
    }
}
