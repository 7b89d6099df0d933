import Foundation
import Glibc
import Testing
import TestSupport
@testable import Journal

/// A change to a sample run output, and whether it must change the digest.
struct TreeChange: Sendable, CustomTestStringConvertible {
    let name: String
    let changesDigest: Bool
    let apply: @Sendable (String) throws -> Void
    var testDescription: String { name }
}

@Suite struct ArtifactStoreTests {
    /// Writes a small run output: a model file, a script, a nested metrics file and a link.
    static func sampleOutput(in folder: TemporaryDirectory, named name: String = "out", seed: String = "") throws -> String {
        let root = folder.path + "/" + name
        try folder.write(name + "/model.bin", "weights" + seed)
        try folder.write(name + "/bin/predict", "#!/bin/sh\necho 1\n")
        try folder.write(name + "/eval/metrics.json", #"{"auc":0.91}"#)
        chmod(root + "/bin/predict", 0o755)
        try FileManager.default.createSymbolicLink(atPath: root + "/latest", withDestinationPath: "model.bin")
        return root
    }

    static let changes: [TreeChange] = [
        TreeChange(name: "one byte of content", changesDigest: true) { root in
            try Data("weightz".utf8).write(to: URL(fileURLWithPath: root + "/model.bin"))
        },
        TreeChange(name: "execute bit added", changesDigest: true) { root in
            chmod(root + "/model.bin", 0o755)
        },
        TreeChange(name: "execute bit removed", changesDigest: true) { root in
            chmod(root + "/bin/predict", 0o644)
        },
        TreeChange(name: "file renamed", changesDigest: true) { root in
            try FileManager.default.moveItem(atPath: root + "/model.bin", toPath: root + "/model.bin2")
        },
        TreeChange(name: "file moved to another folder", changesDigest: true) { root in
            try FileManager.default.moveItem(atPath: root + "/eval/metrics.json", toPath: root + "/bin/metrics.json")
        },
        TreeChange(name: "link target changed", changesDigest: true) { root in
            try FileManager.default.removeItem(atPath: root + "/latest")
            try FileManager.default.createSymbolicLink(atPath: root + "/latest", withDestinationPath: "./model.bin")
        },
        TreeChange(name: "link replaced by a copy of its target", changesDigest: true) { root in
            try FileManager.default.removeItem(atPath: root + "/latest")
            try Data("weights".utf8).write(to: URL(fileURLWithPath: root + "/latest"))
        },
        TreeChange(name: "empty file added", changesDigest: true) { root in
            try Data().write(to: URL(fileURLWithPath: root + "/empty"))
        },
        TreeChange(name: "empty folder added", changesDigest: false) { root in
            try FileManager.default.createDirectory(atPath: root + "/nothing", withIntermediateDirectories: false)
        },
        TreeChange(name: "group write and times changed", changesDigest: false) { root in
            chmod(root + "/model.bin", 0o664)
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 0)], ofItemAtPath: root + "/eval/metrics.json")
        },
    ]

    @Test(arguments: changes)
    func digestFollowsContentModePathAndLinks(_ change: TreeChange) throws {
        let folder = try TemporaryDirectory()
        let root = try Self.sampleOutput(in: folder)
        let before = try ArtifactStore.digest(ofFolder: root)
        try change.apply(root)
        let after = try ArtifactStore.digest(ofFolder: root)
        #expect((before != after) == change.changesDigest)
    }

    @Test func digestIsStableAcrossCopiesAndRuns() throws {
        let one = try TemporaryDirectory()
        let two = try TemporaryDirectory()
        let first = try ArtifactStore.digest(ofFolder: try Self.sampleOutput(in: one))
        let second = try ArtifactStore.digest(ofFolder: try Self.sampleOutput(in: two, named: "elsewhere"))
        #expect(first == second)
        #expect(try ArtifactStore.digest(ofFolder: one.path + "/out") == first)
    }

    @Test func digestIsTheHashOfTheDocumentedListing() throws {
        let folder = try TemporaryDirectory()
        try folder.write("t/a.txt", "hi")
        try folder.write("t/a/x", "x")
        chmod(folder.path + "/t/a/x", 0o700)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/t/B", withDestinationPath: "a/x")
        let listing = "slipway-folder-v1\n"
            + "link B\0a/x\0"
            + "file \(SHA256.hash("hi").hex) a.txt\0"
            + "exec \(SHA256.hash("x").hex) a/x\0"
        #expect(try ArtifactStore.digest(ofFolder: folder.path + "/t") == SHA256.hash(listing))
    }

    @Test func refusesWhatIsNotAFileFolderOrLink() throws {
        let folder = try TemporaryDirectory()
        let root = try Self.sampleOutput(in: folder)
        #expect(mkfifo(root + "/pipe", 0o600) == 0)
        #expect(throws: ArtifactError.unsupportedFile(path: root + "/pipe")) {
            try ArtifactStore.digest(ofFolder: root)
        }
        #expect(throws: ArtifactError.notAFolder(path: root + "/model.bin")) {
            try ArtifactStore.digest(ofFolder: root + "/model.bin")
        }
        let store = ArtifactStore(stateFolder: folder.path + "/state")
        #expect(throws: ArtifactError.unsupportedFile(path: root + "/pipe")) {
            try store.store(folder: root, moving: true)
        }
        #expect(FileManager.default.fileExists(atPath: root + "/model.bin"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.root).isEmpty)
    }

    @Test func storeCopiesOnceAndSealsReadOnly() throws {
        let folder = try TemporaryDirectory()
        let output = try Self.sampleOutput(in: folder)
        let store = ArtifactStore(stateFolder: folder.path + "/state")
        let digest = try store.store(folder: output)
        #expect(digest == (try ArtifactStore.digest(ofFolder: output)))
        #expect(store.contains(digest))
        #expect(try store.list() == [digest])
        let stored = store.path(for: digest)
        #expect(stored == folder.path + "/state/artifacts/sha256-" + digest.hex)
        #expect(try ArtifactStore.digest(ofFolder: stored) == digest)
        #expect(FileManager.default.fileExists(atPath: output + "/model.bin"))

        func mode(_ relative: String) throws -> Int? {
            try FileManager.default.attributesOfItem(atPath: stored + relative)[.posixPermissions] as? Int
        }
        #expect(try mode("") == 0o555)
        #expect(try mode("/eval") == 0o555)
        #expect(try mode("/model.bin") == 0o444)
        #expect(try mode("/bin/predict") == 0o555)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: stored + "/latest") == "model.bin")

        let sealedAt = try FileManager.default.attributesOfItem(atPath: stored)[.modificationDate] as? Date
        let copy = try Self.sampleOutput(in: folder, named: "again")
        #expect(try store.store(folder: copy) == digest)
        #expect(try FileManager.default.attributesOfItem(atPath: stored)[.modificationDate] as? Date == sealedAt)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.root) == ["sha256-" + digest.hex])
    }

    @Test func storeCanMoveTheOutput() throws {
        let folder = try TemporaryDirectory()
        let output = try Self.sampleOutput(in: folder)
        let expected = try ArtifactStore.digest(ofFolder: output)
        let store = ArtifactStore(stateFolder: folder.path + "/state")
        #expect(try store.store(folder: output, moving: true) == expected)
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(try ArtifactStore.digest(ofFolder: store.path(for: expected)) == expected)
    }

    @Test func garbageCollectionRemovesOnlyUnreferencedAndDryRunNothing() throws {
        let folder = try TemporaryDirectory()
        let store = ArtifactStore(stateFolder: folder.path + "/state")
        let digests = try (1...3).map { n in
            try store.store(folder: try Self.sampleOutput(in: folder, named: "run\(n)", seed: "\(n)"))
        }
        let kept = digests[1]
        let doomed = digests.filter { $0 != kept }.sorted()

        #expect(try store.collectGarbage(keeping: [kept]) == doomed)
        #expect(try store.list() == digests.sorted())

        #expect(try store.collectGarbage(keeping: [kept], dryRun: false) == doomed)
        #expect(try store.list() == [kept])
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.root) == ["sha256-" + kept.hex])
        #expect(try ArtifactStore.digest(ofFolder: store.path(for: kept)) == kept)
        #expect(try store.collectGarbage(keeping: [kept], dryRun: false).isEmpty)
    }

    @Test func emptyStoreListsNothing() throws {
        let folder = try TemporaryDirectory()
        let store = ArtifactStore(stateFolder: folder.path)
        #expect(try store.list().isEmpty)
        #expect(!store.contains(SHA256.hash("anything")))
        #expect(try store.collectGarbage(keeping: [], dryRun: false).isEmpty)
    }
}
