import HTTP
import Synchronization

/// A backend a request can go to, with the counters its requests are recorded in.
///
/// A class, made once per route: a pick then copies a reference, not the strings inside.
final class RouteTarget: Sendable {
    /// The model server.
    let backend: Backend
    /// Where the client sends to reach it.
    let upstream: Upstream
    /// Its version's counters, looked up once when the route was set rather than per request.
    let counters: VersionMetrics

    /// Prepares `backend` for requests, with its counters from `metrics`.
    init(_ backend: Backend, metrics: ServingMetrics) {
        self.backend = backend
        upstream = Upstream(host: "127.0.0.1", port: backend.port)
        counters = metrics.metrics(for: backend.id)
    }
}

/// Where one request goes: the backend chosen, and the stable one to fall back on if the
/// choice was a canary that refuses connections.
struct RoutePick: Sendable {
    /// The backend that takes the request.
    var target: RouteTarget
    /// The stable backend to retry on when `target` refuses the connection; nil when there is none.
    var fallback: RouteTarget?
}

/// Why a request has nowhere to go.
enum RouteMiss: Error, Equatable {
    /// No route names the model.
    case unknownModel(String)
    /// The model is routed but the pinned version is neither its stable nor its canary.
    case unknownVersion(model: String, version: String)
    /// The model is routed but has no backend with traffic.
    case noBackend(String)
}

/// The routing table: every model's route and its weighted picker, swapped whole under one lock.
final class RouteTable: Sendable {
    /// One model's route with everything a request needs prepared: the picks a weighted choice
    /// returns, and those a pinned request gets.
    private final class Entry {
        let route: ModelRoute
        var picker: SmoothWeightedPicker<RoutePick>
        let stable: RouteTarget?
        let canary: RouteTarget?

        init(route: ModelRoute, metrics: ServingMetrics) {
            self.route = route
            stable = route.stable.map { RouteTarget($0, metrics: metrics) }
            canary = route.canary.map { RouteTarget($0, metrics: metrics) }
            let canaryWeight = route.canary == nil ? 0 : min(max(route.canaryWeight, 0), 100)
            var choices: [(RoutePick, Int)] = []
            if let stable { choices.append((RoutePick(target: stable, fallback: nil), 100 - canaryWeight)) }
            if let canary { choices.append((RoutePick(target: canary, fallback: stable), canaryWeight)) }
            picker = SmoothWeightedPicker(choices)
        }
    }

    private let metrics: ServingMetrics
    private let entries = Mutex<[String: Entry]>([:])

    /// Creates an empty table whose picks carry counters from `metrics`.
    init(metrics: ServingMetrics) {
        self.metrics = metrics
    }

    /// Replaces every route at once; a model whose route did not change keeps its picker's position.
    func set(_ routes: [ModelRoute]) {
        entries.withLock { entries in
            var next: [String: Entry] = [:]
            for route in routes {
                if let kept = entries[route.model], kept.route == route {
                    next[route.model] = kept
                } else {
                    next[route.model] = Entry(route: route, metrics: metrics)
                }
            }
            entries = next
        }
    }

    /// The routes as they stand, in model order.
    func routes() -> [ModelRoute] {
        entries.withLock { $0.values.map(\.route) }.sorted { $0.model < $1.model }
    }

    /// The route of `model`, if there is one.
    func route(for model: String) -> ModelRoute? {
        entries.withLock { $0[model]?.route }
    }

    /// Chooses the backend for one request to `model`, pinned to `version` when one is given.
    func pick(model: String, pinned version: String?) -> Result<RoutePick, RouteMiss> {
        entries.withLock { entries in
            guard let entry = entries[model] else { return .failure(.unknownModel(model)) }
            if let version {
                // A pinned request asked for this version alone; it gets no fallback.
                if let stable = entry.stable, stable.backend.id.version == version {
                    return .success(RoutePick(target: stable, fallback: nil))
                }
                if let canary = entry.canary, canary.backend.id.version == version {
                    return .success(RoutePick(target: canary, fallback: nil))
                }
                return .failure(.unknownVersion(model: model, version: version))
            }
            guard let pick = entry.picker.next() else { return .failure(.noBackend(model)) }
            return .success(pick)
        }
    }
}
