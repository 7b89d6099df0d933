import Foundation
import Journal
import Rollouts
import Serving

/// Carries out one canary rollout against the data plane: asks the `CanaryRollout` state machine
/// what to do, journals its state, then does it, until the candidate is promoted, rolled back or
/// aborted.
///
/// Crash-safe by order: every state is journaled (and synced) before its action, and a driver
/// started on a journal that already holds this rollout resumes at the recorded step and weight
/// (re-asserting it) instead of starting over; a finished rollout only re-asserts its outcome.
public actor CanaryDriver {
    public let target: CanaryTarget
    private let dataplane: any Dataplane
    private let journal: Journal
    private let clock: any Clock
    /// How often crashes of the canary and commands are looked at while a step waits.
    private let pollInterval: TimeInterval
    private var commands: [CanaryRollout.Event] = []
    /// The model's latest rollout as the observed state holds it; the driver resumes from it when it
    /// is this candidate's.
    private let history: RolloutHistory?

    public init(target: CanaryTarget, history: RolloutHistory?, dataplane: any Dataplane, journal: Journal,
                clock: any Clock = SystemClock(), pollInterval: TimeInterval = 1) {
        self.target = target
        self.history = history
        self.dataplane = dataplane
        self.journal = journal
        self.clock = clock
        self.pollInterval = pollInterval
    }

    /// Hands a person's command (promote, abort, pause, resume) to the running rollout; it is
    /// taken at the next poll.
    public func command(_ event: CanaryRollout.Event) {
        commands.append(event)
    }

    /// Walks the rollout to its end and returns how it ended. Throws only when the journal cannot
    /// be written or the data plane stays unreachable; a rerun then resumes where it stopped.
    public func run() async throws -> CanaryOutcome {
        let resumed = try await resumeOrStart()
        if let outcome = resumed.finished {
            // Decided before a crash: put the traffic where the outcome says, journal nothing twice.
            try await reassert(outcome)
            return outcome
        }
        var (rollout, baseline, restartsAtStart, action) = (resumed.rollout, resumed.baseline, resumed.restartsAtStart, resumed.action)
        while true {
            switch action {
            case .setWeight(let weight):
                let observed = try await route(canaryWeight: weight)
                if let failure = observed.failures[target.canary.id.description] {
                    action = try await advance(&rollout, .canaryUnavailable(reason: failure), baseline: baseline)
                    continue
                }
                action = try await advance(&rollout, .tick(now: clock.now), baseline: baseline)
            case .waitUntil(let deadline):
                let wake = min(deadline, clock.now.addingTimeInterval(pollInterval))
                try await clock.sleep(until: wake)
                if let reaction = try await react(&rollout, restartsAtStart: restartsAtStart, baseline: baseline) {
                    action = reaction
                } else {
                    action = try await advance(&rollout, .tick(now: clock.now), baseline: baseline)
                }
            case .analyse(let window):
                let (measured, next) = try await measure(window, since: baseline)
                baseline = next
                action = try await advance(&rollout, .metrics(measured), baseline: baseline)
            case .hold:
                // Paused: analyses go on (a failing canary is still rolled back), steps do not.
                action = .waitUntil(clock.now.addingTimeInterval(pollInterval))
            case .promote:
                return try await finish(.promoted)
            case .rollBack(let reason):
                return try await finish(.rolledBack(reason: reason))
            case .abort:
                return try await finish(.aborted)
            case .refuse, .none:
                action = .waitUntil(clock.now.addingTimeInterval(pollInterval))
            }
        }
    }

    /// Where `run` begins: the rollout as the journal left it, or a new one journaled as started.
    private struct Resumption {
        var rollout: CanaryRollout
        var baseline: WindowBaseline
        var restartsAtStart: Int
        var action: CanaryRollout.Action
        /// The outcome, when the rollout had already ended.
        var finished: CanaryOutcome?
    }

    private func resumeOrStart() async throws -> Resumption {
        // Only the model's latest rollout can be resumed: an earlier rollout of this candidate
        // followed by another candidate's is history (a revert rolls the candidate out anew).
        let mine = history.flatMap { $0.started.candidate == target.candidate ? $0 : nil }
        let (started, last, finished) = (mine?.started, mine?.records.last, mine?.finished)
        if let started, let last {
            let rollout = try CanaryRollout(spec: target.spec, limits: target.limits, restoring: last.state)
            return Resumption(rollout: rollout, baseline: last.baseline, restartsAtStart: started.canaryRestartsAtStart,
                              action: rollout.reassert(), finished: finished?.outcome)
        }
        let (rollout, action) = CanaryRollout.start(spec: target.spec, limits: target.limits, now: clock.now)
        let restarts = try await observedCanaryRestarts() ?? 0
        let baseline = try await currentBaseline()
        _ = try journal.append(RolloutStarted(model: target.model, candidate: target.candidate, stable: target.stable?.id.version,
                                              runKey: target.runKey, artifact: target.artifact,
                                              weights: target.spec.steps.map(\.weight), canaryRestartsAtStart: restarts))
        try record(rollout, action, baseline: baseline, analysis: nil)
        return Resumption(rollout: rollout, baseline: baseline, restartsAtStart: restarts, action: action, finished: nil)
    }

    /// Routes as a finished rollout left things.
    private func reassert(_ outcome: CanaryOutcome) async throws {
        switch outcome {
        case .promoted:
            try await route { served in
                served.stable = self.target.canary
                served.canary = nil
                served.canaryWeight = 0
            }
        case .rolledBack, .aborted:
            try await route(canaryWeight: 0, keepCanary: false)
        }
    }

    /// Feeds `event` to the rollout and journals the state it leads to before its action is done.
    private func advance(_ rollout: inout CanaryRollout, _ event: CanaryRollout.Event, baseline: WindowBaseline) async throws -> CanaryRollout.Action {
        let before = rollout.state
        let action = rollout.event(event)
        var analysis: AnalysisRecord?
        // A judged window always moves the state (its start), so an unchanged state means it was ignored.
        if case .metrics(let window) = event, rollout.state != before, let verdict = rollout.lastVerdict {
            analysis = AnalysisRecord(from: window.interval.lowerBound, to: window.interval.upperBound,
                                      canary: window.canary, stable: window.stable, verdict: verdict)
        }
        if rollout.state != before || Self.changesTraffic(action) {
            try record(rollout, action, baseline: baseline, analysis: analysis)
        }
        return action
    }

    /// A command from a person or a crash of the canary, if one came in while waiting.
    private func react(_ rollout: inout CanaryRollout, restartsAtStart: Int, baseline: WindowBaseline) async throws -> CanaryRollout.Action? {
        while !commands.isEmpty {
            let command = commands.removeFirst()
            let action = try await advance(&rollout, command.at(clock.now), baseline: baseline)
            if case .refuse = action { continue }
            return action
        }
        if let restarts = try await observedCanaryRestarts(), restarts > restartsAtStart {
            let action = try await advance(&rollout, .canaryCrashed(restarts: restarts - restartsAtStart), baseline: baseline)
            if action != .none { return action }
        }
        return nil
    }

    /// Measures canary and stable over `window` from the counters' change since `baseline`.
    private func measure(_ window: Range<Date>, since baseline: WindowBaseline) async throws -> (CanaryWindow, WindowBaseline) {
        let now = try await currentBaseline()
        let canary = Self.window(now.canary, since: baseline.canary)
        let stable = target.stable == nil ? nil : Self.window(now.stable ?? .zero, since: baseline.stable ?? .zero)
        return (CanaryWindow(interval: window, canary: canary, stable: stable), now)
    }

    /// What a version served between two snapshots; counters that went down mean the data plane
    /// restarted, and then everything it counted since is the window.
    public static func window(_ now: VersionMetricsSnapshot, since earlier: VersionMetricsSnapshot) -> VersionWindow {
        let delta = now.requests < earlier.requests ? now : now.delta(since: earlier)
        let p99 = delta.p99.map { Duration.nanoseconds(Int64($0 * 1e9)) } ?? .zero
        return VersionWindow(requests: delta.requests, errors: delta.errorCount, p99: p99)
    }

    private func currentBaseline() async throws -> WindowBaseline {
        let metrics = try await dataplane.metrics()
        return WindowBaseline(canary: metrics[target.canary.id] ?? .zero, stable: target.stable.map { metrics[$0.id] ?? .zero })
    }

    private func observedCanaryRestarts() async throws -> Int? {
        try await dataplane.observed().servers.first { $0.id == target.canary.id }?.restarts
    }

    @discardableResult
    private func route(canaryWeight weight: Int, keepCanary: Bool = true) async throws -> ObservedServing {
        try await route { served in
            served.stable = self.target.stable
            served.canary = keepCanary ? self.target.canary : nil
            served.canaryWeight = weight
        }
    }

    @discardableResult
    private func route(_ change: @Sendable (inout ServedModel) -> Void) async throws -> ObservedServing {
        try await dataplane.update(model: target.model, change)
    }

    private func record(_ rollout: CanaryRollout, _ action: CanaryRollout.Action, baseline: WindowBaseline, analysis: AnalysisRecord?) throws {
        _ = try journal.append(RolloutRecorded(model: target.model, candidate: target.candidate, state: rollout.state,
                                               action: action.text, analysis: analysis, baseline: baseline))
    }

    /// Routes as `outcome` says, then journals it: a crash in between re-asserts the recorded final state.
    private func finish(_ outcome: CanaryOutcome) async throws -> CanaryOutcome {
        try await reassert(outcome)
        _ = try journal.append(RolloutFinished(model: target.model, candidate: target.candidate, outcome: outcome))
        return outcome
    }

    private static func changesTraffic(_ action: CanaryRollout.Action) -> Bool {
        switch action {
        case .setWeight, .promote, .rollBack, .abort, .hold: true
        case .waitUntil, .analyse, .refuse, .none: false
        }
    }
}

extension CanaryRollout.Event {
    /// The command with its time set to `now` where it carries one.
    fileprivate func at(_ now: Date) -> CanaryRollout.Event {
        if case .resume = self { return .resume(now: now) }
        return self
    }
}

extension CanaryRollout.Action {
    /// The action in words, for the journal.
    var text: String {
        switch self {
        case .setWeight(let weight): "set weight \(weight)"
        case .waitUntil(let date): "wait until \(date.formatted(.iso8601))"
        case .analyse(let window): "analyse \(window.lowerBound.formatted(.iso8601))…\(window.upperBound.formatted(.iso8601))"
        case .promote: "promote"
        case .rollBack(let reason): "roll back: \(reason)"
        case .abort: "abort"
        case .hold(let reason): "hold: \(reason)"
        case .refuse(let refusal): "refuse: \(refusal.description)"
        case .none: "none"
        }
    }
}
