import Foundation
import Git
import Manifests
import Pipelines
import Testing
import TestSupport

@Suite(.serialized) struct ExecutorWorkFolderTests {
    @Test func preparesTheModelsFilesAtTheRevisionAndRunsInThem() async throws {
        let fixture = try GitFixture()
        try fixture.write("models/fraud/train.sh", "echo model v1\n", executable: true)
        try fixture.write("models/fraud/data/train.csv", "amount,label\n1,0\n")
        try fixture.write("models/churn/train.sh", "echo churn\n")
        let first = try fixture.commit("fraud v1")
        try fixture.write("models/fraud/train.sh", "echo model v2\n", executable: true)
        try fixture.commit("fraud v2")

        let scratch = try TemporaryDirectory(prefix: "slipway-work")
        let executor = LocalExecutor()
        let work = try await executor.prepare(repository: try Repository.open(at: fixture.path), commit: first,
                                              modelFolder: "models/fraud", into: scratch.path + "/run-1")
        let files = try FileManager.default.subpathsOfDirectory(atPath: work.model).sorted()
        #expect(files == ["data", "data/train.csv", "train.sh"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.output).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.reports).isEmpty)

        let command = try Placeholders.resolve(["./train.sh"], with: work.placeholders)
        let copy = try Placeholders.resolve(["/bin/sh", "-c", #"./train.sh > "$1/out.txt"; echo "$HOME""#, "sh", "${output}"],
                                            with: work.placeholders)
        #expect(command == ["./train.sh"])
        let outcome = try await executor.run(work.job(copy, name: "train", timeout: .seconds(30)), log: nil)
        #expect(outcome.succeeded, "\(outcome.summary)")
        #expect(try String(contentsOfFile: work.output + "/out.txt", encoding: .utf8) == "model v1\n")
        #expect(try String(contentsOfFile: work.logPath("train"), encoding: .utf8) == work.root + "\n")
    }

    @Test func aMissingModelFolderIsRefused() async throws {
        let fixture = try GitFixture()
        try fixture.write("models/fraud/train.sh", "echo\n")
        let commit = try fixture.commit("one")
        let scratch = try TemporaryDirectory(prefix: "slipway-work")
        await #expect(throws: GitError.self) {
            try await LocalExecutor().prepare(repository: try Repository.open(at: fixture.path), commit: commit,
                                              modelFolder: "models/frud", into: scratch.path + "/run")
        }
    }
}
