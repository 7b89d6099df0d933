import Foundation
import Git
import Journal
import Manifests
import Testing
import TestSupport
@testable import Pipelines

/// A repository with one model trained by a small python3 script, and a state folder.
final class TrainingBench {
    let git: GitFixture
    let state: TemporaryDirectory
    let journal: Journal

    static let manifest = """
        apiVersion: slipway.dev/v1
        kind: Model
        metadata: {name: iris, owners: [team-a]}
        spec:
          data:
            - name: train
              path: data/train.csv
              schema:
                columns:
                  x: {type: number, min: 0}
                  label: {type: integer, values: [0, 1]}
          train:
            command: [python3, train.py, --data, "${data.train}", --out, "${output}", --c, "${params.C}"]
            timeout: 1m
            params: {C: 0.5}
          serve:
            command: [python3, serve.py, --port, "${port}"]

        """

    static let trainer = """
        import json, os, sys
        args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
        rows = open(args["--data"]).read().splitlines()[1:]
        # Every training appends to a file outside the work folder, so tests can count trainings.
        with open(os.environ["TRAININGS"], "a") as f: f.write("trained\\n")
        print(f"training on {len(rows)} rows", flush=True)
        if os.environ.get("CRASH"): os.abort()
        open(os.path.join(args["--out"], "model.txt"), "w").write(args["--c"])
        json.dump({"accuracy": 0.75, "rows": len(rows)}, open(os.path.join(args["--out"], "metrics.json"), "w"))

        """

    init() throws {
        git = try GitFixture()
        state = try TemporaryDirectory(prefix: "slipway-state")
        journal = try Journal(lock: try StateLock(stateFolder: state.path))
        try write(manifest: Self.manifest)
        try git.write("models/iris/train.py", Self.trainer)
        try git.write("models/iris/data/train.csv", "x,label\n1.0,0\n2.5,1\n")
        _ = try git.commit("iris")
    }

    var trainingsFile: String { state.path + "/../" + (state.url.lastPathComponent) + "-trainings" }

    func write(manifest: String) throws {
        // The trainer learns where to count trainings from its declared environment.
        try git.write("models/iris/model.yaml", manifest.replacingOccurrences(
            of: "  train:\n", with: "  train:\n    env: {TRAININGS: \(trainingsFile)}\n"))
    }

    var trainings: Int {
        ((try? String(contentsOfFile: trainingsFile, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// Trains the model at HEAD, reading external data only from `dataRoots`.
    func train(dataRoots: [String] = []) async throws -> TrainingResult {
        let repository = try Repository.open(at: git.path)
        let commit = try await repository.resolve("HEAD")
        let files = try await repository.readFiles(at: commit, where: { $0.hasSuffix(".yaml") })
        let catalog = Catalog.load(files.map { SourceFile(path: $0.entry.path, text: String(decoding: $0.bytes, as: UTF8.self)) })
        let executor = LocalExecutor()
        let desired = DesiredState(revision: commit, catalog: catalog, files: try await repository.files(at: commit), executor: executor.identity)
        var training = try #require(Training(repository: repository, commit: commit, desired: desired.model("iris"),
                                             state: RunState(folder: state.path, journal: journal), executor: executor))
        training.dataRoots = dataRoots
        return try await training.perform(say: { _ in })
    }

    deinit { try? FileManager.default.removeItem(atPath: trainingsFile) }
}

@Suite(.serialized) struct TrainingTests {
    /// A change to the repository and whether it must train again.
    struct Change: CustomTestStringConvertible, Sendable {
        var name: String
        var retrains: Bool
        var edit: @Sendable (TrainingBench) throws -> Void
        var testDescription: String { name }
    }

    @Test(arguments: [
        Change(name: "nothing", retrains: false, edit: { _ in }),
        Change(name: "code", retrains: true, edit: { try $0.git.write("models/iris/train.py", TrainingBench.trainer + "# v2\n") }),
        Change(name: "new file in the folder", retrains: true, edit: { try $0.git.write("models/iris/features.py", "x = 1\n") }),
        Change(name: "data", retrains: true, edit: { try $0.git.write("models/iris/data/train.csv", "x,label\n1.0,0\n3.0,1\n") }),
        Change(name: "params", retrains: true, edit: { try $0.write(manifest: TrainingBench.manifest.replacingOccurrences(of: "C: 0.5", with: "C: 0.9")) }),
        Change(name: "spec", retrains: true, edit: { try $0.write(manifest: TrainingBench.manifest.replacingOccurrences(of: "timeout: 1m", with: "timeout: 2m")) }),
        Change(name: "serving only", retrains: false, edit: {
            try $0.write(manifest: TrainingBench.manifest.replacingOccurrences(of: "serve.py", with: "serve2.py"))
        }),
        Change(name: "a file outside the folder", retrains: false, edit: { try $0.git.write("README.md", "hello\n") }),
    ])
    func cacheHitsAndMisses(_ change: Change) async throws {
        let bench = try TrainingBench()
        let first = try await bench.train()
        #expect(first.outcome == .trained, "\(first)")
        #expect(first.metrics == ["accuracy": 0.75, "rows": 2])
        try change.edit(bench)
        if change.name != "nothing" { _ = try bench.git.commit(change.name) }
        let second = try await bench.train()
        #expect(second.outcome == (change.retrains ? .trained : .reused))
        #expect((second.runKey != first.runKey) == change.retrains)
        #expect(bench.trainings == (change.retrains ? 2 : 1))
    }

    @Test func aCrashingTrainerFailsTheRunAndIsJournaled() async throws {
        let bench = try TrainingBench()
        let manifest = try String(contentsOfFile: bench.git.path + "/models/iris/model.yaml", encoding: .utf8)
            .replacingOccurrences(of: "env: {TRAININGS:", with: "env: {CRASH: \"1\", TRAININGS:")
        try bench.git.write("models/iris/model.yaml", manifest)
        _ = try bench.git.commit("crash")
        let result = try await bench.train()
        #expect(result.outcome == .failed)
        #expect(result.failure?.contains("SIGABRT") == true, "\(result.failure ?? "")")
        let ledger = try RunLedger.read(bench.journal)
        #expect(ledger.runs[result.runKey]?.status == .failed)
        #expect(ledger.runs[result.runKey]?.outcome?.termination == .signalled(SIGABRT))
        // The log keeps what the trainer said before it died.
        let log = try String(contentsOfFile: bench.state.path + "/logs/\(Digest(result.runKey)!.hex)/train.log", encoding: .utf8)
        #expect(log.contains("training on 2 rows"))
    }

    @Test func aRunTheMachineryCannotCarryOutFailsWithTheReasonInsteadOfStayingStarted() async throws {
        let bench = try TrainingBench()
        let manifest = try String(contentsOfFile: bench.git.path + "/models/iris/model.yaml", encoding: .utf8)
            .replacingOccurrences(of: "command: [python3, train.py,", with: "command: [./no-such-trainer,")
        try bench.git.write("models/iris/model.yaml", manifest)
        _ = try bench.git.commit("a trainer that is not there")
        await #expect(throws: (any Error).self) { _ = try await bench.train() }
        let ledger = try RunLedger.read(bench.journal)
        let run = try #require(ledger.runs.values.first)
        #expect(run.status == .failed, "a run left `started` is retried as interrupted")
        #expect(run.failure?.contains("could not be carried out") == true, "\(run.failure ?? "")")
    }

    /// External data comes only from the folders the operator allows: a path elsewhere (or one that
    /// leaves an allowed folder by `..` or a symlink) is neither read nor digested, so its digest
    /// never shows in an error.
    @Test(arguments: ["outside", "dotdot", "symlink", "inside"])
    func externalDataIsReadOnlyFromAllowedFolders(_ case_: String) async throws {
        let bench = try TrainingBench()
        let folder = try TemporaryDirectory(prefix: "slipway-data-roots")
        try folder.write("allowed/train.csv", "x,label\n1.0,0\n2.5,1\n")
        try folder.write("secret/shadow.csv", "x,label\n9.0,1\n9.5,0\n")
        let secretDigest = try Digest.ofFile(path: folder.path + "/secret/shadow.csv")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/allowed/link.csv", withDestinationPath: folder.path + "/secret/shadow.csv")
        let (path, file) = switch case_ {
        case "outside": (folder.path + "/secret/shadow.csv", "secret/shadow.csv")
        case "dotdot": (folder.path + "/allowed/../secret/shadow.csv", "secret/shadow.csv")
        case "symlink": (folder.path + "/allowed/link.csv", "secret/shadow.csv")
        default: (folder.path + "/allowed/train.csv", "allowed/train.csv")
        }
        let pin = try Digest.ofFile(path: folder.path + "/" + file).description
        // A pin that is wrong on purpose where the file must not be read: its real digest must not leak.
        let declared = case_ == "inside" ? pin : "sha256:" + String(repeating: "0", count: 64)
        let manifest = try String(contentsOfFile: bench.git.path + "/models/iris/model.yaml", encoding: .utf8)
            .replacingOccurrences(of: "      path: data/train.csv\n", with: "      external: \(path)\n      sha256: \"\(declared)\"\n")
        try bench.git.write("models/iris/model.yaml", manifest)
        _ = try bench.git.commit("external data")
        let result = try await bench.train(dataRoots: [folder.path + "/allowed"])
        if case_ == "inside" {
            #expect(result.outcome == .trained, "\(result.failure ?? "")")
        } else {
            #expect(result.outcome == .failed)
            #expect(result.failure?.contains("is not read") == true, "\(result.failure ?? "")")
            #expect(result.failure?.contains(secretDigest.hex) == false)
            #expect(try !String(contentsOfFile: bench.state.path + "/journal.jsonl", encoding: .utf8).contains(secretDigest.hex))
        }
    }

    @Test func badDataStopsTheRunBeforeTraining() async throws {
        let bench = try TrainingBench()
        try bench.git.write("models/iris/data/train.csv", "x,label\n-1.0,0\n2.5,7\n")
        _ = try bench.git.commit("bad data")
        let result = try await bench.train()
        #expect(result.outcome == .failed)
        #expect(result.failure?.hasPrefix("data gate: train:") == true, "\(result.failure ?? "")")
        #expect(bench.trainings == 0)
        let checks = try bench.journal.entries().compactMap { try $0.event(DataChecked.self) }
        #expect(checks.map(\.verdict) == ["fail"])
    }

    @Test func anInterruptedRunIsTrainedAgainNotMarkedDone() async throws {
        let bench = try TrainingBench()
        let first = try await bench.train()
        // Make the journal look as if the process died right after the start was written.
        let key = "sha256:" + String(repeating: "ab", count: 32)
        try bench.journal.append(RunStarted(model: "iris", runKey: key,
                                            revision: RevisionRecord(commit: "0", author: "a", summary: "s", folderTree: nil),
                                            inputs: RunInputs(model: "iris", spec: "", params: "", code: "", data: [:], executor: "x")))
        let ledger = try RunLedger.read(bench.journal)
        #expect(ledger.runs[key]?.status == .interrupted)
        #expect(ledger.finished(key) == nil)
        #expect(ledger.finished(first.runKey) != nil)
    }

    @Test func aPipelineReusesStepsWhoseKeysAreUnchanged() async throws {
        let bench = try TrainingBench()
        let pipeline = """
            apiVersion: slipway.dev/v1
            kind: Pipeline
            metadata: {name: two-steps}
            spec:
              steps:
                - name: prepare
                  command: [python3, -c, "import os,sys; open(os.environ['TRAININGS'],'a').write('prepare\\\\n'); open(sys.argv[1]+'/features.txt','w').write('f')", "${output}"]
                - name: fit
                  needs: [prepare]
                  command: [python3, -c, "import os,sys; open(os.environ['TRAININGS'],'a').write('fit\\\\n'); open(sys.argv[2]+'/model.txt','w').write(open(sys.argv[1]+'/features.txt').read()+'VERSION')", "${steps.prepare}", "${output}"]

            """
        try bench.git.write("pipelines/two-steps.yaml", pipeline)
        try bench.write(manifest: TrainingBench.manifest.replacingOccurrences(
            of: "    command: [python3, train.py, --data, \"${data.train}\", --out, \"${output}\", --c, \"${params.C}\"]\n",
            with: "    pipeline: two-steps\n"))
        _ = try bench.git.commit("pipeline")
        let first = try await bench.train()
        #expect(first.outcome == .trained, "\(first)")
        #expect(bench.trainings == 2)
        try bench.git.write("pipelines/two-steps.yaml", pipeline.replacingOccurrences(of: "VERSION", with: "VERSION2"))
        _ = try bench.git.commit("change the last step")
        let second = try await bench.train()
        #expect(second.outcome == .trained)
        #expect(second.artifact != first.artifact)
        // Only the last step ran again.
        let log = try String(contentsOfFile: bench.trainingsFile, encoding: .utf8)
        #expect(log == "prepare\nfit\nfit\n")
    }
}
