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
    /// The time everything the controller decides is judged by; the API's too.
    public nonisolated let clock: any Clock
    private let log: @Sendable (String) -> Void
    private var repository: Repository?
    /// The catalog of the last revision reconciled, for commands given between passes.
    private var catalog: Catalog?
    private var statuses: [String: ModelStatus] = [:]
    private var effects: [String: Task<Void, Never>] = [:]
    private var drivers: [String: CanaryDriver] = [:]
    /// Models whose running effect sets their route (a rollout or an abort): no repair meanwhile.
    private var routeOwners: Set<String> = []
    /// Repairs of what the data plane serves, one at a time per model.
    private var repairs: [String: Task<Void, Never>] = [:]
    /// The observed state folded so far, where the fold stands, and the entry of the last snapshot.
    private var observedState = ObservedState()
    private var cursor: JournalCursor?
    private var snapshotSeq = 0
    private var desiredCache: (commit: ObjectID, state: DesiredState)?
    /// Why the journal cannot be written, and since when, while it cannot: nothing is acted on meanwhile.
    public private(set) var journalProblem: (reason: String, since: Date)?
    /// Why the data plane did not answer in the last pass, if it did not.
    public private(set) var dataplaneProblem: String?
    private var relaunching: Task<Void, Never>?
    private var failedRelaunches = 0
    private var nextRelaunch = Date.distantPast
    private var nudged = false
    /// The earliest time a decision of the last pass asked to be looked at again.
    private var recheckAt: Date?
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
        // Nothing runs yet: whatever an earlier daemon left in the work folders or the store's staging
        // (a crash mid-training, a full disk) goes, and a trainer it left running is stopped.
        let cleared = WorkFolder.clearAllLeftovers(stateFolder: settings.stateFolder)
        let staged = ArtifactStore(stateFolder: settings.stateFolder).removeLeftoverStaging()
        if !cleared.isEmpty || !staged.isEmpty {
            log("cleared \(cleared.count) work folder\(cleared.count == 1 ? "" : "s") and \(staged.count) staging folder\(staged.count == 1 ? "" : "s") left by an earlier run")
        }
        while !Task.isCancelled {
            await pass()
            await sleep()
        }
        for task in effects.values { task.cancel() }
    }

    /// Sleeps, on the injected clock, for the interval or until the earliest time the planner asked to
    /// look again, or until nudged; backs off while the remote is unreachable.
    private func sleep() async {
        if nudged { nudged = false; return }
        let backoff = failedFetches == 0 ? settings.interval : min(settings.interval * (1 << min(failedFetches, 5)), .seconds(300))
        var deadline = clock.now.addingTimeInterval(backoff.seconds)
        if failedFetches == 0, let recheckAt { deadline = min(deadline, recheckAt) }
        let wake = Task { [weak self, clock] in
            try? await clock.sleep(until: deadline)
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
        recheckAt = nil
        guard let (repository, commit) = await fetch() else { return }
        do {
            let desiredState = try await desiredState(at: commit, in: repository)
            let catalog = desiredState.catalog
            self.catalog = catalog
            let revisionInfo = observedState.revision == commit.hex ? nil : try await repository.commit(commit)
            let serving = await observeDataplane()
            checkJournalWritable()
            // Folded after the pass's last suspension: an effect that ends meanwhile has journaled its
            // outcome before it leaves `effects`, so nothing is decided from a journal older than `effects`.
            var observed = try foldNewEntries()
            if observed.revision != commit.hex, let info = revisionInfo, journalProblem == nil {
                // Journaled before anything is decided from it: every later event follows the revision it came from.
                _ = try journal.append(RevisionObserved(commit: commit.hex, branch: settings.branch,
                                                        author: "\(info.author.name) <\(info.author.email)>", summary: info.summary,
                                                        models: desiredState.models.count, errors: catalog.diagnostics.errorCount))
                observed = try foldNewEntries()
            }
            var names = Set(catalog.models.map(\.name)).union(observed.models.keys)
            names.formUnion(statuses.keys)
            for name in names.sorted() {
                let desired = desiredState.model(name)
                var seen = observed[name]
                seen.effectRunning = effects[name] != nil
                let decision = Planner.decide(desired, seen, now: clock.now)
                if let at = decision.recheckAt { recheckAt = min(recheckAt ?? at, at) }
                let check = Planner.checkServing(seen, serving.map { ServingObservation($0, model: name) } ?? .unreachable(dataplaneProblem ?? ""),
                                                 now: clock.now)
                statuses[name] = status(of: name, desired: desired, observed: seen, decision: decision, serving: check,
                                        route: serving?.routes.first { $0.model == name },
                                        rollout: observed.latestRollouts[name]?.records ?? [])
                // Nothing is acted on that could not be journaled first.
                guard journalProblem == nil else { continue }
                act(on: decision, desired: desired, observed: seen, catalog: catalog, repository: repository, commit: commit)
                switch check {
                case .drifted(let problem):
                    if let stable = seen.stable { repair(name, stable: stable, problem: problem, manifest: desired.model) }
                case .repairing(_, let retryAt):
                    recheckAt = min(recheckAt ?? retryAt, retryAt)
                default:
                    break
                }
            }
            if let serving, journalProblem == nil { stopLeftoverGateVersions(serving) }
        } catch {
            log("reconcile at \(commit.short) failed: \(error)")
            for name in statuses.keys { statuses[name]?.lastError = "\(error)" }
        }
    }

    /// The desired state of `commit`, built once per revision: a pass over an unchanged revision
    /// reads no manifest and computes no run key again.
    private func desiredState(at commit: ObjectID, in repository: Repository) async throws -> DesiredState {
        if let cached = desiredCache, cached.commit == commit { return cached.state }
        let state = try await DesiredState.read(repository, at: commit, executor: executor.identity)
        desiredCache = (commit, state)
        return state
    }

    /// Folds the entries appended since the last look into the observed state (the whole journal,
    /// from its newest valid snapshot, the first time), and snapshots it every `snapshotEvery`
    /// entries, so that a pass costs what was appended, not what the journal holds.
    private func foldNewEntries() throws -> ObservedState {
        if let cursor {
            self.cursor = try journal.forEachEntry(after: cursor) { try observedState.apply($0) }
        } else {
            let replay = try journal.replay(initial: ObservedState()) { state, entry in try state.apply(entry) }
            observedState = replay.state
            cursor = replay.cursor
            snapshotSeq = replay.snapshotSeq ?? 0
        }
        if let cursor, cursor.seq - snapshotSeq >= settings.snapshotEvery {
            do {
                try journal.snapshot(state: observedState, at: cursor)
                snapshotSeq = cursor.seq
            } catch {
                // Only start-up gets slower without it: say so and try again later.
                log("the observed state could not be snapshotted at entry \(cursor.seq): \(error)")
                snapshotSeq = cursor.seq
            }
        }
        return observedState
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
                repository = try await Repository.mirror(from: settings.repository, into: settings.mirrorPath)
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
                     repository: Repository, commit: ObjectID) {
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
            guard var training = Training(repository: repository, commit: commit, desired: desired,
                                          state: RunState(folder: settings.stateFolder, journal: journal), executor: executor) else { return }
            training.dataRoots = settings.dataRoots
            let log = self.log
            let ledger = observedState.ledger.slice(runKey: desired.runKey?.description ?? "", model: name)
            effect = { [training] in _ = try await training.perform(ledger: ledger, say: { log("\(name): \($0)") }) }
        case .gate(let candidate, let gates):
            guard let model = desired.model else { return }
            let trainedAt = observed.runRevisions[candidate.runKey].flatMap { ObjectID(hex: $0) } ?? commit
            let runner = GateRunner(repository: repository, revision: commit, catalog: catalog, model: model,
                                    state: RunState(folder: settings.stateFolder, journal: journal), observed: observedState, dataplane: dataplane,
                                    executor: executor, client: client, clock: clock)
            let log = self.log
            effect = { _ = try await runner.run(candidate: candidate, trainedAt: trainedAt, only: gates, say: { log("\(name): \($0)") }) }
        case .rollOut(let candidate, let allAtOnce):
            guard let model = desired.model, let canary = ServedVersion.spec(model: model, candidate: candidate, store: ArtifactStore(stateFolder: settings.stateFolder)) else { return }
            let stable = observed.stable.flatMap { ServedVersion.spec(model: model, candidate: $0, store: ArtifactStore(stateFolder: settings.stateFolder)) }
            let spec = allAtOnce ? RolloutSpec(steps: [], analysis: model.rollout.analysis) : model.rollout
            let driver = CanaryDriver(target: CanaryTarget(model: name, stable: stable, canary: canary, spec: spec,
                                                           runKey: candidate.runKey, artifact: candidate.artifact),
                                      history: observedState.latestRollouts[name],
                                      dataplane: dataplane, journal: journal, clock: clock, pollInterval: settings.rolloutPoll)
            drivers[name] = driver
            routeOwners.insert(name)
            let log = self.log
            effect = {
                let outcome = try await driver.run()
                log("\(name): rollout of \(ServedVersion.name(candidate)) \(outcome)")
            }
        case .abortRollout(let candidate):
            routeOwners.insert(name)
            effect = { [journal, dataplane] in
                // Journaled first: a crash before the data plane is told is repaired by the next pass.
                _ = try journal.append(RolloutFinished(model: name, candidate: ServedVersion.name(candidate), outcome: .aborted))
                try await dataplane.update(model: name) { served in
                    served.canary = nil
                    served.canaryWeight = 0
                }
            }
        }
        guard let effect else { return }
        effects[name] = Task {
            do {
                try await effect()
                self.finished(name, failed: false)
            } catch {
                self.log("\(name): \(error)")
                self.recordError(name, "\(error)")
                self.finished(name, failed: true)
            }
        }
    }

    private func recordError(_ name: String, _ error: String) {
        statuses[name]?.lastError = error
    }

    /// An effect ended. A success means the next step may be due now; a failure waits for the next
    /// pass, so an effect that fails at once (an unreachable data plane) is not retried in a hot loop.
    private func finished(_ name: String, failed: Bool) {
        effects[name] = nil
        drivers[name] = nil
        routeOwners.remove(name)
        if !failed { nudge() }
    }

    /// Finds out whether the journal can be written: after an append failed, each pass tries to
    /// journal that it can be written again, and acts only once that succeeds.
    private func checkJournalWritable() {
        guard let problem = journal.lastWriteProblem ?? journalProblem?.reason else { return }
        let since = journalProblem?.since ?? clock.now
        do {
            _ = try journal.append(JournalWritable(problem: problem, since: since))
            log("the journal can be written again after: \(problem); acting again")
            journalProblem = nil
        } catch {
            if journalProblem == nil {
                log("THE JOURNAL CANNOT BE WRITTEN: \(error). Nothing is trained, gated, rolled out or repaired until it can; serving goes on as it is")
            }
            journalProblem = ("\(error)", since)
        }
    }

    /// Reads what the data plane serves, once a pass. When it does not answer, says so and starts
    /// a new one (with backoff), which re-adopts the running model servers and routes what was last
    /// wanted; serving comes back with no step by hand.
    private func observeDataplane() async -> ObservedServing? {
        do {
            let observed = try await dataplane.observed()
            if dataplaneProblem != nil { log("the data plane answers again") }
            dataplaneProblem = nil
            failedRelaunches = 0
            nextRelaunch = .distantPast
            return observed
        } catch {
            dataplaneProblem = "\(error)"
            log("the data plane does not answer: \(error)")
            relaunchDataplane()
            return nil
        }
    }

    private func relaunchDataplane() {
        guard let relaunch = settings.relaunchDataplane, relaunching == nil, clock.now >= nextRelaunch else { return }
        let delay = min(pow(2, Double(failedRelaunches)), 60)
        relaunching = Task {
            do {
                if try await relaunch() { self.log("started a new data plane; it re-adopts the running model servers") }
                self.relaunched(failed: false, delay: delay)
            } catch {
                self.log("the data plane could not be started again (next try in \(Int(delay))s): \(error)")
                self.relaunched(failed: true, delay: delay)
            }
        }
    }

    private func relaunched(failed: Bool, delay: TimeInterval) {
        relaunching = nil
        if failed {
            failedRelaunches += 1
            nextRelaunch = clock.now.addingTimeInterval(delay)
        } else {
            nudge()
        }
    }

    /// Puts stable back as what serves the model, journaling what was wrong first.
    private func repair(_ name: String, stable: Candidate, problem: String, manifest: Model?) {
        guard repairs[name] == nil, !routeOwners.contains(name) else { return }
        let spec = manifest.flatMap { ServedVersion.spec(model: $0, candidate: stable, store: ArtifactStore(stateFolder: settings.stateFolder)) }
        let version = VersionID(model: name, version: ServedVersion.name(stable))
        repairs[name] = Task { [journal, dataplane, log] in
            do {
                _ = try journal.append(ServingRepaired(model: name, problem: problem,
                                                       repair: "stable \(version.version) set again as the only version serving"))
                log("\(name): \(problem); serving stable \(version.version) again")
                try await dataplane.update(model: name) { served in
                    // An invalid manifest at this revision gives no spec: the data plane's own copy of stable's does.
                    if let spec { served.stable = spec }
                    served.canary = nil
                    served.canaryWeight = 0
                }
            } catch {
                log("\(name): repairing its serving failed: \(error)")
                self.recordError(name, "repairing its serving failed: \(error)")
            }
            self.repaired(name)
        }
    }

    private func repaired(_ name: String) {
        repairs[name] = nil
    }

    /// Stops gate versions that no running gate uses (a crash or a failed stop left them behind).
    private func stopLeftoverGateVersions(_ observed: ObservedServing) {
        let running = observed.servers.map(\.id) + observed.restarting
        for id in running where id.version.hasPrefix(ServedVersion.ephemeralPrefix) && effects[id.model] == nil && repairs[id.description] == nil {
            repairs[id.description] = Task { [journal, dataplane, log] in
                do {
                    _ = try journal.append(ServingRepaired(model: id.model, problem: "gate version \(id.version) left running with no gate using it",
                                                           repair: "stopped"))
                    log("\(id.model): stopping gate version \(id.version), which no gate uses")
                    _ = try await dataplane.setEphemeral(id, nil)
                } catch {
                    log("\(id.model): stopping gate version \(id.version) failed: \(error)")
                }
                self.repaired(id.description)
            }
        }
    }

    /// Why a sign-off by `reviewer` on `candidate` of `model` could never count for any governance
    /// gate it covers (outside the reviewer group, the change's own author, committer or signer), or
    /// nil when it can count. Refused when given, not accepted and ignored later.
    public func signOffRefusal(model name: String, candidate: Candidate, reviewer: String, gates: [String]) async -> String? {
        guard let catalog, let model = catalog.models.first(where: { $0.name == name }), let repository, let revision else { return nil }
        let covered = model.gates.compactMap { gate -> (String, GovernanceGate)? in
            guard case .governance(let spec) = gate.check, gates.isEmpty || gates.contains(gate.name) else { return nil }
            return (gate.name, spec)
        }
        guard !covered.isEmpty else { return nil }
        let trainedAt = ((try? foldNewEntries())?[name].runRevisions[candidate.runKey]).flatMap { ObjectID(hex: $0) } ?? revision
        guard let signers = try? await SignersLookup.read(for: catalog.policy, from: repository, at: revision),
              let change = try? await CandidateChange.read(repository, commit: trainedAt, signers: signers.signers) else { return nil }
        let record = ApprovalRecord(model: name, candidate: candidate, gates: gates, decision: .approve, reviewer: reviewer,
                                    decidedAt: clock.now, source: .signOff(APISignOff(journalEntry: 0, token: reviewer)))
        var reasons: [String] = []
        for (gate, spec) in covered {
            guard let refusal = GovernanceCheck.refusal(of: record, gate: gate, spec: spec, policy: catalog.policy,
                                                        model: name, candidate: candidate, change: change, now: clock.now) else { return nil }
            reasons.append("gate \(gate): \(refusal.message)")
        }
        return reasons.joined(separator: "; ")
    }

    /// Whether a rollout of `model` runs now.
    public func hasRollout(_ model: String) -> Bool { drivers[model] != nil }

    /// Hands a person's command to the model's running rollout; false when none runs.
    public func command(_ model: String, _ event: CanaryRollout.Event) async -> Bool {
        guard let driver = drivers[model] else { return false }
        await driver.command(event)
        return true
    }

    /// Rolls `model` back by hand to its previous stable, quarantining the one serving now.
    public func rollback(_ model: String, by who: String) async throws -> Candidate {
        let observed = try foldNewEntries()[model]
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
        do {
            try await dataplane.update(model: model) { served in
                served.stable = spec
                served.canary = nil
                served.canaryWeight = 0
            }
        } catch {
            // Decided and journaled: the next pass finds the router serving the replaced version and repairs it.
            log("\(model): the data plane did not take the rollback yet (\(error)); the next pass repairs it")
        }
        nudge()
        return previous
    }

    private func status(of name: String, desired: DesiredModel, observed: ObservedModel, decision: Decision,
                        serving: ServingCheck, route: ModelRoute?, rollout: [RolloutRecorded]) -> ModelStatus {
        let now = clock.now
        var primary = decision.condition
        var servingCondition: Condition?
        switch serving {
        case .notApplicable, .serving:
            break
        case .recovering(let message):
            servingCondition = Condition(.reconciling, .serverRestarting, message)
        case .drifted(let message):
            servingCondition = Condition(.reconciling, .servingRepaired, message + "; repairing it now")
        case .repairing(let message, let retryAt):
            servingCondition = Condition(.reconciling, .servingRepaired, message + "; repaired at \(retryAt.addingTimeInterval(-Planner.repairSpacing).formatted(.iso8601)), looked at again from \(retryAt.formatted(.iso8601))")
        case .unknown(let message):
            servingCondition = Condition(.stalled, .dataplaneUnavailable, message)
        }
        if dataplaneProblem != nil, servingCondition == nil {
            servingCondition = Condition(.stalled, .dataplaneUnavailable, dataplaneProblem ?? "")
        }
        // Ready means the router really serves stable: a drifted world is not ready, whatever the journal says.
        if primary.type == .ready, let servingCondition {
            primary = servingCondition
        }
        func since(_ reason: ConditionReason) -> Date {
            statuses[name]?.conditions.first { $0.reason == reason }?.since ?? now
        }
        var conditions = [ModelCondition(type: primary.type, status: true, reason: primary.reason, message: primary.message,
                                         since: since(primary.reason))]
        if let servingCondition, servingCondition.reason != primary.reason {
            conditions.append(ModelCondition(type: servingCondition.type, status: true, reason: servingCondition.reason,
                                             message: servingCondition.message, since: since(servingCondition.reason)))
        }
        if let remoteProblem {
            conditions.append(ModelCondition(type: .stalled, status: true, reason: .remoteUnreachable, message: remoteProblem, since: now))
        }
        if let journalProblem {
            conditions.insert(ModelCondition(type: .stalled, status: true, reason: .journalUnwritable,
                                             message: journalProblem.reason, since: journalProblem.since), at: 0)
        }
        let healthy = primary.type == .ready && remoteProblem == nil && journalProblem == nil
        let candidate = decision.candidate
        let gates = candidate.flatMap { c in observed.gates[c] }.map { verdicts in
            (desired.model?.gates.map(\.name) ?? Array(verdicts.keys)).compactMap { verdicts[$0]?.result }
        } ?? []
        var phase = decision.phase
        var analyses: [AnalysisPoint] = []
        if let rolling = candidate ?? observed.lastRollout {
            // The current (or last) rollout's analyses only.
            let records = rollout.filter { $0.candidate == ServedVersion.name(rolling) }
            analyses = records.compactMap(\.analysis).map {
                AnalysisPoint(time: $0.to, canaryErrorRate: $0.canary.errorRate, stableErrorRate: $0.stable?.errorRate,
                              canaryP99: $0.canary.p99.seconds, stableP99: $0.stable?.p99.seconds)
            }
            if case .rollingOut(_, let steps, _) = phase {
                // The weight the router really gives the canary; the step's own while the data plane is not seen.
                func weight(at step: Int) -> Int {
                    route.map { $0.canary == nil ? 0 : $0.canaryWeight } ?? (steps == 0 ? 100 : desired.model?.rollout.steps[safe: step]?.weight ?? 0)
                }
                switch records.last?.state {
                case .progressing(let position)?:
                    phase = .rollingOut(step: position.step + 1, steps: steps, weight: weight(at: position.step))
                case .paused(let position, let reason)?:
                    phase = .paused(step: position.step + 1, steps: steps, weight: weight(at: position.step))
                    conditions[0] = ModelCondition(type: .reconciling, status: true, reason: .paused,
                                                   message: "canary of \(ServedVersion.name(rolling)) \(reason.description)",
                                                   since: since(.paused))
                default:
                    break
                }
            }
        }
        return ModelStatus(name: name, revision: desired.revision, phase: phase, conditions: conditions, stable: observed.stable,
                           candidate: candidate, gates: gates, analyses: analyses,
                           lastError: desired.problem ?? (healthy ? nil : statuses[name]?.lastError))
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
