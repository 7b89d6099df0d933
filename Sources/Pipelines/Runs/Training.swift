import Foundation
import Git
import Journal
import Manifests
import Processes

/// Where runs keep their state: the journal, the artifact store, logs and work folders.
public struct RunState: Sendable {
    public let folder: String
    public let journal: Journal
    public let artifacts: ArtifactStore

    public init(folder: String, journal: Journal) {
        self.folder = folder
        self.journal = journal
        self.artifacts = ArtifactStore(stateFolder: folder)
    }

    /// The folder holding a run's logs, kept after its work folder is gone.
    public func logFolder(runKey: String) -> String {
        folder + "/logs/" + (Digest(runKey)?.hex ?? runKey)
    }
}

/// How one training run ended.
public struct TrainingResult: Sendable, Encodable {
    public enum Outcome: String, Sendable, Encodable {
        case trained
        /// The run key was already trained; its artifact was reused.
        case reused
        case failed
    }

    public var model: String
    public var runKey: String
    public var outcome: Outcome
    public var artifact: String?
    public var metrics: [String: Double]
    public var failure: String?
}

/// One training run of one model at one commit, for the run key its desired state worked out:
/// reuse a finished run with that key, else check the data, journal the start, train, store the
/// artifact and journal the end.
public struct Training: Sendable {
    public let repository: Repository
    public let commit: ObjectID
    public let model: Model
    public let pipeline: Pipeline?
    /// What the run depends on, from the revision's `DesiredState`; their key is the run key recorded.
    public let inputs: RunInputs
    public let state: RunState
    public let executor: LocalExecutor
    /// The folders external data sets may come from (`--data-root`); a file anywhere else is neither
    /// read nor digested, so a manifest cannot make the controller reveal the digest of `/etc/shadow`.
    public var dataRoots: [String] = []

    /// The training `desired` asks for at `commit` (its revision); nil when it has no run key (`desired.problem` says why).
    public init?(repository: Repository, commit: ObjectID, desired: DesiredModel, state: RunState, executor: LocalExecutor) {
        guard let model = desired.model, let inputs = desired.inputs else { return nil }
        self.init(repository: repository, commit: commit, model: model, pipeline: desired.pipeline, inputs: inputs,
                  state: state, executor: executor)
    }

    public init(repository: Repository, commit: ObjectID, model: Model, pipeline: Pipeline?, inputs: RunInputs,
                state: RunState, executor: LocalExecutor) {
        self.repository = repository
        self.commit = commit
        self.model = model
        self.pipeline = pipeline
        self.inputs = inputs
        self.state = state
        self.executor = executor
    }

    /// Runs it. `say` receives progress lines; `trainerOutput` the trainer's output as it comes.
    /// `ledger` is the journal's run ledger when the caller keeps one (the daemon folds it as entries
    /// come); without it the journal is read. Throws only when the machinery breaks (git, disk,
    /// spawning); a failed check or trainer is a result.
    public func perform(ledger known: RunLedger? = nil, say: @Sendable (String) -> Void,
                        trainerOutput: LogSink? = nil) async throws -> TrainingResult {
        let key = inputs.key.description
        // A run still `started` in the caller's ledger was cut off (one run of a key at a time).
        let ledger = try known ?? RunLedger.read(state.journal)
        if let done = ledger.finished(key), let artifact = done.artifact, let digest = Digest(artifact), state.artifacts.contains(digest) {
            try state.journal.append(RunReused(model: model.name, runKey: key, artifact: artifact, revision: commit.hex))
            say("run key \(key) was trained before: reusing \(artifact), no training")
            return TrainingResult(model: model.name, runKey: key, outcome: .reused, artifact: artifact, metrics: done.metrics)
        }
        if ledger.runs[key]?.status == .interrupted || ledger.runs[key]?.status == .started {
            say("run key \(key) was interrupted before it finished: training again from scratch")
        }
        say("run key \(key)")

        // Each attempt trains in a folder of its own. An earlier attempt's trainer may still run (its
        // watcher was killed): stop it and clear its folder first, so nothing it writes reaches this one.
        let keyFolder = state.folder + "/work/" + (Digest(key)?.hex ?? key)
        WorkFolder.clearLeftovers(under: keyFolder)
        let attempt = (ledger.runs[key]?.attempts ?? 0) + 1
        let workRoot = keyFolder + "/attempt-\(attempt)"
        defer {
            try? FileManager.default.removeItem(atPath: workRoot)
            try? FileManager.default.removeItem(atPath: keyFolder)
        }
        let work = try await executor.prepare(repository: repository, commit: commit, modelFolder: model.folder, into: workRoot)
        let logs = state.logFolder(runKey: key)
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)

        let dataPaths: [String: String]
        do {
            dataPaths = try await materialiseData(work: work)
        } catch let problem as DataInputProblem {
            return try fail(key, "data set '\(problem.dataset)': \(problem.message)", say: say)
        }
        if let failure = try checkData(key, dataPaths, ledger: ledger, say: say) {
            return try fail(key, failure, say: say)
        }

        let commitInfo = try await repository.commit(commit)
        let folderTree = try await repository.treeID(at: commit, path: model.folder)
        let revision = RevisionRecord(commit: commit.hex, author: "\(commitInfo.author.name) <\(commitInfo.author.email)>",
                                      summary: commitInfo.summary, folderTree: folderTree?.hex)
        try state.journal.append(RunStarted(model: model.name, runKey: key, revision: revision, inputs: inputs))
        do {
            return try await train(key, ledger: ledger, work: work, workRoot: workRoot, logs: logs, dataPaths: dataPaths,
                                   say: say, trainerOutput: trainerOutput)
        } catch is CancellationError {
            // Stopped, not failed: the run stays interrupted and is tried again.
            throw CancellationError()
        } catch {
            // The machinery broke after the run began (a full disk, a spawn that failed): the run failed
            // with that reason, rather than staying `started` and being retried at once for ever.
            _ = try? fail(key, "the run could not be carried out: \(error)", say: say)
            throw error
        }
    }

    /// The run itself, once journaled as started: train, store the artifact, journal the end.
    private func train(_ key: String, ledger: RunLedger, work: WorkFolder, workRoot: String, logs: String,
                       dataPaths: [String: String], say: @Sendable (String) -> Void, trainerOutput: LogSink?) async throws -> TrainingResult {

        var values = work.placeholders
        for (name, path) in dataPaths { values["data.\(name)"] = path }
        for (name, value) in mergedParams() { values["params.\(name)"] = value.description }
        let limits = ResourceLimits(memoryBytes: model.train.memoryLimit.map(Int.init),
                                    cpuSeconds: model.train.cpuTimeLimit.map { Int(max(1, $0.seconds.rounded(.up))) })

        let outputFolder: String
        let outcome: JobOutcome?
        switch model.train.runner {
        case .command(let argv):
            let arguments: [String]
            do {
                arguments = try Placeholders.resolve(argv, with: values)
            } catch {
                return try fail(key, "spec.train.command: \(error)", say: say)
            }
            var job = work.job(arguments, name: "train", environment: model.train.env, timeout: model.train.timeout, limits: limits)
            job.logPath = logs + "/train.log"
            say("training: \(arguments.joined(separator: " "))")
            let result = try await executor.run(job, log: trainerOutput)
            guard result.succeeded else {
                return try fail(key, "training \(result.summary); log: \(job.logPath)", outcome: result, say: say)
            }
            say("trained: \(result.summary)")
            outputFolder = work.output
            outcome = result
        case .pipeline(let name, _):
            guard let pipeline else { return try fail(key, "pipeline '\(name)' is not defined at \(commit.short)", say: say) }
            switch try await runSteps(of: pipeline, key: key, inputs: inputs, values: values, work: work, logs: logs,
                                      limits: limits, ledger: ledger, say: say, trainerOutput: trainerOutput) {
            case .success(let folder): outputFolder = folder
            case .failure(let failure): return try fail(key, failure.reason, outcome: failure.outcome, say: say)
            }
            outcome = nil
        }

        let metrics = Self.readMetrics(in: outputFolder)
        let artifact = try state.artifacts.store(folder: outputFolder, moving: outputFolder.hasPrefix(workRoot))
        try state.journal.append(RunFinished(model: model.name, runKey: key, artifact: artifact.description, metrics: metrics,
                                             outcome: outcome))
        say("artifact \(artifact)")
        return TrainingResult(model: model.name, runKey: key, outcome: .trained, artifact: artifact.description, metrics: metrics)
    }

    /// Journals a failed run and says why.
    private func fail(_ key: String, _ reason: String, outcome: JobOutcome? = nil, say: (String) -> Void) throws -> TrainingResult {
        try state.journal.append(RunFailed(model: model.name, runKey: key, reason: reason, outcome: outcome))
        say("failed: \(reason)")
        return TrainingResult(model: model.name, runKey: key, outcome: .failed, metrics: [:], failure: reason)
    }

    /// The parameters the trainer sees: the pipeline's defaults overridden by the model's.
    private func mergedParams() -> [String: ScalarValue] {
        (pipeline?.params ?? [:]).merging(model.train.params) { _, own in own }
    }

    /// Puts each data set where the trainer can read it and returns its path:
    /// files in the model's folder are already exported; others are written from their blobs;
    /// external files are used in place after their pin is verified. A data set that is not a file
    /// in the commit (a symlink above all) is refused before anything reads it.
    private func materialiseData(work: WorkFolder) async throws -> [String: String] {
        var paths: [String: String] = [:]
        for set in model.data {
            switch set.source {
            case .repository(let located):
                let path = located.path
                guard let entry = try await repository.entry(at: commit, path: path) else {
                    throw DataInputProblem(dataset: set.name, message: "'\(path)' is not in the commit")
                }
                guard entry.kind == .file || entry.kind == .executable else {
                    throw DataInputProblem(dataset: set.name, message: "'\(path)' is a \(entry.kind.rawValue) in the commit, not a file")
                }
                if RepositoryPath.isInside(path, folder: model.folder) {
                    let relative = model.folder.isEmpty ? path : String(path.dropFirst(model.folder.count + 1))
                    paths[set.name] = work.model + "/" + relative
                    continue
                }
                let folder = work.root + "/inputs/" + set.name
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                let file = folder + "/" + (path as NSString).lastPathComponent
                try Data(try await repository.blob(entry.id)).write(to: URL(fileURLWithPath: file))
                paths[set.name] = file
            case .external(let path, let pin):
                guard let resolved = DataRoots.resolve(path, within: dataRoots) else {
                    throw DataInputProblem(dataset: set.name, message: dataRoots.isEmpty
                        ? "external file '\(path)' is not read: no folder is allowed for external data; start the daemon or slipway run with --data-root FOLDER"
                        : "external file '\(path)' is not read: it is not a file inside the folders allowed for external data (\(dataRoots.joined(separator: ", ")))")
                }
                let path = resolved
                let digest = try Digest.ofFile(path: path)
                guard digest.description == pin else {
                    throw DataInputProblem(dataset: set.name,
                                           message: "external file '\(path)' has digest \(digest), not the pinned \(pin); update the pin if the change is intended")
                }
                paths[set.name] = path
            }
        }
        return paths
    }

    /// The data gate before training: every data set with a schema (or those the `data` gate names),
    /// with drift against the profile of the model's last accepted data. Returns why it failed, or nil.
    private func checkData(_ key: String, _ paths: [String: String], ledger: RunLedger, say: (String) -> Void) throws -> String? {
        let gate = model.gates.lazy.compactMap { if case .data(let d) = $0.check { d } else { nil } }.first
        var failures: [String] = []
        for set in model.data {
            guard let schema = set.schema, gate?.datasets?.contains(set.name) ?? true, let path = paths[set.name] else { continue }
            let reference = ledger.profiles[model.name]?[set.name].map(DataReference.profile)
            let report = DataValidator(schema: schema, reference: reference, maxPSI: gate?.maxPSI).check(csvAt: path)
            try state.journal.append(DataChecked(model: model.name, runKey: key, dataset: set.name, verdict: report.verdict.rawValue,
                                                 summary: report.summary, report: try JSONValue(encoding: report),
                                                 profile: report.profile))
            say("data gate, \(set.name): \(report.summary)")
            if report.verdict != .pass { failures.append("\(set.name): \(report.summary)") }
        }
        return failures.isEmpty ? nil : "data gate: " + failures.joined(separator: "; ")
    }

    /// Numbers from `metrics.json` in the output, if the trainer wrote one (nested objects are flattened with dots).
    static func readMetrics(in folder: String) -> [String: Double] {
        guard let data = FileManager.default.contents(atPath: folder + "/metrics.json"),
              let object = try? JSONDecoder().decode([String: JSONValue].self, from: data) else { return [:] }
        var metrics: [String: Double] = [:]
        func flatten(_ value: JSONValue, _ name: String) {
            switch value {
            case .number(let n): metrics[name] = n
            case .object(let nested): for (k, v) in nested { flatten(v, name + "." + k) }
            default: break
            }
        }
        for (k, v) in object { flatten(v, k) }
        return metrics
    }
}

/// A data set that cannot be put in front of the trainer.
struct DataInputProblem: Error {
    var dataset: String
    var message: String
}
