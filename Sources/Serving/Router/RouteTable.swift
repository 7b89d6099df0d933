import Synchronization

/// Where one request goes: the backend chosen, and the stable one to fall back on if the
/// choice was a canary that refuses connections.
struct RoutePick: Sendable, Equatable {
    /// The backend that takes the request.
    var backend: Backend
    /// The stable backend to retry on when `backend` refuses the connection; nil when there is none.
    var fallback: Backend?
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
    private struct Entry {
        var route: ModelRoute
        var picker: SmoothWeightedPicker<Backend>
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// Replaces every route at once; a model whose route did not change keeps its picker's position.
    func set(_ routes: [ModelRoute]) {
        entries.withLock { entries in
            var next: [String: Entry] = [:]
            for route in routes {
                if let kept = entries[route.model], kept.route == route {
                    next[route.model] = kept
                } else {
                    next[route.model] = Entry(route: route, picker: Self.picker(for: route))
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
            guard let route = entries[model]?.route else { return .failure(.unknownModel(model)) }
            if let version {
                for backend in [route.stable, route.canary].compactMap({ $0 }) where backend.id.version == version {
                    // A pinned request asked for this version alone; it gets no fallback.
                    return .success(RoutePick(backend: backend, fallback: nil))
                }
                return .failure(.unknownVersion(model: model, version: version))
            }
            guard let backend = entries[model]!.picker.next() else { return .failure(.noBackend(model)) }
            let fallback = backend == route.stable ? nil : route.stable
            return .success(RoutePick(backend: backend, fallback: fallback))
        }
    }

    private static func picker(for route: ModelRoute) -> SmoothWeightedPicker<Backend> {
        let canaryWeight = route.canary == nil ? 0 : min(max(route.canaryWeight, 0), 100)
        var choices: [(Backend, Int)] = []
        if let stable = route.stable { choices.append((stable, 100 - canaryWeight)) }
        if let canary = route.canary { choices.append((canary, canaryWeight)) }
        return SmoothWeightedPicker(choices)
    }
}
