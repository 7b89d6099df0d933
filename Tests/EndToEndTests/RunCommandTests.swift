import Foundation
import Processes
import Testing
import TestSupport

@Suite(.serialized) struct RunCommandTests {
    static let manifest = """
        apiVersion: slipway.dev/v1
        kind: Model
        metadata: {name: iris}
        spec:
          data:
            - name: train
              path: data/train.csv
              schema: {columns: {x: {type: number}, label: {type: integer, values: [0, 1]}}}
          train:
            command: [python3, train.py, "${data.train}", "${output}"]
            timeout: 1m
          serve:
            command: [python3, serve.py, --port, "${port}"]

        """

    /// Waits for `GATE` (when set) so a test can hold a run open, then writes an artifact.
    static let trainer = """
        import json, os, sys, time
        gate = os.environ.get("GATE")
        deadline = time.time() + 30
        while gate and not os.path.exists(gate) and time.time() < deadline: time.sleep(0.02)
        print("fitting", flush=True)
        open(sys.argv[2] + "/model.txt", "w").write("m")
        json.dump({"accuracy": 0.8}, open(sys.argv[2] + "/metrics.json", "w"))

        """

    func repository(gate: String? = nil) throws -> GitFixture {
        let git = try GitFixture()
        let manifest = gate.map { Self.manifest.replacingOccurrences(of: "    timeout: 1m\n", with: "    timeout: 1m\n    env: {GATE: \($0)}\n") }
        try git.write("iris/model.yaml", manifest ?? Self.manifest)
        try git.write("iris/train.py", Self.trainer)
        try git.write("iris/data/train.csv", "x,label\n1,0\n2,1\n")
        _ = try git.commit("iris")
        return git
    }

    /// A commit with a folder `..` in the model's folder: the run refuses with the commit, the path
    /// and the rule, and writes no file anywhere (before, export wrote `work/<key>/escaped.txt`).
    @Test func aCraftedCommitIsRefusedAndWritesNothing() throws {
        let git = try repository()
        let inner = try git.writeTree([.file("escaped.txt", try git.writeBlob("pwned\n"))])
        let commit = try git.commitAdding([.folder("..", inner)], in: "iris", message: "crafted")
        let state = try TemporaryDirectory(prefix: "slipway-state")
        let result = try SlipwayProcess.run(["run", "iris", "--repo", git.path, "--state", state.path])
        #expect(result.status != 0, "\(result)")
        #expect(result.standardError.contains("commit \(commit.short) holds a tree entry Slipway refuses, 'iris/..'"), "\(result)")
        let written = FileManager.default.enumerator(atPath: state.path)?.compactMap { $0 as? String } ?? []
        #expect(!written.contains { $0.hasSuffix("escaped.txt") }, "\(written)")
        #expect(!FileManager.default.fileExists(atPath: state.path + "/work"))
    }

    /// A data set committed as a symlink is never read: the run is refused before training.
    @Test func aSymlinkedDataSetIsNeverRead() throws {
        let git = try repository()
        try git.symlink("iris/data/train.csv", to: "/etc/passwd")
        _ = try git.commit("link the data")
        let state = try TemporaryDirectory(prefix: "slipway-state")
        let result = try SlipwayProcess.run(["run", "iris", "--repo", git.path, "--state", state.path])
        #expect(result.status != 0, "\(result)")
        #expect(result.standardError.contains("iris cannot be trained"), "\(result)")
        #expect(result.standardError.contains("'iris/data/train.csv' points to '/etc/passwd'"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: state.path + "/work"))
    }

    @Test func runTrainsThenReusesAndHistoryAndLineageShowIt() throws {
        let git = try repository()
        let state = try TemporaryDirectory(prefix: "slipway-state")
        let first = try SlipwayProcess.run(["run", "iris", "--repo", git.path, "--state", state.path])
        #expect(first.status == 0, "\(first)")
        #expect(first.standardOutput.contains("  │ fitting"))
        #expect(first.standardOutput.contains("iris: data gate, train: pass"))
        #expect(first.standardOutput.contains("iris: trained — run key sha256:"))
        let second = try SlipwayProcess.run(["run", "iris", "--repo", git.path, "--state", state.path, "--json"])
        let result = try JSONSerialization.jsonObject(with: Data(second.standardOutput.utf8)) as? [String: Any]
        #expect(result?["outcome"] as? String == "reused")
        let key = try #require(result?["runKey"] as? String)

        let history = try SlipwayProcess.run(["history", "iris", "--state", state.path, "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(history.standardOutput.utf8)) as? [[String: Any]]
        #expect(rows?.count == 1)
        #expect(rows?.first?["status"] as? String == "finished")
        #expect(rows?.first?["reused"] as? Int == 1)
        #expect((rows?.first?["metrics"] as? [String: Double])?["accuracy"] == 0.8)

        let lineage = try SlipwayProcess.run(["runs", "show", String(key.dropFirst(7).prefix(12)), "--state", state.path])
        #expect(lineage.status == 0, "\(lineage)")
        for field in ["author     Ada Lovelace <ada@example.com>", "data       train git:", "exit       exited 0", "metric     accuracy = 0.8", "fitting"] {
            #expect(lineage.standardOutput.contains(field), "missing \(field)")
        }
        let audit = try SlipwayProcess.run(["audit", "verify", "--state", state.path])
        #expect(audit.status == 0)
        #expect(audit.standardOutput.hasPrefix("ok: "))
    }

    @Test func anEditedJournalFailsVerificationAtThatEntry() throws {
        let git = try repository()
        let state = try TemporaryDirectory(prefix: "slipway-state")
        _ = try SlipwayProcess.run(["run", "iris", "--repo", git.path, "--state", state.path])
        let path = state.path + "/journal.jsonl"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Entry 2 is the run's start; rewrite who authored the revision it trained.
        #expect(lines[1].contains("Ada Lovelace"))
        lines[1] = lines[1].replacingOccurrences(of: "Ada Lovelace", with: "Eve Mallory")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let audit = try SlipwayProcess.run(["audit", "verify", "--state", state.path])
        #expect(audit.status == 1)
        #expect(audit.standardOutput.contains("entry 2"), "\(audit.standardOutput)")
        // A damaged journal is refused, not silently repaired, by the next run.
        let run = try SlipwayProcess.run(["run", "iris", "--repo", git.path, "--state", state.path])
        #expect(run.status == 1)
    }

    @Test func aSecondProcessOnOneStateFolderIsRefusedNamingTheHolder() throws {
        let gateFolder = try TemporaryDirectory()
        let gate = gateFolder.path + "/open"
        let git = try repository(gate: gate)
        let state = try TemporaryDirectory(prefix: "slipway-state")
        let first = Process()
        first.executableURL = URL(fileURLWithPath: SlipwayProcess.binary)
        first.arguments = ["run", "iris", "--repo", git.path, "--state", state.path]
        first.standardOutput = FileHandle.nullDevice
        try first.run()
        defer {
            _ = FileManager.default.createFile(atPath: gate, contents: nil)
            first.waitUntilExit()
        }
        // Wait (with a deadline) until the first run holds the folder and has started training.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !((try? String(contentsOfFile: state.path + "/journal.jsonl", encoding: .utf8))?.contains("run.started") ?? false) {
            usleep(20_000)
        }
        let second = try SlipwayProcess.run(["run", "iris", "--repo", git.path, "--state", state.path])
        #expect(second.status == 1)
        #expect(second.standardError.contains("\(first.processIdentifier)"), "\(second.standardError)")
    }

    /// Records its pid; the first one to start then writes into its output for ever (a trainer left
    /// behind by a killed run), a later one writes a little and finishes the artifact.
    static let stubbornTrainer = """
        import os, sys, time
        out = sys.argv[2]
        pids = os.environ["PIDS"]
        first = not os.path.exists(pids)
        with open(pids, "a") as f: f.write(f"{os.getpid()}\\n")
        n = 0
        while first or n < 3:
            n += 1
            open(f"{out}/written-by-{os.getpid()}-{n}", "w").write("x")
            time.sleep(0.05)
        open(out + "/model.txt", "w").write("m")

        """

    @Test func aTrainerLeftRunningByAKilledRunIsStoppedAndTheRetryTrainsAlone() throws {
        let scratch = try TemporaryDirectory(prefix: "slipway-stubborn")
        let pids = scratch.path + "/pids"
        let git = try GitFixture()
        try git.write("iris/model.yaml", Self.manifest.replacingOccurrences(of: "    timeout: 1m\n",
                                                                             with: "    timeout: 1m\n    env: {PIDS: \(pids)}\n"))
        try git.write("iris/train.py", Self.stubbornTrainer)
        try git.write("iris/data/train.csv", "x,label\n1,0\n2,1\n")
        _ = try git.commit("iris")
        let state = try TemporaryDirectory(prefix: "slipway-state")
        func trainers() -> [Int32] {
            ((try? String(contentsOfFile: pids, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Int32($0) }
        }

        let first = Process()
        first.executableURL = URL(fileURLWithPath: SlipwayProcess.binary)
        first.arguments = ["run", "iris", "--repo", git.path, "--state", state.path]
        first.standardOutput = FileHandle.nullDevice
        first.standardError = FileHandle.nullDevice
        try first.run()
        let deadline = Date().addingTimeInterval(60)
        while trainers().isEmpty, Date() < deadline { usleep(20_000) }
        let leftover = try #require(trainers().first, "the first trainer never started")
        defer { kill(-leftover, SIGKILL) }
        kill(first.processIdentifier, SIGKILL)
        usleep(300_000)
        #expect(ProcessMark.of(leftover) != nil, "the trainer runs on without its parent, as it would after kill -9")

        let second = try SlipwayProcess.run(["run", "iris", "--repo", git.path, "--state", state.path, "--json"])
        #expect(second.status == 0, "\(second.standardError)")
        #expect(ProcessMark.of(leftover) == nil, "the earlier attempt's trainer still runs")
        let result = try JSONSerialization.jsonObject(with: Data(second.standardOutput.utf8)) as? [String: Any]
        let artifact = try #require((result?["artifact"] as? String).map { String($0.dropFirst("sha256:".count)) })
        let files = try FileManager.default.contentsOfDirectory(atPath: state.path + "/artifacts/sha256-" + artifact)
        #expect(files.contains("model.txt"))
        #expect(!files.contains { $0.hasPrefix("written-by-\(leftover)-") }, "the artifact holds files of the killed attempt")
        #expect(trainers().count == 2 && files.contains { $0.hasPrefix("written-by-\(trainers()[1])-") })
    }

    @Test func gcKeepsRetainedArtifactsAndDigestPinsFiles() throws {
        let git = try repository()
        let state = try TemporaryDirectory(prefix: "slipway-state")
        _ = try SlipwayProcess.run(["run", "iris", "--repo", git.path, "--state", state.path])
        // A different trainer with a different output: a second artifact.
        try git.write("iris/train.py", Self.trainer.replacingOccurrences(of: "write(\"m\")", with: "write(\"m2\")"))
        _ = try git.commit("v2")
        _ = try SlipwayProcess.run(["run", "iris", "--repo", git.path, "--state", state.path])
        let dry = try SlipwayProcess.run(["gc", "--state", state.path, "--keep-last", "1", "--keep-for", "0s"])
        #expect(dry.status == 0, "\(dry)")
        #expect(dry.standardOutput.contains("1 artifact unreferenced (dry run"))
        let artifacts = { (try? FileManager.default.contentsOfDirectory(atPath: state.path + "/artifacts").filter { $0.hasPrefix("sha256-") }.count) ?? -1 }
        #expect(artifacts() == 2)
        let applied = try SlipwayProcess.run(["gc", "--state", state.path, "--keep-last", "1", "--keep-for", "0s", "--apply"])
        #expect(applied.standardOutput.contains("1 artifact removed"))
        #expect(artifacts() == 1)

        let missing = state.path + "/no-such-state"
        let typo = try SlipwayProcess.run(["gc", "--state", missing])
        #expect(typo.status == 1)
        #expect(!FileManager.default.fileExists(atPath: missing), "gc must not create a state folder")

        let dir = try TemporaryDirectory()
        let file = try dir.write("data.csv", "abc")
        let digest = try SlipwayProcess.run(["digest", file])
        #expect(digest.standardOutput == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  \(file)\n")
    }
}
