import Foundation
import Testing
import TestSupport
@testable import Git

struct TreeRulesTests {
    /// Names refused whatever the entry holds, with a word of the reason.
    @Test(arguments: [
        ([], "empty"),
        (Array(".".utf8), "step in a path"),
        (Array("..".utf8), "step in a path"),
        (Array("../escaped.txt".utf8), "'/'"),
        (Array("a/b".utf8), "'/'"),
        (Array("a\\b".utf8), "'\\'"),
        (Array("..\\x".utf8), "'\\'"),
        ([UInt8(ascii: "a"), 0, UInt8(ascii: "b")], "NUL"),
        ([0xFF, 0xFE], "UTF-8"),
        (Array("a\nb".utf8), "control character"),
        (Array("\u{1B}[31mred".utf8), "control character"),
        (Array(".git".utf8), "'.git'"),
        (Array(".GIT".utf8), "'.git'"),
        (Array(".Git".utf8), "'.git'"),
        (Array("GIT~1".utf8), "'.git'"),
        (Array("git~12".utf8), "'.git'"),
        (Array(".git ".utf8), "'.git'"),
        (Array(".git.".utf8), "'.git'"),
        (Array(".git. . ".utf8), "'.git'"),
        (Array(".git::$INDEX_ALLOCATION".utf8), "'.git'"),
        (Array(".git:stream".utf8), "'.git'"),
        (Array(".git\u{200C}".utf8), "'.git'"),
        (Array("\u{200E}.g\u{FEFF}it".utf8), "'.git'"),
        (Array(".\u{206A}GIT".utf8), "'.git'"),
    ] as [([UInt8], String)])
    func refusesDangerousNames(name: [UInt8], reason: String) {
        for kind in [TreeEntry.Kind.file, .directory, .symlink] {
            let refusal = TreeRules.refusal(ofName: name, kind: kind)
            #expect(refusal?.contains(reason) == true, "\(name) as \(kind): \(refusal ?? "accepted")")
        }
    }

    /// Names git reads from the work tree: refused as symlinks (CVE-2018-11235), fine as files.
    @Test(arguments: [".gitmodules", ".GITMODULES", ".gitmodules ", ".gitattributes", ".gitignore", ".mailmap", ".gitmodules\u{200C}"])
    func refusesGitFilesAsSymlinks(name: String) {
        #expect(TreeRules.refusal(ofName: Array(name.utf8), kind: .symlink)?.contains("must not be a symlink") == true)
        #expect(TreeRules.refusal(ofName: Array(name.utf8), kind: .file) == nil)
    }

    @Test(arguments: ["model.py", "données", "é t.csv", ".github", ".gitkeep", ".gitignore", "git~", "git~1x", "...", "a:b", "x.git", "GIT", "git"])
    func acceptsOrdinaryNames(name: String) {
        #expect(TreeRules.refusal(ofName: Array(name.utf8), kind: .file) == nil)
        #expect(TreeRules.refusal(ofName: Array(name.utf8), kind: .directory) == nil)
    }

    /// Names of one tree that one file system or Swift takes for the same name: both are refused.
    @Test(arguments: [
        (["a", "A"], [0, 1]),
        (["x", "b", "x"], [0, 2]),
        (["\u{E9}", "e\u{301}"], [0, 1]),
        (["Model", "other", "MODEL", "model"], [0, 2, 3]),
        (["a\u{200C}", "a"], [0, 1]),
        (["a", "b", "a.", "a:b"], []),
    ] as [([String], [Int])])
    func findsCollisions(names: [String], refused: [Int]) {
        #expect(TreeRules.collisions(in: names).keys.sorted() == refused)
    }

    @Test func saysWhetherACollisionIsADuplicate() {
        #expect(TreeRules.collisions(in: ["x", "x"])[1] == "the tree holds 'x' twice")
        #expect(TreeRules.collisions(in: ["a", "A"])[1]?.contains("'a' and 'A' are one name") == true)
    }

    @Test func printsWhatIsReallyThere() {
        #expect(TreeRules.printable(".git\u{200C}") == ".git\\u{200C}")
        #expect(TreeRules.printable("a\nb") == "a\\u{A}b")
        #expect(TreeRules.printable("données") == "données")
    }

    @Test func findsSymlinksLeavingAFolder() {
        let links = ["m/in": "data/x.csv", "m/up": "../shared/x", "m/abs": "/etc/passwd", "other/up": "../m/x", "m/deep/ok": "../in"]
        #expect(TreeRules.escapingSymlinks(under: "m", in: links).map(\.path) == ["m/abs", "m/up"])
        #expect(TreeRules.escapingSymlinks(under: "", in: links).map(\.path) == ["m/abs"])
    }
}

/// Crafted commits, written as an attacker's tool would (`hash-object --literally`): the walk refuses
/// each entry, listing reports it, and export writes nothing at all.
@Suite(.serialized) struct CraftedTreeTests {
    /// A crafted entry to add to folder `m` of an otherwise fine commit, and the path reported.
    struct Case: CustomStringConvertible, Sendable {
        var label: String
        var path: String
        var reason: String
        var entries: @Sendable (GitFixture) throws -> [GitFixture.RawEntry]
        var description: String { label }
    }

    static let cases: [Case] = [
        Case(label: "folder '..' holding a file", path: "m/..", reason: "step in a path") { git in
            [.folder("..", try git.writeTree([.file("escaped.txt", try git.writeBlob("pwned\n"))]))]
        },
        Case(label: "file named '../escaped.txt'", path: "m/../escaped.txt", reason: "'/'") { git in
            [.file("../escaped.txt", try git.writeBlob("pwned\n"))]
        },
        Case(label: "file named '.'", path: "m/.", reason: "step in a path") { git in [.file(".", try git.writeBlob("x"))] },
        Case(label: "backslash", path: "m/..\\escaped.txt", reason: "'\\'") { git in [.file("..\\escaped.txt", try git.writeBlob("x"))] },
        Case(label: ".GIT folder with a config", path: "m/.GIT", reason: "'.git'") { git in
            [.folder(".GIT", try git.writeTree([.file("config", try git.writeBlob("[core]\n\tfsmonitor = touch /tmp/pwned\n"))]))]
        },
        Case(label: "NTFS short name", path: "m/GIT~1", reason: "'.git'") { git in
            [.folder("GIT~1", try git.writeTree([.file("config", try git.writeBlob("x"))]))]
        },
        Case(label: "NTFS trailing space", path: "m/.git ", reason: "'.git'") { git in
            [.folder(".git ", try git.writeTree([.file("HEAD", try git.writeBlob("x"))]))]
        },
        Case(label: "NTFS stream", path: "m/.git::$INDEX_ALLOCATION", reason: "'.git'") { git in
            [.folder(".git::$INDEX_ALLOCATION", try git.writeTree([.file("HEAD", try git.writeBlob("x"))]))]
        },
        Case(label: "HFS+ ignorable code point", path: "m/.git\\u{200C}", reason: "'.git'") { git in
            [.folder(".git\u{200C}", try git.writeTree([.file("HEAD", try git.writeBlob("x"))]))]
        },
        Case(label: ".gitmodules as a symlink", path: "m/.gitmodules", reason: "must not be a symlink") { git in
            [.symlink(".gitmodules", try git.writeBlob("/etc/passwd"))]
        },
        Case(label: "symlink and folder of one name", path: "m/a", reason: "twice") { git in
            [.symlink("a", try git.writeBlob("/tmp")), .folder("a", try git.writeTree([.file("x", try git.writeBlob("pwned\n"))]))]
        },
        Case(label: "symlink and folder of one name in another case", path: "m/A", reason: "one name") { git in
            [.symlink("A", try git.writeBlob("/tmp")), .folder("a", try git.writeTree([.file("x", try git.writeBlob("pwned\n"))]))]
        },
        Case(label: "invalid UTF-8", path: "m/\u{FFFD}", reason: "UTF-8") { git in
            [GitFixture.RawEntry("100644", [0xFF], try git.writeBlob("x"))]
        },
        Case(label: "newline in a name", path: "m/a\\u{A}b", reason: "control character") { git in
            [.file("a\nb", try git.writeBlob("x"))]
        },
    ]

    /// A commit with a fine file `m/train.py`, a fine folder `other/`, and the case's entries in `m`.
    func crafted(_ test: Case) throws -> (GitFixture, ObjectID) {
        let git = try GitFixture()
        try git.write("m/train.py", "print('train')\n")
        try git.write("other/keep.txt", "keep\n")
        _ = try git.commit("fine")
        let commit = try git.commitAdding(try test.entries(git), in: "m", message: "crafted")
        return (git, commit)
    }

    @Test(arguments: cases)
    func walkingRefusesTheEntry(test: Case) async throws {
        let (git, commit) = try crafted(test)
        let repository = try Repository.open(at: git.path)
        let error = try await #require(throws: GitError.self) { try await repository.files(at: commit) }
        #expect(error.message.contains("commit \(commit.hex) holds a tree entry Slipway refuses, '\(test.path)'"), "\(error)")
        #expect(error.message.contains(test.reason), "\(error)")
        #expect(try await repository.files(at: commit, under: "other").map(\.path) == ["other/keep.txt"])
    }

    @Test(arguments: cases)
    func listingReportsTheEntryAndKeepsTheRest(test: Case) async throws {
        let (git, commit) = try crafted(test)
        let repository = try Repository.open(at: git.path)
        let (entries, _, refused) = try await repository.listAndRead(at: commit, where: { _ in false })
        #expect(refused.map(\.path).contains(test.path), "\(refused)")
        #expect(refused.allSatisfy { $0.isInside("m") })
        #expect(Set(entries.map(\.path)) == ["m/train.py", "other/keep.txt"])
    }

    @Test(arguments: cases)
    func exportWritesNothing(test: Case) async throws {
        let (git, commit) = try crafted(test)
        let repository = try Repository.open(at: git.path)
        let target = try TemporaryDirectory()
        let folder = target.path + "/work/model"
        await #expect(throws: GitError.self) { try await repository.export(commit: commit, path: "m", to: folder) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).isEmpty)
    }

    /// libgit2 itself refuses to parse a tree with an empty name, so such a commit cannot be read at all.
    @Test func anEmptyNameFailsTheWholeRead() async throws {
        let git = try GitFixture()
        try git.write("m/train.py", "print('train')\n")
        _ = try git.commit("fine")
        let commit = try git.commitAdding([.file("", try git.writeBlob("x"))], in: "m", message: "crafted")
        let repository = try Repository.open(at: git.path)
        let error = try await #require(throws: GitError.self) { try await repository.listAndRead(at: commit, where: { _ in false }) }
        #expect(error.message.contains("can't parse filename"), "\(error)")
    }

    @Test func lookingUpARefusedComponentFails() async throws {
        let (git, commit) = try crafted(Self.cases[0])
        let repository = try Repository.open(at: git.path)
        let error = try await #require(throws: GitError.self) { try await repository.entry(at: commit, path: "m/../escaped.txt") }
        #expect(error.message.contains("has a component Slipway refuses"))
    }
}
