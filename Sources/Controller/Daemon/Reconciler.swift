import Foundation
import Gates
import Git
import HTTP
import Journal
import Manifests
import Pipelines
import Rollouts
import Serving

/// The GitOps loop: fetch, read the desired state at the branch's head, fold the journal into the
/// observed state, ask the planner what each model needs, and carry it out.
///
/// Level-based: a pass re-reads everything and each model has at most one effect running (a
/// training, its gates, or its rollout), so repeated nudges fold into the next pass. Effects
/// journal their outcomes before anything depends on them, so a restart resumes from the journal.
public actor Reconciler {
    public let settings: ReconcilerSettings
    public let journal: Journal
    private let dataplane: any Dataplane
    private let client: HTTPClient
    private let executor: LocalExecutor
    private let clock: any Clock
    private let log: @Sendable (String) -> Void
    private var repository: Repository?
    /// The catalog of the last revision reconciled, for commands given between passes.
    private var catalog: Catalog?
    private var statuses: [String: ModelStatus] = [:]
    private var effects: [String: Task<Void, Never>] = [:]
    private var drivers: [String: CanaryDriver] = [:]
    private var nudged = false
    private var waiter: CheckedContinuation<Void, Never>?
    /// The last revision reconciled, and why the remote could not be reached, if it could not.
    public private(set) var revision: ObjectID?
    public private(set) var remoteProblem: String?
    private var failedFetches = 0
    /// Counts for `/metrics`.
    public private(set) var passes = 0
    public private(set) var fetchErrors = 0
    public private(set) var lastPassSeconds = 0.0

    public init(settings: ReconcilerSettings, journal: Journal, dataplane: any Dataplane, client: HTTPClient,
                clock: any Clock = SystemClock(), log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.settings = settings
        self.journal = journal
        self.dataplane = dataplane
        self.client = client
        self.executor = LocalExecutor(concurrency: settings.concurrency)
        self.clock = clock
        self.log = log
    }

    /// Every model's status, by name.
    public func status() -> [ModelStatus] { statuses.values.sorted { $0.name < $1.name } }

    /// Asks for a pass now (a webhook or `sync`); nudges before the pass starts fold into one.
    public func nudge() {
        nudged = true
        waiter?.resume()
        waiter = nil
    }

    /// Reconciles until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            await pass()
            await sleep()
        }
        for task in effects.values { task.cancel() }
    }

    /// Sleeps for the interval, or until nudged; backs off while the remote is unreachable.
    private func sleep() async {
        if nudged { nudged = false; return }
        let backoff = failedFetches == 0 ? settings.interval : min(settings.interval * (1 << min(failedFetches, 5)), .seconds(300))
        let wake = Task { [weak self] in
            try? await Task.sleep(for: backoff)
            await self?.nudge()
        }
        await withCheckedContinuation { waiter = $0 }
        wake.cancel()
        nudged = false
    }

    /// One pass over every model.
    public func pass() async {
        let started = ContinuousClock.now
        defer {
            passes += 1
            lastPassSeconds = (ContinuousClock.now - started).seconds
        }
        guard let (repository, commit) = await fetch() else { return }
        do {
            let desiredState = try await DesiredState.read(repository, at: commit, executor: executor.identity)
            let catalog = desiredState.catalog
            self.catalog = catalog
            // Read once a pass: the observed state, the rollouts' records and the runs' commits all come from it.
            let entries = try journal.entries()
            let observed = try ObservedState.fold(entries)
            let rollouts = try entries.compactMap { try $0.event(RolloutRecorded.self) }
            var names = Set(catalog.models.map(\.name)).union(observed.keys)
            names.formUnion(statuses.keys)
            for name in names.sorted() {
                let desired = desiredState.model(name)
                let seen = observed[name] ?? ObservedModel(name: name)
                let decision = Planner.decide(desired, seen, now: clock.now)
                statuses[name] = status(of: name, desired: desired, observed: seen, decision: decision, rollouts: rollouts)
                act(on: decision, desired: desired, observed: seen, catalog: catalog, repository: repository, commit: commit, entries: entries)
            }
        } catch {
            log("reconcile at \(commit.short) failed: \(error)")
            for name in statuses.keys { statuses[name]?.lastError = "\(error)" }
        }
    }

    /// Fetches the remote (cloning it the first time) and resolves the branch; keeps the last
    /// revision when the remote cannot be reached, so serving and rollouts go on.
    private func fetch() async -> (Repository, ObjectID)? {
        do {
            let repository: Repository
            if let known = self.repository {
                repository = known
                _ = try await repository.fetch()
            } else {
                repository = try Repository.cloneMirror(from: settings.repository, into: settings.mirrorPath)
                _ = try await repository.fetch()
                self.repository = repository
            }
            let commit = try await repository.resolve("refs/heads/\(settings.branch)")
            if commit != revision { log("revision \(commit.short) on \(settings.branch)") }
            revision = commit
            remoteProblem = nil
            failedFetches = 0
            return (repository, commit)
        } catch {
            fetchErrors += 1
            failedFetches += 1
            remoteProblem = "\(error)"
            log("fetch of \(settings.repository) failed (attempt \(failedFetches), retrying with backoff): \(error)")
            guard let repository, let revision else { return nil }
            return (repository, revision)
        }
    }

    /// Starts the effect the decision asks for, unless one already runs for the model.
    private func act(on decision: Decision, desired: DesiredModel, observed: ObservedModel, catalog: Catalog,
                     repository: Repository, commit: ObjectID, entries: [JournalEntry]) {
        if case .abortRollout = decision.action, let driver = drivers[desired.name] {
            Task { await driver.command(.abort) }
            return
        }
        guard effects[desired.name] == nil else { return }
        let name = desired.name
        let effect: (@Sendable () async throws -> Void)?
        switch decision.action {
        case .none:
            effect = nil
        case .train:
            guard let training = Training(repository: repository, commit: commit, desired: desired,
                                          state: RunState(folder: settings.stateFolder, journal: journal), executor: executor) else { return }
            let log = self.log
            effect = { _ = try await training.perform(say: { log("\(name): \($0)") }) }
        case .gate(let candidate, let gates):
            guard let model = desired.model else { return }
            let trainedAt = GateRunner.trainedAt(candidate, in: entries) ?? commit
            let runner = GateRunner(repository: repository, revision: commit, catalog: catalog, model: model,
                                    state: RunState(folder: settings.stateFolder, journal: journal), dataplane: dataplane,
                                    executor: executor, client: client, clock: clock)
            let log = self.log
            effect = { _ = try await runner.run(candidate: candidate, trainedAt: trainedAt, only: gates, say: { log("\(name): \($0)") }) }
        case .rollOut(let candidate):
            guard let model = desired.model, let canary = ServedVersion.spec(model: model, candidate: candidate, store: ArtifactStore(stateFolder: settings.stateFolder)) else { return }
            let stable = observed.stable.flatMap { ServedVersion.spec(model: model, candidate: $0, store: ArtifactStore(stateFolder: settings.stateFolder)) }
            // The first version of a model has nothing to be compared with: it takes all traffic at once.
            let spec = stable == nil ? RolloutSpec(steps: [], analysis: model.rollout.analysis) : model.rollout
            let driver = CanaryDriver(target: CanaryTarget(model: name, stable: stable, canary: canary, spec: spec,
                                                           runKey: candidate.runKey, artifact: candidate.artifact),
                                      dataplane: dataplane, journal: journal, clock: clock, pollInterval: settings.rolloutPoll)
            drivers[name] = driver
            let log = self.log
            effect = {
                let outcome = try await driver.run()
                log("\(name): rollout of \(ServedVersion.name(candidate)) \(outcome)")
            }
        case .abortRollout(let candidate):
            effect = { [journal, dataplane] in
                try await dataplane.update(model: name) { served in
                    served.canary = nil
                    served.canaryWeight = 0
                }
                _ = try journal.append(RolloutFinished(model: name, candidate: ServedVersion.name(candidate), outcome: .aborted))
            }
        }
        guard let effect else { return }
        effects[name] = Task {
            do { try await effect() } catch {
                self.log("\(name): \(error)")
                self.recordError(name, "\(error)")
            }
            self.finished(name)
        }
    }

    private func recordError(_ name: String, _ error: String) {
        statuses[name]?.lastError = error
    }

    private func finished(_ name: String) {
        effects[name] = nil
        drivers[name] = nil
        nudge()
    }

    /// Hands a person's command to the model's running rollout; false when none runs.
    public func command(_ model: String, _ event: CanaryRollout.Event) async -> Bool {
        guard let driver = drivers[model] else { return false }
        await driver.command(event)
        return true
    }

    /// Rolls `model` back by hand to its previous stable, quarantining the one serving now.
    public func rollback(_ model: String, by who: String) async throws -> Candidate {
        let observed = try ObservedState.fold(try journal.entries())[model] ?? ObservedModel(name: model)
        guard let current = observed.stable, let previous = observed.previousStables.last else {
            throw ReconcilerRefusal("\(model) has no earlier stable version to roll back to")
        }
        guard let manifest = catalog?.models.first(where: { $0.name == model }),
              let spec = ServedVersion.spec(model: manifest, candidate: previous, store: ArtifactStore(stateFolder: settings.stateFolder)) else {
            throw ReconcilerRefusal("\(model) has no valid manifest at the current revision, so its earlier version cannot be served")
        }
        if let driver = drivers[model] { await driver.command(.abort) }
        // Journaled first: a crash before the data plane is told re-asserts it on the next pass.
        _ = try journal.append(StableRestored(model: model, restored: previous, replaced: current, by: who))
        try await dataplane.update(model: model) { served in
            served.stable = spec
            served.canary = nil
            served.canaryWeight = 0
        }
        nudge()
        return previous
    }

    private func status(of name: String, desired: DesiredModel, observed: ObservedModel, decision: Decision,
                        rollouts: [RolloutRecorded]) -> ModelStatus {
        let now = clock.now
        var conditions = [ModelCondition(type: decision.condition.type, status: true, reason: decision.condition.reason,
                                         message: decision.condition.message, since: statuses[name]?.conditions.first?.reason == decision.condition.reason
                                            ? statuses[name]?.conditions.first?.since ?? now : now)]
        if let remoteProblem {
            conditions.append(ModelCondition(type: "Stalled", status: true, reason: "RemoteUnreachable", message: remoteProblem, since: now))
        }
        let candidate = decision.candidate
        let gates = candidate.flatMap { c in observed.gates[c] }.map { verdicts in
            (desired.model?.gates.map(\.name) ?? Array(verdicts.keys)).compactMap { verdicts[$0]?.result }
        } ?? []
        var phase = decision.phase
        var analyses: [AnalysisPoint] = []
        if let rolling = candidate ?? observed.lastRollout {
            let records = rollouts.filter { $0.model == name && $0.candidate == ServedVersion.name(rolling) }
            analyses = records.compactMap(\.analysis).map {
                AnalysisPoint(time: $0.to, canaryErrorRate: $0.canary.errorRate, stableErrorRate: $0.stable?.errorRate,
                              canaryP99: $0.canary.p99.seconds, stableP99: $0.stable?.p99.seconds)
            }
            if case .rollingOut(_, let steps, _) = phase, case .progressing(let position)? = records.last?.state {
                phase = .rollingOut(step: position.step + 1, steps: steps, weight: desired.model?.rollout.steps[safe: position.step]?.weight ?? 0)
            }
        }
        return ModelStatus(name: name, revision: desired.revision, phase: phase, conditions: conditions, stable: observed.stable,
                           candidate: candidate, gates: gates, analyses: analyses,
                           lastError: desired.problem ?? statuses[name]?.lastError)
    }
}

/// A command the reconciler refuses, with why.
public struct ReconcilerRefusal: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
