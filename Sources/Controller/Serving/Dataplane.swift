import Serving

/// The data plane as the controller drives it: what to serve, what runs, what it measured.
///
/// `DataplaneConnection` is the real one (the control API of `slipway dataplane`); tests of
/// effects may put an in-memory one in its place.
public protocol Dataplane: Sendable {
    /// The serving last wanted, every model's with its generation.
    func desired() async throws(DataplaneError) -> DesiredServing
    /// One model's serving and generation.
    func serving(of model: String) async throws(DataplaneError) -> ModelServing
    /// Sets one model's serving if `write` names its current generation; `.staleGeneration` otherwise.
    func setServing(of model: String, _ write: ModelServingWrite) async throws(DataplaneError) -> ModelServingApplied
    /// Runs (`spec` given) or stops an unrouted version for gates; returns what runs afterwards.
    func setEphemeral(_ id: VersionID, _ spec: ServerSpec?) async throws(DataplaneError) -> ObservedServing
    /// What runs now.
    func observed() async throws(DataplaneError) -> ObservedServing
    /// Every version's counters since the data plane started.
    func metrics() async throws(DataplaneError) -> [VersionID: VersionMetricsSnapshot]
}

/// Why the data plane could not be driven; transient unless it refused the request outright.
public struct DataplaneError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, and so what the controller should do.
    public enum Kind: Sendable, Equatable {
        /// Not running, or not answering: retry with backoff; serving goes on.
        case unreachable
        /// It answered with an error status: the request itself is wrong.
        case refused(status: Int)
        /// It answered something that is not the expected JSON.
        case malformedAnswer
        /// The model's serving changed since it was read: read it again and redo the change.
        case staleGeneration
    }

    public var kind: Kind
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String {
        switch kind {
        case .unreachable:
            "the data plane is not reachable (\(detail)); is `slipway dataplane` running for this state folder?"
        case .refused(let status):
            "the data plane refused the request with status \(status): \(detail)"
        case .malformedAnswer:
            "the data plane answered something unexpected: \(detail)"
        case .staleGeneration:
            "the serving changed while it was being changed: \(detail)"
        }
    }
}

extension Dataplane {
    /// Changes one model's serving and leaves every other model's as it was: reads it with its
    /// generation, changes it, writes it back naming that generation, and starts over when another
    /// writer came in between.
    @discardableResult
    public func update(model: String, _ change: (inout ServedModel) -> Void) async throws(DataplaneError) -> ObservedServing {
        var attempts = 0
        while true {
            attempts += 1
            let current = try await serving(of: model)
            var served = current.served ?? ServedModel(model: model, stable: nil)
            change(&served)
            do {
                return try await setServing(of: model, ModelServingWrite(generation: current.generation, served: served)).observed
            } catch where error.kind == .staleGeneration && attempts < Self.writeAttempts {
                continue
            }
        }
    }
}

extension Dataplane {
    /// How often `update` reads and writes again when other writers keep coming in between.
    static var writeAttempts: Int { 16 }
}
