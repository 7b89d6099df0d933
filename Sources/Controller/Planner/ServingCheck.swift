import Foundation
import Pipelines
import Serving

/// What the data plane reported of one model in this pass.
public enum ServingObservation: Sendable, Equatable {
    /// The data plane did not answer; the text says how.
    case unreachable(String)
    /// What the router sends the model's traffic to (nil: no route), the model's versions whose
    /// server is starting or restarting, and why versions of it could not be started.
    case seen(route: ModelRoute?, restarting: Set<String>, failures: [String: String])

    /// The model's part of one `ObservedServing`.
    public init(_ observed: ObservedServing, model: String) {
        self = .seen(route: observed.routes.first { $0.model == model },
                     restarting: Set(observed.restarting.filter { $0.model == model }.map(\.version)),
                     failures: observed.failures.filter { $0.key.hasPrefix(model + "@") })
    }
}

/// How the world compares with what the journal says must serve a model, outside a rollout.
public enum ServingCheck: Sendable, Equatable {
    /// Nothing needs to serve yet (no stable), or a rollout owns the traffic now.
    case notApplicable
    /// The router sends all traffic to stable.
    case serving
    /// Stable's server is starting or restarting after a crash; the data plane brings it back.
    case recovering(String)
    /// The data plane serves something else: the write that puts stable back is due.
    case drifted(String)
    /// The data plane serves something else, but it was repaired a moment ago: wait before writing again.
    case repairing(String, retryAt: Date)
    /// The data plane did not answer.
    case unknown(String)
}

extension Planner {
    /// The least time between two repairs of one model, so a server that cannot start is not
    /// started again every pass.
    public static let repairSpacing: TimeInterval = 30

    /// Compares what serves `observed.name` with what the journal says must: stable alone, all traffic.
    public static func checkServing(_ observed: ObservedModel, _ serving: ServingObservation, now: Date) -> ServingCheck {
        guard let stable = observed.stable, observed.lastRollout.map({ observed.rollouts[$0] != .inProgress }) ?? true else {
            return .notApplicable
        }
        guard case .seen(let route, let restarting, let failures) = serving else {
            if case .unreachable(let reason) = serving { return .unknown(reason) }
            return .notApplicable
        }
        let version = ServedVersion.name(stable)
        let problem: String
        if let route, route.stable?.id.version == version, route.canary == nil {
            return .serving
        } else if route?.stable == nil, restarting.contains(version) {
            return .recovering("the server of \(version) is starting again; the data plane routes it once it is ready")
        } else if let failure = failures["\(observed.name)@\(version)"] {
            problem = "the server of \(version) could not start: \(failure)"
        } else if let route, let canary = route.canary {
            problem = "the router still sends \(route.canaryWeight)% to \(canary.id.version) after its rollout ended"
        } else if let other = route?.stable {
            problem = "the router sends traffic to \(other.id.version) instead of stable \(version)"
        } else {
            problem = route == nil ? "the router has no route for the model" : "the route has no server for stable \(version)"
        }
        if let last = observed.lastRepair, now.timeIntervalSince(last) < repairSpacing {
            return .repairing(problem, retryAt: last.addingTimeInterval(repairSpacing))
        }
        return .drifted(problem)
    }
}
