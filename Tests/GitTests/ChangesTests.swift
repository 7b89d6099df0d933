import Foundation
import Testing
import TestSupport
@testable import Git

@Suite(.serialized) struct ChangesTests {
    @Test func reportsAddedDeletedModifiedAndTypeChangedPaths() async throws {
        let fixture = try GitFixture()
        try fixture.write("keep.txt", "same\n")
        try fixture.write("edit.txt", "old\n")
        try fixture.write("gone/old.txt", "bye\n")
        try fixture.write("run.sh", "#!/bin/sh\n")
        try fixture.write("link", "was a file\n")
        try fixture.write("rename-me.txt", "moving\n")
        let before = try fixture.commit("before")
        try fixture.write("edit.txt", "new\n")
        try fixture.remove("gone")
        try fixture.setExecutable("run.sh", true)
        try fixture.symlink("link", to: "keep.txt")
        try fixture.write("données/é t.csv", "x\n")
        try fixture.git("mv", "rename-me.txt", "renamed.txt")
        let after = try fixture.commit("after")

        let repository = try Repository.open(at: fixture.path)
        let changes = try await repository.changes(from: before, to: after)
        #expect(changes.map { "\($0.kind.rawValue) \($0.path)" } == [
            "added données/é t.csv",
            "modified edit.txt",
            "deleted gone/old.txt",
            "typeChanged link",
            "deleted rename-me.txt",
            "added renamed.txt",
            "modified run.sh",
        ])
        let edit = try #require(changes.first { $0.path == "edit.txt" })
        #expect(edit.old?.id != edit.new?.id)
        #expect(edit.new == (try await repository.entry(at: after, path: "edit.txt")))
        let mode = try #require(changes.first { $0.path == "run.sh" })
        #expect(mode.old?.kind == .file && mode.new?.kind == .executable)
        #expect(mode.old?.id == mode.new?.id)
        let link = try #require(changes.first { $0.path == "link" })
        #expect(link.old?.kind == .file && link.new?.kind == .symlink)
        let added = try #require(changes.first { $0.path == "données/é t.csv" })
        #expect(added.old == nil && added.new?.kind == .file)
        let deleted = try #require(changes.first { $0.path == "gone/old.txt" })
        #expect(deleted.new == nil && deleted.old?.id != nil)
    }

    @Test func identicalTreesHaveNoChanges() async throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "a\n")
        let one = try fixture.commit("one")
        let two = try fixture.commit("empty follow-up")
        let repository = try Repository.open(at: fixture.path)
        #expect(try await repository.changes(from: one, to: two).isEmpty)
        #expect(try await repository.changes(from: two, to: one).isEmpty)
    }
}
