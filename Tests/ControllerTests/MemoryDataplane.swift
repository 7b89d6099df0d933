import Foundation
import Journal
import Serving
import Synchronization
@testable import Controller

/// A data plane in memory: it applies whatever is wanted at once, and its counters grow by a
/// hundred canary and stable requests each time they are read.
final class MemoryDataplane: Dataplane {
    struct Change: Sendable {
        var stable: String?
        var canary: String?
        var weight: Int
        /// The action of the journal's last rollout record when this change was applied.
        var lastJournaledAction: String?
    }

    private struct Inner {
        var desired = DesiredServing()
        var changes: [Change] = []
        var metrics: [VersionID: VersionMetricsSnapshot] = [:]
        var restarts = 0
        var failWeight: Int?
        var failing = false
    }

    private let journal: Journal
    private let canaryErrorsPerHundred: Int
    private let canaryRestartsPerCall: Int
    private let inner = Mutex(Inner())

    init(journal: Journal, canaryErrorsPerHundred: Int = 0, canaryRestartsPerCall: Int = 0) {
        self.journal = journal
        self.canaryErrorsPerHundred = canaryErrorsPerHundred
        self.canaryRestartsPerCall = canaryRestartsPerCall
    }

    func applied() -> [Change] { inner.withLock { $0.changes } }
    func failAfterApplying(weight: Int) { inner.withLock { $0.failWeight = weight } }
    func recover() { inner.withLock { $0.failing = false; $0.failWeight = nil } }

    private func check() throws(DataplaneError) {
        if inner.withLock({ $0.failing }) { throw DataplaneError(.unreachable, "connection refused") }
    }

    func desired() async throws(DataplaneError) -> DesiredServing {
        try check()
        return inner.withLock { $0.desired }
    }

    func serving(of model: String) async throws(DataplaneError) -> ModelServing {
        try check()
        return inner.withLock { $0.desired.serving(of: model) }
    }

    func setServing(of model: String, _ write: ModelServingWrite) async throws(DataplaneError) -> ModelServingApplied {
        try check()
        let last = try? journal.entries().compactMap { try $0.event(RolloutRecorded.self) }.last?.action
        let generation: Int? = inner.withLock {
            let current = $0.desired.serving(of: model)
            guard current.generation == write.generation else { return nil }
            $0.desired.models.removeAll { $0.model == model }
            if let served = write.served { $0.desired.models.append(served) }
            $0.desired.generations[model] = current.generation + 1
            if model == "m" {
                $0.changes.append(Change(stable: write.served?.stable?.id.version, canary: write.served?.canary?.id.version,
                                         weight: write.served?.canaryWeight ?? 0, lastJournaledAction: last))
                if let weight = $0.failWeight, write.served?.canaryWeight == weight { $0.failing = true }
            }
            return current.generation + 1
        }
        guard let generation else { throw DataplaneError(.staleGeneration, "model \(model)") }
        return ModelServingApplied(generation: generation, observed: try await observed())
    }

    func setEphemeral(_ id: VersionID, _ spec: ServerSpec?) async throws(DataplaneError) -> ObservedServing {
        try check()
        inner.withLock {
            $0.desired.ephemeral.removeAll { $0.id == id }
            if let spec { $0.desired.ephemeral.append(spec) }
        }
        return try await observed()
    }

    func observed() async throws(DataplaneError) -> ObservedServing {
        try check()
        return inner.withLock { state in
            state.restarts += canaryRestartsPerCall
            let servers = state.desired.models.flatMap { [$0.stable, $0.canary].compactMap { $0 } }.map {
                ObservedServing.Server(id: $0.id, port: 1, pid: nil, restarts: $0.id.version == "v2" ? state.restarts : 0)
            }
            let routes = state.desired.models.map {
                ModelRoute(model: $0.model, stable: $0.stable.map { Backend(id: $0.id, port: 1) },
                           canary: $0.canary.map { Backend(id: $0.id, port: 1) }, canaryWeight: $0.canaryWeight)
            }
            return ObservedServing(servers: servers, routes: routes, failures: [:])
        }
    }

    func metrics() async throws(DataplaneError) -> [VersionID: VersionMetricsSnapshot] {
        try check()
        return inner.withLock { state in
            for (version, errors) in [("v1", 0), ("v2", canaryErrorsPerHundred)] {
                let id = VersionID(model: "m", version: version)
                var snapshot = state.metrics[id] ?? .zero
                snapshot.requests += 100
                snapshot.okResponses += 100 - errors
                if errors > 0 { snapshot.errors[.serverError, default: 0] += errors }
                snapshot.latencyCounts[2] += 100
                state.metrics[id] = snapshot
            }
            return state.metrics
        }
    }
}
