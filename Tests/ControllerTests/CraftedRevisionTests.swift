import Foundation
import Git
import Pipelines
import Testing
import TestSupport
@testable import Controller

/// A commit holding a crafted tree entry, an escaping symlink or a symlinked data set stalls only the
/// model it concerns, with the reason; the others keep their run keys.
@Suite(.serialized) struct CraftedRevisionTests {
    static func manifest(_ name: String) -> String {
        """
        apiVersion: slipway.dev/v1
        kind: Model
        metadata: {name: \(name)}
        spec:
          data:
            - {name: train, path: data/train.csv}
          train:
            command: [/bin/sh, train.sh, "${data.train}", "${output}"]
          serve:
            command: [/bin/sh, serve.sh, "${port}"]

        """
    }

    @Test func eachProblemStallsItsOwnModel() async throws {
        let git = try GitFixture()
        for name in ["crafted", "fine", "escaping", "linked"] {
            try git.write("\(name)/model.yaml", Self.manifest(name))
            try git.write("\(name)/train.sh", "exit 0\n")
            if name != "linked" { try git.write("\(name)/data/train.csv", "x\n1\n") }
        }
        try git.symlink("escaping/secrets", to: "../../etc")
        // Inside its folder, so only the data-set rule applies.
        try git.write("linked/real.csv", "x\n1\n")
        try git.symlink("linked/data/train.csv", to: "../real.csv")
        _ = try git.commit("four models")
        let escaped = [GitFixture.RawEntry.folder("..", try git.writeTree([.file("escaped.txt", try git.writeBlob("pwned\n"))]))]
        let commit = try git.commitAdding(escaped, in: "crafted", message: "crafted")
        let repository = try Repository.open(at: git.path)

        let desired = try await DesiredState.read(repository, at: commit, executor: "test")

        #expect(desired.model("fine").runKey != nil, "\(desired.model("fine").problem ?? "")")
        let crafted = try #require(desired.model("crafted").problem)
        #expect(crafted.hasPrefix("commit \(commit.short) holds a tree entry Slipway refuses, 'crafted/..'"), "\(crafted)")
        #expect(crafted.hasSuffix("nothing of the model is exported"))
        let escaping = try #require(desired.model("escaping").problem)
        #expect(escaping == "commit \(commit.short): symlink 'escaping/secrets' points to '../../etc', outside the model's folder 'escaping', which is exported alone")
        let linked = try #require(desired.model("linked").problem)
        #expect(linked == "data set 'train': 'linked/data/train.csv' is a symlink in the commit, not a file")

        let reported = desired.catalog.diagnostics.map(\.description)
        #expect(reported.contains { $0.hasPrefix("crafted/..:1:1: error: commit \(commit.short) holds a tree entry Slipway refuses:") }, "\(reported)")
        #expect(reported.contains { $0.hasPrefix("escaping/model.yaml:3:18: error: model 'escaping': symlink 'escaping/secrets'") }, "\(reported)")
        #expect(reported.contains { $0.hasPrefix("linked/model.yaml:6:27: error: data set 'train': 'data/train.csv' is a symlink to '../real.csv'") },
                "\(reported)")
    }
}
