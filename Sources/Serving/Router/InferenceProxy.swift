import Dispatch
import HTTP

/// Answers each request the router receives: protocol endpoints itself, inference by proxy.
///
/// Runs on loop threads and never blocks them: upstream answers come back as callbacks.
final class InferenceProxy: Sendable {
    /// The header that pins a request to a version, and that names the version that answered.
    static let versionHeader = "x-slipway-version"
    /// Fields that describe one hop and must not be passed on (with those a `Connection` field
    /// names, RFC 9110 §7.6.1), and the version header, which the router alone reads and writes.
    private static let droppedFields = HTTPHeaders.FieldNames([
        "connection", "keep-alive", "host", "te", "trailer", "upgrade", "proxy-connection",
        "proxy-authorization", "transfer-encoding", "content-length", versionHeader,
    ])

    /// The routes requests are picked from.
    let table: RouteTable
    /// Where every version's requests are counted.
    let metrics: ServingMetrics
    private let client: HTTPClient
    private let upstreamTimeout: Duration
    private let probeTimeout: Duration

    /// Creates a proxy sending through `client`.
    init(table: RouteTable, metrics: ServingMetrics, client: HTTPClient, upstreamTimeout: Duration,
         probeTimeout: Duration) {
        self.table = table
        self.metrics = metrics
        self.client = client
        self.upstreamTimeout = upstreamTimeout
        self.probeTimeout = probeTimeout
    }

    /// Answers `request` through `responder`, now or when the upstream has answered.
    func handle(_ request: HTTPRequest, _ responder: Responder) {
        guard let endpoint = InferencePath(request.path) else {
            return responder.respond(InferenceJSON.error(404, "no endpoint at \(request.path); the router speaks the Open Inference Protocol (/v2/...) and serves /metrics"))
        }
        let expected = if case .infer = endpoint { "POST" } else { "GET" }
        guard request.method == expected || (expected == "GET" && request.method == "HEAD") else {
            return responder.respond(InferenceJSON.error(405, "\(request.path) takes \(expected), not \(request.method)"))
        }
        switch endpoint {
        case .live:
            responder.respond(InferenceJSON.object(200, ["live": true]))
        case .ready:
            serverReadiness(responder)
        case .metrics:
            var headers = HTTPHeaders()
            headers.add("Content-Type", PrometheusExposition.contentType)
            responder.respond(HTTPResponse(status: 200, headers: headers, text: metrics.exposition()))
        case .modelMetadata(let model):
            guard let route = table.route(for: model) else { return responder.respond(unknownModel(model)) }
            let versions = [route.stable, route.canary].compactMap { $0?.id.version }
            responder.respond(InferenceJSON.object(200, ["name": model, "versions": versions, "platform": "slipway"]))
        case .modelReady(let model):
            guard let route = table.route(for: model) else { return responder.respond(unknownModel(model)) }
            Task {
                let ready = await self.isReady(route)
                responder.respond(InferenceJSON.object(ready ? 200 : 503, ["name": model, "ready": ready]))
            }
        case .infer(let model, let pinned):
            let version = pinned ?? request.headers[Self.versionHeader]
            switch table.pick(model: model, pinned: version) {
            case .failure(let miss): responder.respond(response(for: miss))
            case .success(let pick): forward(request, model: model, pinned: pinned != nil, pick: pick, responder)
            }
        }
    }

    private func serverReadiness(_ responder: Responder) {
        let routes = table.routes()
        Task {
            var unready: [String] = []
            await withTaskGroup(of: (String, Bool).self) { group in
                for route in routes { group.addTask { (route.model, await self.isReady(route)) } }
                for await (model, ready) in group where !ready { unready.append(model) }
            }
            if unready.isEmpty {
                responder.respond(InferenceJSON.object(200, ["ready": true]))
            } else {
                responder.respond(InferenceJSON.object(503, ["ready": false, "unready": unready.sorted()]))
            }
        }
    }

    /// Whether the route's stable version exists and its server says it is ready.
    private func isReady(_ route: ModelRoute) async -> Bool {
        guard let stable = route.stable else { return false }
        // Closed after the answer, like the supervisor's probes, so it never ties up a one-connection server.
        let probe = HTTPRequest(method: "GET", target: "/v2/health/ready", headers: HTTPHeaders([("Connection", "close")]))
        let answer = try? await client.send(probe, to: Upstream(host: "127.0.0.1", port: stable.port), timeout: probeTimeout)
        return answer?.status == 200
    }

    private func forward(_ request: HTTPRequest, model: String, pinned: Bool, pick: RoutePick, _ responder: Responder) {
        var upstreamRequest = request
        if pinned {
            // A pinned path names the version for the router only; the model server knows one model, no versions.
            upstreamRequest.target = "/v2/models/\(model)/infer" + (request.query.map { "?\($0)" } ?? "")
        } else if request.target.utf8.first != UInt8(ascii: "/") {
            // An absolute-form target (RFC 9112 §3.2.2) names this router; the model server gets the origin form.
            upstreamRequest.target = String(request.path) + (request.query.map { "?\($0)" } ?? "")
        }
        upstreamRequest.headers.remove(Self.droppedFields)
        if let options = request.headers.connectionOptions { upstreamRequest.headers.remove(options) }
        send(upstreamRequest, to: pick.target, fallback: pick.fallback, responder)
    }

    private func send(_ request: HTTPRequest, to target: RouteTarget, fallback: RouteTarget?, _ responder: Responder) {
        let counters = target.counters
        counters.begin()
        let start = DispatchTime.now().uptimeNanoseconds
        client.send(request, to: target.upstream, timeout: upstreamTimeout) { result in
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            switch result {
            case .success(let answer):
                let errorClass: ErrorClass? = switch answer.status {
                case 500...: .serverError
                case 400..<500: .clientError
                default: nil
                }
                let nullOutputs = answer.status == 200 && InferenceJSON.hasNullOutputs(answer.body)
                counters.end(seconds: seconds, status: answer.status, error: errorClass, nullOutputs: nullOutputs)
                responder.respond(Self.relay(answer, from: target.backend))
            case .failure(let failure) where failure.kind == .connectionRefused && failure.requestNotSent:
                counters.end(seconds: nil, status: nil, error: .refused)
                if let fallback {
                    self.send(request, to: fallback, fallback: nil, responder)
                } else {
                    responder.respond(Self.failed(failure, backend: target.backend))
                }
            case .failure(let failure):
                counters.end(seconds: seconds, status: nil, error: failure.kind == .timeout ? .timeout : .broken)
                responder.respond(Self.failed(failure, backend: target.backend))
            }
        }
    }

    private static func relay(_ answer: HTTPResponse, from backend: Backend) -> HTTPResponse {
        var response = answer
        response.headers.remove(droppedFields)
        if let options = answer.headers.connectionOptions { response.headers.remove(options) }
        response.headers.add(versionHeader, backend.id.version)
        return response
    }

    private static func failed(_ failure: HTTPClientError, backend: Backend) -> HTTPResponse {
        var response = InferenceJSON.error(
            failure.kind == .timeout ? 504 : 502, "model \(backend.id.model) version \(backend.id.version): \(failure)")
        response.headers.set(versionHeader, backend.id.version)
        return response
    }

    private func unknownModel(_ model: String) -> HTTPResponse {
        InferenceJSON.error(404, "model \(model) is not served here; known models: \(knownModels())")
    }

    private func response(for miss: RouteMiss) -> HTTPResponse {
        switch miss {
        case .unknownModel(let model):
            unknownModel(model)
        case .unknownVersion(let model, let version):
            InferenceJSON.error(404, "model \(model) has no version \(version) in service; pin its stable or canary version")
        case .noBackend(let model):
            InferenceJSON.error(503, "model \(model) has no version taking traffic yet; wait for its stable version to start")
        }
    }

    private func knownModels() -> String {
        let names = table.routes().map(\.model)
        return names.isEmpty ? "none" : names.joined(separator: ", ")
    }
}
