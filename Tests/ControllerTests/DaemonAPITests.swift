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
                                    dataplane: MemoryDataplane(journal: journal), client: client)
        await reconciler.pass()
        api = try DaemonAPI(reconciler: reconciler, stateFolder: state.path, dataplane: MemoryDataplane(journal: journal), webhookSecret: nil)
    }

    deinit {
        client.shutdown()
        loops.shutdown()
    }

    func ask(_ method: String, _ target: String, token: String? = nil, body: String = "") async -> (Int, String) {
        var headers = HTTPHeaders([("Host", "127.0.0.1")])
        if let token { headers.add("Authorization", "Bearer \(token)") }
        let response = await api.answer(HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8)))
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
