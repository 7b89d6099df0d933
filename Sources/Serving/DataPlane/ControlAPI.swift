import Foundation
import HTTP

/// The data plane's control API on loopback, for the controller; every call needs the bearer token
/// from `control.json`.
///
/// - `GET /control/v1/models/{name}`: one model's serving and generation (`ModelServing`);
/// - `PUT /control/v1/models/{name}` with a `ModelServingWrite`: set that model's serving if the
///   generation is current (answers `ModelServingApplied`), else 409 with the current `ModelServing`;
/// - `PUT /control/v1/ephemeral/{model@version}` with a `ServerSpec`, `DELETE` the same: run or stop
///   an unrouted version for gates; answers `ObservedServing`;
/// - `PUT /control/v1/desired` with a `DesiredServing` body: replace everything (every generation
///   moves on), answer what runs (`ObservedServing`);
/// - `GET /control/v1/desired`: the serving last wanted, with every model's generation;
/// - `GET /control/v1/observed`: what runs;
/// - `GET /control/v1/metrics`: every version's counters, by `model@version`.
struct ControlAPI: Sendable {
    let plane: DataPlane
    /// The largest body of any call but `PUT /control/v1/desired`, which carries every model's serving.
    static let maxBodyBytes = 1024 * 1024
    /// The largest body of `PUT /control/v1/desired`.
    static let maxDesiredBodyBytes = 16 * 1024 * 1024

    /// Checks the token from the head, before any body is read, and bounds the body by call.
    func admit(_ request: HTTPRequest) -> HeadVerdict {
        let presented = request.headers["authorization"].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        guard plane.control.accepts(presented) else {
            return .refuse(Self.json(401, ["error": "a bearer token from control.json is required"]))
        }
        return .accept(maxBodyBytes: request.path == "/control/v1/desired" ? Self.maxDesiredBodyBytes : Self.maxBodyBytes)
    }

    func handle(_ request: HTTPRequest, _ responder: Responder) {
        if case .refuse(let refusal) = admit(request) { return responder.respond(refusal) }
        let path = String(request.path)
        if path.hasPrefix(Self.modelsPrefix) {
            return model(String(path.dropFirst(Self.modelsPrefix.count)), request, responder)
        }
        if path.hasPrefix(Self.ephemeralPrefix) {
            return ephemeral(String(path.dropFirst(Self.ephemeralPrefix.count)), request, responder)
        }
        switch (request.method, path) {
        case ("PUT", "/control/v1/desired"):
            let wanted: DesiredServing
            do {
                wanted = try JSONDecoder().decode(DesiredServing.self, from: Data(request.body))
            } catch {
                return responder.respond(Self.json(400, ["error": "the body is not a DesiredServing document: \(error)"]))
            }
            let problems = wanted.problems()
            guard problems.isEmpty else { return responder.respond(Self.json(422, ["error": problems.joined(separator: "; ")])) }
            Task {
                let observed = await plane.apply(wanted)
                responder.respond(Self.json(200, observed))
            }
        case ("GET", "/control/v1/desired"):
            responder.respond(Self.json(200, plane.desiredServing))
        case ("GET", "/control/v1/observed"):
            Task { responder.respond(Self.json(200, await plane.observed())) }
        case ("GET", "/control/v1/metrics"):
            let snapshot = plane.router.metrics.snapshot()
            responder.respond(Self.json(200, Dictionary(uniqueKeysWithValues: snapshot.map { ($0.key.description, $0.value) })))
        default:
            responder.respond(Self.json(404, ["error": "no \(request.method) \(request.path); see the control API in the README"]))
        }
    }

    static let modelsPrefix = "/control/v1/models/"
    static let ephemeralPrefix = "/control/v1/ephemeral/"

    private func model(_ name: String, _ request: HTTPRequest, _ responder: Responder) {
        guard !name.isEmpty, !name.contains("/") else {
            return responder.respond(Self.json(404, ["error": "no model '\(name)'; the path is /control/v1/models/NAME"]))
        }
        switch request.method {
        case "GET":
            responder.respond(Self.json(200, plane.desiredServing.serving(of: name)))
        case "PUT":
            let write: ModelServingWrite
            do {
                write = try JSONDecoder().decode(ModelServingWrite.self, from: Data(request.body))
            } catch {
                return responder.respond(Self.json(400, ["error": "the body is not a ModelServingWrite document: \(error)"]))
            }
            let problems = DesiredServing(models: write.served.map { [$0] } ?? []).problems()
                + (write.served.map { $0.model == name ? [] : ["the body serves '\($0.model)', not '\(name)'"] } ?? [])
            guard problems.isEmpty else { return responder.respond(Self.json(422, ["error": problems.joined(separator: "; ")])) }
            Task {
                switch await plane.setModel(name, write) {
                case .success(let applied): responder.respond(Self.json(200, applied))
                case .failure(let stale): responder.respond(Self.json(409, stale))
                }
            }
        default:
            responder.respond(Self.json(405, ["error": "\(request.method) is not allowed on \(request.path); use GET or PUT"]))
        }
    }

    private func ephemeral(_ name: String, _ request: HTTPRequest, _ responder: Responder) {
        guard let at = name.lastIndex(of: "@"), at != name.startIndex, name.index(after: at) != name.endIndex else {
            return responder.respond(Self.json(404, ["error": "'\(name)' is not model@version; the path is /control/v1/ephemeral/MODEL@VERSION"]))
        }
        let id = VersionID(model: String(name[..<at]), version: String(name[name.index(after: at)...]))
        switch request.method {
        case "PUT":
            let spec: ServerSpec
            do {
                spec = try JSONDecoder().decode(ServerSpec.self, from: Data(request.body))
            } catch {
                return responder.respond(Self.json(400, ["error": "the body is not a ServerSpec document: \(error)"]))
            }
            guard spec.id == id else {
                return responder.respond(Self.json(422, ["error": "the body is for \(spec.id), not \(id)"]))
            }
            Task { responder.respond(Self.json(200, await plane.setEphemeral(id, spec))) }
        case "DELETE":
            Task { responder.respond(Self.json(200, await plane.setEphemeral(id, nil))) }
        default:
            responder.respond(Self.json(405, ["error": "\(request.method) is not allowed on \(request.path); use PUT or DELETE"]))
        }
    }

    static func json(_ status: Int, _ value: some Encodable) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array(body))
    }
}
