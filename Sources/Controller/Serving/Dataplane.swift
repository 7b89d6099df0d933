import Serving

/// The data plane as the controller drives it: what to serve, what runs, what it measured.
///
/// `DataplaneConnection` is the real one (the control API of `slipway dataplane`); tests of
/// effects may put an in-memory one in its place.
public protocol Dataplane: Sendable {
    /// The serving last wanted, for changing one model without touching the others.
    func desired() async throws(DataplaneError) -> DesiredServing
    /// Makes the data plane serve `wanted`; returns what runs afterwards.
    func apply(_ wanted: DesiredServing) async throws(DataplaneError) -> ObservedServing
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
        }
    }
}

extension Dataplane {
    /// Changes one model's serving and leaves every other model's as it was.
    @discardableResult
    public func update(model: String, _ change: (inout ServedModel) -> Void) async throws(DataplaneError) -> ObservedServing {
        var wanted = try await desired()
        if let index = wanted.models.firstIndex(where: { $0.model == model }) {
            change(&wanted.models[index])
        } else {
            var fresh = ServedModel(model: model, stable: nil)
            change(&fresh)
            wanted.models.append(fresh)
        }
        return try await apply(wanted)
    }
}
