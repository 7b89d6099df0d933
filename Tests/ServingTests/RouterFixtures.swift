import Foundation
import HTTP
import Synchronization
@testable import Serving

/// A Version 2 model server in the test process: a real loopback server that answers readiness
/// and inference the way a model server would, with whatever status and body the test sets.
final class FakeModelServer: Sendable {
    /// An answer with one FP32 output.
    static let goodAnswer = #"{"model_name":"m","outputs":[{"name":"y","datatype":"FP32","shape":[1],"data":[0.5]}]}"#

    let port: Int
    private let server: HTTPServer
    private let state: State

    /// What the server answers and what it has seen, shared with its handler.
    private final class State: Sendable {
        let answer: Mutex<(status: Int, body: String, ready: Bool)>
        let inferences = Mutex(0)
        let holding = Mutex(false)
        let held = Mutex<[Responder]>([])

        init(status: Int, body: String, ready: Bool) {
            answer = Mutex((status: status, body: body, ready: ready))
        }
    }

    /// Starts a server answering inference with `status` and `body`, and readiness with 200 when `ready`.
    init(status: Int = 200, body: String = FakeModelServer.goodAnswer, ready: Bool = true) throws {
        let state = State(status: status, body: body, ready: ready)
        server = try HTTPServer(port: 0, loops: 1) { request, responder in
            let current = state.answer.withLock { $0 }
            if request.path == "/v2/health/ready" {
                responder.respond(HTTPResponse(status: current.ready ? 200 : 503, text: ""))
            } else if request.path.hasSuffix("/infer") && request.method == "POST" {
                state.inferences.withLock { $0 += 1 }
                let holding = state.holding.withLock { $0 }
                if holding { return state.held.withLock { $0.append(responder) } }
                var headers = HTTPHeaders()
                headers.add("Content-Type", "application/json")
                responder.respond(HTTPResponse(status: current.status, headers: headers, text: current.body))
            } else {
                responder.respond(HTTPResponse(status: 404, text: #"{"error":"not found"}"#))
            }
        }
        port = server.port
        self.state = state
    }

    /// Inference requests received so far.
    var inferenceCount: Int { state.inferences.withLock { $0 } }

    /// Makes inference wait unanswered until `release()` when `holding`.
    func hold(_ holding: Bool) {
        state.holding.withLock { $0 = holding }
    }

    /// Inference requests waiting for `release()`.
    var heldCount: Int { state.held.withLock { $0.count } }

    /// Answers every held inference request with the current answer.
    func release() {
        let current = state.answer.withLock { $0 }
        let held = state.held.withLock { held in
            defer { held = [] }
            return held
        }
        for responder in held {
            var headers = HTTPHeaders()
            headers.add("Content-Type", "application/json")
            responder.respond(HTTPResponse(status: current.status, headers: headers, text: current.body))
        }
    }

    /// Changes what inference answers.
    func answer(status: Int, body: String) {
        state.answer.withLock { $0.status = status; $0.body = body }
    }

    /// The backend this server plays for `model` at `version`.
    func backend(_ model: String, _ version: String) -> Backend {
        Backend(id: VersionID(model: model, version: version), port: port)
    }

    func shutdown() { server.shutdown() }
}

/// A router on its own loops plus a client on other loops to talk to it.
final class RouterBench: Sendable {
    let router: Router
    let client: HTTPClient
    private let group: EventLoopGroup
    private let clientGroup: EventLoopGroup

    /// Starts a router whose upstream requests time out after `upstreamTimeout`.
    init(upstreamTimeout: Duration = .seconds(10)) throws {
        group = try EventLoopGroup(loops: 2)
        clientGroup = try EventLoopGroup(loops: 1)
        router = try Router(group: group, upstreamTimeout: upstreamTimeout)
        client = HTTPClient(group: clientGroup)
    }

    /// Stops the client, the router and their loops.
    func shutdown() {
        client.shutdown()
        clientGroup.shutdown()
        router.shutdown()
        group.shutdown()
    }

    /// Sends a request to the router and returns its answer.
    func send(_ method: String = "GET", _ target: String, headers: [(String, String)] = [], body: String = "")
        async throws -> HTTPResponse
    {
        let request = HTTPRequest(method: method, target: target, headers: HTTPHeaders(headers), body: Array(body.utf8))
        return try await client.send(request, to: Upstream(host: "127.0.0.1", port: router.port), timeout: .seconds(10))
    }

    /// Sends one inference request for `model` and returns its answer.
    func infer(_ model: String = "m", headers: [(String, String)] = []) async throws -> HTTPResponse {
        try await send("POST", "/v2/models/\(model)/infer",
                       headers: [("Content-Type", "application/json")] + headers,
                       body: #"{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":[1.0]}]}"#)
    }

    /// The counters of `model@version` as they stand.
    func counters(_ model: String, _ version: String) -> VersionMetricsSnapshot {
        router.metrics.snapshot()[VersionID(model: model, version: version)] ?? .zero
    }
}

extension HTTPResponse {
    /// The version the router says answered.
    var servedVersion: String? { headers["x-slipway-version"] }

    /// The body as UTF-8 text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body decoded as a JSON object.
    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] ?? [:]
    }
}

/// A flag and a count shared between a test's tasks.
final class SwapCount: Sendable {
    private let state = Mutex((stop: false, swaps: 0))

    /// Whether the swapping should stop.
    var stopped: Bool { state.withLock { $0.stop } }
    /// Swaps made so far.
    var swaps: Int { state.withLock { $0.swaps } }

    /// Counts one swap.
    func swapped() { state.withLock { $0.swaps += 1 } }
    /// Asks the swapping to stop.
    func stop() { state.withLock { $0.stop = true } }
}

/// A loopback port nothing listens on: one the kernel handed out and that was closed again.
func closedPort() throws -> Int {
    let server = try HTTPServer(port: 0, loops: 1) { _, responder in responder.respond(HTTPResponse(status: 500)) }
    let port = server.port
    server.shutdown()
    return port
}
