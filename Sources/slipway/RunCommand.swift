import Controller
import Foundation
import Gates
import Git
import HTTP
import Journal
import Manifests
import Pipelines
import Serving

/// `slipway run`: one training run outside the daemon.
enum RunCommand: Command {
    static let spec = CommandSpec(
        name: "run",
        summary: "Train one model once, outside the daemon: data gate, then training or a cache hit.",
        positionals: "MODEL", minPositionals: 1, maxPositionals: 1,
        options: [
            .value("repo", "DIR", "The git repository holding the model (required)."),
            .value("rev", "REV", "The branch, tag or commit to train (default HEAD)."),
            .value("state", "DIR", "The state folder: journal, artifacts, logs (required)."),
            .flag("gates", "Then run the model's gates on the run's artifact (serving it in the data plane of --state)."),
            .value("data-root", "DIR", "A folder external data sets may come from (repeatable); nothing outside these is read.", repeatable: true),
            .flag("json", "Print the result as JSON."),
        ],
        discussion: """
        The run key is the SHA-256 of everything the training depends on; when a run with the same key
        has finished before, its artifact is reused and nothing is trained. The trainer's output is
        streamed with a '│' prefix. With --gates, the model's gates then run in manifest order on the
        artifact; gates that need the candidate serving (baseline, loadTest, explainability) need
        `slipway dataplane --state DIR` running. Exit status: 0 trained or reused (and, with --gates, every
        gate passed), 1 the data gate, training or a gate failed, could not judge, or waits for approvals.
        """)

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        let name = arguments.positionals[0]
        let (repo, stateFolder) = (try arguments.required("repo"), try arguments.required("state"))
        let json = arguments.flag("json")
        let repository = try Repository.open(at: repo)
        let commit = try await repository.resolve(arguments.value("rev") ?? "HEAD")
        let executor = LocalExecutor()
        let desired = try await DesiredState.read(repository, at: commit, executor: executor.identity)
        let catalog = desired.catalog
        guard let model = catalog.models.first(where: { $0.name == name }) else {
            let problems = catalog.diagnostics.filter { $0.severity == .error }
            if !problems.isEmpty { for p in problems { Output.error(p.description) } }
            let hint = Suggestion.closest(to: name, among: catalog.models.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
            throw CommandError(description: "no valid model '\(name)' at \(commit.short)\(hint)")
        }

        try FileManager.default.createDirectory(atPath: stateFolder, withIntermediateDirectories: true)
        let journal = try Journal(lock: try StateLock(stateFolder: stateFolder))
        if let repair = journal.repair { Output.error("journal: \(repair)") }
        let say: @Sendable (String) -> Void = { line in if !json { Output.print("\(name): \(line)") } }
        let stream: LogSink? = json ? nil : TrainerOutput.prefixed("  │ ")
        let wanted = desired.model(name)
        guard var training = Training(repository: repository, commit: commit, desired: wanted,
                                      state: RunState(folder: stateFolder, journal: journal), executor: executor) else {
            throw CommandError(description: "\(name) cannot be trained at \(commit.short): \(wanted.problem ?? "its run key cannot be worked out")")
        }
        training.dataRoots = arguments.all("data-root")
        say("training at \(Revision(name: arguments.value("rev") ?? "HEAD", commit: commit))")
        let result = try await training.perform(say: say, trainerOutput: stream)
        if json {
            Output.json(result)
        } else if result.outcome != .failed {
            let metrics = result.metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            Output.print("\(name): \(result.outcome.rawValue) — run key \(result.runKey), artifact \(result.artifact ?? "-")\(metrics.isEmpty ? "" : ", metrics \(metrics)")")
        }
        guard result.outcome != .failed else { return .failure }
        guard arguments.flag("gates"), let artifact = result.artifact else { return .success }
        let report = try await runGates(model: model, catalog: catalog, repository: repository, commit: commit,
                                        candidate: Candidate(runKey: result.runKey, artifact: artifact),
                                        state: RunState(folder: stateFolder, journal: journal), say: say)
        if json {
            Output.json(report)
        } else {
            Output.print("\(name): gates \(report.verdict.rawValue)\(report.notRun.isEmpty ? "" : "; not run: " + report.notRun.joined(separator: ", "))"
                         + " — `slipway gates \(name) --state \(stateFolder)` shows the evidence")
        }
        return report.verdict == .pass ? .success : .failure
    }

    /// Runs the gates on the run's artifact, in the data plane of the state folder when one runs.
    static func runGates(model: Model, catalog: Catalog, repository: Repository, commit: ObjectID, candidate: Candidate,
                         state: RunState, say: @escaping @Sendable (String) -> Void) async throws -> GateReport {
        let loops = try EventLoopGroup(loops: 1)
        let client = HTTPClient(group: loops)
        defer {
            client.shutdown()
            loops.shutdown()
        }
        let dataplane: (any Dataplane)? = (try? ControlFile.read(from: state.folder + "/dataplane")) == nil
            ? nil : DataplaneConnection(stateFolder: state.folder, client: client)
        let observed = try ObservedState.read(state.journal)
        // A reused run was trained from an earlier commit: that commit's author made the candidate.
        let trainedAt = observed[model.name].runRevisions[candidate.runKey].flatMap { ObjectID(hex: $0) } ?? commit
        let runner = GateRunner(repository: repository, revision: commit, catalog: catalog, model: model, state: state,
                                observed: observed, dataplane: dataplane, executor: LocalExecutor(), client: client)
        return try await runner.run(candidate: candidate, trainedAt: trainedAt, say: say)
    }
}

/// Writes a trainer's output to standard output, each line behind a prefix.
enum TrainerOutput {
    static func prefixed(_ prefix: String) -> LogSink {
        let pending = PendingLine()
        return { chunk in
            for line in pending.lines(adding: chunk) { Output.print(prefix + line) }
        }
    }

    /// Bytes of an unfinished line, kept until its newline arrives.
    final class PendingLine: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes: [UInt8] = []

        func lines(adding chunk: [UInt8]) -> [String] {
            lock.lock()
            defer { lock.unlock() }
            bytes += chunk
            var lines: [String] = []
            while let newline = bytes.firstIndex(of: 0x0A) {
                lines.append(String(decoding: bytes[..<newline], as: UTF8.self))
                bytes.removeSubrange(...newline)
            }
            return lines
        }
    }
}
