import Foundation
import HTTP

/// The data plane's control API on loopback, for the controller; every call needs the bearer token
/// from `control.json`.
///
/// - `PUT /control/v1/desired` with a `DesiredServing` body: run that, answer what runs (`ObservedServing`);
/// - `GET /control/v1/desired`: the serving last wanted (so a restarted controller can change one model of it);
/// - `GET /control/v1/observed`: what runs;
/// - `GET /control/v1/metrics`: every version's counters, by `model@version`.
struct ControlAPI: Sendable {
    let plane: DataPlane

    func handle(_ request: HTTPRequest, _ responder: Responder) {
        let presented = request.headers["authorization"].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        guard plane.control.accepts(presented) else {
            return responder.respond(Self.json(401, ["error": "a bearer token from control.json is required"]))
        }
        switch (request.method, String(request.path)) {
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

    static func json(_ status: Int, _ value: some Encodable) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array(body))
    }
}
