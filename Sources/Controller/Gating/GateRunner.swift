import Foundation
import Gates
import Git
import HTTP
import Journal
import Manifests
import Pipelines
import Serving

/// Runs a model's gates on one candidate: exports the model folder the candidate was trained from,
/// serves the candidate in the data plane as an unrouted (ephemeral) version when a gate needs it,
/// finds stable, runs the gates in manifest order and journals each verdict with its evidence as
/// soon as it is in, then writes the JUnit report and stops the ephemeral version.
public struct GateRunner: Sendable {
    public let repository: Repository
    /// The revision being reconciled: its Policy and Approval manifests count.
    public let revision: ObjectID
    public let catalog: Catalog
    public let model: Model
    public let state: RunState
    /// The data plane that serves candidates for gates; nil when none runs (server gates are then `error`).
    public let dataplane: (any Dataplane)?
    public let executor: any Executor
    /// Carries the gates' inference requests.
    public let client: HTTPClient
    public let clock: any Clock
    /// The observed state's fold of the journal: stable, the data checks, the sign-offs.
    public let observed: ObservedState

    public init(repository: Repository, revision: ObjectID, catalog: Catalog, model: Model, state: RunState, observed: ObservedState,
                dataplane: (any Dataplane)?, executor: any Executor, client: HTTPClient, clock: any Clock = SystemClock()) {
        self.observed = observed
        self.client = client
        self.repository = repository
        self.revision = revision
        self.catalog = catalog
        self.model = model
        self.state = state
        self.dataplane = dataplane
        self.executor = executor
        self.clock = clock
    }

    /// The gates' report on `candidate`, trained from `trainedAt`; every result is journaled as `gate.finished`.
    /// With `only`, just those gates run (pending approvals checked again, say); the report is theirs.
    public func run(candidate: Candidate, trainedAt: ObjectID, only: [String]? = nil,
                    say: @Sendable (String) -> Void = { _ in }) async throws -> GateReport {
        let chosen = model.gates.filter { only?.contains($0.name) ?? true }
        let work = state.folder + "/gates/\(model.name)/\(ServedVersion.name(candidate))-\(Int(clock.now.timeIntervalSince1970))"
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let folder = work + "/model"
        try await repository.export(commit: trainedAt, path: model.folder, to: folder)

        var subject = GateSubject(model: model.name, candidate: candidate, folder: folder,
                                  artifactFolder: Digest(candidate.artifact).map { state.artifacts.path(for: $0) })
        var servingProblem: String?
        var ephemeral: ServerSpec?
        if chosen.contains(where: Self.needsServer) {
            do {
                (ephemeral, subject) = try await serve(candidate, into: subject, say: say)
            } catch {
                servingProblem = "\(error)"
            }
        }
        let gates = try await makeGates(chosen, for: subject, servingProblem: servingProblem, trainedAt: trainedAt, work: work)
        let report: GateReport
        do {
            let digests = Dictionary(chosen.map { ($0.name, $0.specDigest) }, uniquingKeysWith: { a, _ in a })
            report = try await GateSequence(gates).run(subject) { result in
                var result = result
                result.specDigest = digests[result.gate]
                _ = try state.journal.append(GateFinished(model: model.name, candidate: candidate, result: result))
                say("gate \(result.gate) (\(result.kind)): \(result.verdict.rawValue) — \(result.reason)")
            }
        } catch {
            await unserve(ephemeral)
            throw error
        }
        await unserve(ephemeral)
        let junit = state.folder + "/reports/\(model.name)"
        try FileManager.default.createDirectory(atPath: junit, withIntermediateDirectories: true)
        try JUnitReport(model: model.name, candidate: candidate, results: report.results).write(to: junit + "/\(ServedVersion.name(candidate)).xml")
        return report
    }

    /// Whether a gate talks to the candidate's server.
    static func needsServer(_ gate: GateSpec) -> Bool {
        switch gate.check {
        case .baseline, .loadTest: true
        case .explainability(let spec): spec.explainer == nil
        case .command, .data, .governance: false
        }
    }

    /// Starts the candidate as an ephemeral version and points the subject at it and at stable.
    private func serve(_ candidate: Candidate, into subject: GateSubject, say: (String) -> Void) async throws -> (ServerSpec, GateSubject) {
        guard let dataplane else {
            throw GateServingError("no data plane runs for \(state.folder); start `slipway dataplane --state \(state.folder)` so gates can serve the candidate")
        }
        guard let spec = ServedVersion.spec(model: model, candidate: candidate, store: state.artifacts, ephemeral: true) else {
            throw GateServingError("the candidate's artifact \(candidate.artifact) is not a digest")
        }
        say("serving the candidate for its gates as \(spec.id)")
        let observed = try await dataplane.setEphemeral(spec.id, spec)
        let stableSpec = try await dataplane.serving(of: model.name).served?.stable
        if let failure = observed.failures[spec.id.description] {
            throw GateServingError("the candidate's server did not start: \(failure)")
        }
        guard let server = observed.servers.first(where: { $0.id == spec.id }) else {
            throw GateServingError("the data plane does not report the candidate's server \(spec.id) running")
        }
        var served = subject
        // Straight to the servers, not through the router: gate traffic must not count in a canary's analysis.
        served.candidateEndpoint = InferenceEndpoint(port: server.port, model: model.name)
        served.candidateServerPID = server.pid
        if let stable = stableSpec,
           let stableServer = observed.servers.first(where: { $0.id == stable.id }) {
            served.stableEndpoint = InferenceEndpoint(port: stableServer.port, model: model.name)
            // The stable the journal records, if it is the one served (its version names its run key).
            served.stable = self.observed[model.name].stable.flatMap { ServedVersion.name($0) == stable.id.version ? $0 : nil }
        }
        return (spec, served)
    }

    /// Stops the ephemeral version; a failure only leaves a stray server, which the reconciler's
    /// next look at the data plane stops.
    private func unserve(_ spec: ServerSpec?) async {
        guard let spec, let dataplane else { return }
        _ = try? await dataplane.setEphemeral(spec.id, nil)
    }

    /// The model's gates in manifest order, each given what it needs.
    private func makeGates(_ specs: [GateSpec], for subject: GateSubject, servingProblem: String?, trainedAt: ObjectID,
                           work: String) async throws -> [any Gate] {
        var gates: [any Gate] = []
        for spec in specs {
            if let servingProblem, Self.needsServer(spec) {
                gates.append(UnservedGate(name: spec.name, kind: spec.kind.rawValue, problem: servingProblem))
                continue
            }
            switch spec.check {
            case .command(let command):
                gates.append(CommandCheck(name: spec.name, spec: command, timeout: spec.timeout, executor: executor, workFolder: work))
            case .data:
                gates.append(DataCheck(name: spec.name, checks: observed.dataChecks[subject.candidate.runKey] ?? []))
            case .baseline(let baseline):
                gates.append(BaselineCheck(name: spec.name, spec: baseline, client: client))
            case .loadTest(let load):
                gates.append(LoadTestCheck(name: spec.name, spec: load, serverPID: subject.candidateServerPID))
            case .explainability(let explain):
                var check = ExplainabilityCheck(name: spec.name, spec: explain, client: client, timeout: spec.timeout, executor: executor)
                check.placeholders = explainerPlaceholders(subject)
                gates.append(check)
            case .governance(let governance):
                let signers = try await SignersLookup.read(for: catalog.policy, from: repository, at: revision)
                let manifestApprovals = try await ManifestApprovals.collect(catalog.manifests, signers: signers, repository: repository, revision: revision)
                let signOffs = (observed.signOffs[model.name] ?? []).map(\.record)
                let change = try await CandidateChange.read(repository, commit: trainedAt, signers: signers.signers)
                gates.append(GovernanceCheck(name: spec.name, spec: governance, policy: catalog.policy, model: model,
                                             approvals: manifestApprovals.adding(signOffs), change: change, clock: clock))
            }
        }
        return gates
    }
}

extension GateRunner {
    /// What an explainer command may name: the artifact, the data sets in the exported folder, the params.
    func explainerPlaceholders(_ subject: GateSubject) -> [String: String] {
        var values: [String: String] = [:]
        if let artifact = subject.artifactFolder { values["artifact"] = artifact }
        for set in model.data {
            if case .repository(let path) = set.source { values["data.\(set.name)"] = subject.folder + "/" + path.written }
            if case .external(let path, _) = set.source { values["data.\(set.name)"] = path }
        }
        for (name, value) in model.train.params { values["params.\(name)"] = value.description }
        return values
    }
}

/// Why the candidate could not be served for its gates.
struct GateServingError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A gate that needs the candidate's server when there is none: `error`, with why.
struct UnservedGate: Gate {
    let name: String
    let kind: String
    let problem: String

    func evaluate(_ subject: GateSubject) async -> GateResult {
        GateResult(gate: name, kind: kind, verdict: .error, reason: "the candidate could not be served for this gate: \(problem)")
    }
}
