import Foundation
import Gates
import Pipelines
import Serving
import Testing
@testable import Controller

/// What serves a model against what the journal says must: one row per way the world can differ.
@Suite struct ServingCheckTests {
    static let now = PlannerTests.now
    static let stable = PlannerTests.a
    static let other = PlannerTests.b
    static let version = ServedVersion.name(stable)

    static func backend(_ candidate: Candidate) -> Backend {
        Backend(id: VersionID(model: "m", version: ServedVersion.name(candidate)), port: 1)
    }

    static func observed(stable: Candidate? = ServingCheckTests.stable, rolling: Bool = false, repairedAgo: TimeInterval? = nil) -> ObservedModel {
        var model = ObservedModel(name: "m")
        model.stable = stable
        if rolling {
            model.lastRollout = other
            model.rollouts[other] = .inProgress
        }
        model.lastRepair = repairedAgo.map { now.addingTimeInterval(-$0) }
        return model
    }

    enum Expected: Equatable {
        case notApplicable, serving, recovering, drifted(String), repairing, unknown
    }

    static func kind(_ check: ServingCheck) -> Expected {
        switch check {
        case .notApplicable: .notApplicable
        case .serving: .serving
        case .recovering: .recovering
        case .drifted(let problem): .drifted(problem)
        case .repairing: .repairing
        case .unknown: .unknown
        }
    }

    static let rows: [(String, ObservedModel, ServingObservation, Expected)] = [
        ("stable routed alone", observed(), .seen(route: ModelRoute(model: "m", stable: backend(stable)), restarting: [], failures: [:]), .serving),
        ("no stable yet", observed(stable: nil), .seen(route: nil, restarting: [], failures: [:]), .notApplicable),
        ("a rollout owns the route", observed(rolling: true), .seen(route: nil, restarting: [], failures: [:]), .notApplicable),
        ("route lost", observed(), .seen(route: nil, restarting: [], failures: [:]), .drifted("the router has no route for the model")),
        ("another version routed", observed(), .seen(route: ModelRoute(model: "m", stable: backend(other)), restarting: [], failures: [:]),
         .drifted("the router sends traffic to \(ServedVersion.name(other)) instead of stable \(version)")),
        ("canary left over", observed(),
         .seen(route: ModelRoute(model: "m", stable: backend(stable), canary: backend(other), canaryWeight: 10), restarting: [], failures: [:]),
         .drifted("the router still sends 10% to \(ServedVersion.name(other)) after its rollout ended")),
        ("server restarting", observed(), .seen(route: ModelRoute(model: "m", stable: nil), restarting: [version], failures: [:]), .recovering),
        ("server could not start", observed(), .seen(route: ModelRoute(model: "m", stable: nil), restarting: [], failures: ["m@\(version)": "exit code 1"]),
         .drifted("the server of \(version) could not start: exit code 1")),
        ("repaired a moment ago", observed(repairedAgo: 5), .seen(route: nil, restarting: [], failures: [:]), .repairing),
        ("repaired long ago", observed(repairedAgo: 300), .seen(route: nil, restarting: [], failures: [:]), .drifted("the router has no route for the model")),
        ("data plane unreachable", observed(), .unreachable("connection refused"), .unknown),
    ]

    @Test(arguments: rows.indices)
    func row(_ index: Int) {
        let (name, observed, serving, expected) = Self.rows[index]
        #expect(Self.kind(Planner.checkServing(observed, serving, now: Self.now)) == expected, "\(name)")
    }
}
