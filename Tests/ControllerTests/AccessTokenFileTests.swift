import Foundation
import Glibc
import Testing
import TestSupport
@testable import Controller

/// The permission bits of the file at `path`.
func permissions(_ path: String) throws -> Int {
    try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
}

/// Writes a token file with `mode` into a fresh state folder.
func tokenFile(_ text: String, mode: mode_t = 0o600) throws -> (folder: TemporaryDirectory, path: String) {
    let folder = try TemporaryDirectory()
    let path = try folder.write("tokens", text)
    #expect(chmod(path, mode) == 0)
    return (folder, path)
}

@Suite struct AccessTokenFileTests {
    @Test func loadsThePrivateFileOfTheStateFolder() throws {
        let (folder, path) = try tokenFile("operator bob \(SampleToken.bob)\n")
        let tokens = try AccessTokens.load(stateFolder: folder.path)
        #expect(tokens.path == path)
        #expect(tokens.authorize(bearer: SampleToken.bob, for: .promote) == .allowed(name: "bob", role: .operator))
    }

    @Test(arguments: [0o600, 0o400, 0o700] as [mode_t])
    func ownerOnlyModesAreAccepted(mode: mode_t) throws {
        let (folder, _) = try tokenFile("viewer alice \(SampleToken.alice)\n", mode: mode)
        #expect(try AccessTokens.load(stateFolder: folder.path).tokens.count == 1)
    }

    @Test(arguments: [
        (0o644, "0644"), (0o640, "0640"), (0o604, "0604"), (0o620, "0620"), (0o602, "0602"), (0o666, "0666"),
    ] as [(mode_t, String)])
    func aFileOthersMayReadOrChangeIsRefused(mode: mode_t, shown: String) throws {
        let (folder, path) = try tokenFile("viewer alice \(SampleToken.alice)\n", mode: mode)
        let error = #expect(throws: AccessTokensError.self) { try AccessTokens.load(stateFolder: folder.path) }
        #expect(error == .exposed(path: path, mode: mode))
        #expect(error?.description.contains("\(path) has mode \(shown)") == true)
        #expect(error?.description.contains("run `chmod 600 \(path)`") == true)
        #expect(error?.description.contains(SampleToken.alice) == false)
    }

    @Test func aMissingFileSaysWhatToWriteThere() throws {
        let folder = try TemporaryDirectory()
        let error = #expect(throws: AccessTokensError.self) { try AccessTokens.load(stateFolder: folder.path) }
        #expect(error == .missing(path: folder.path + "/tokens"))
        #expect(error?.description.contains("ROLE NAME TOKEN") == true)
    }

    @Test func badLinesInTheFileAreReportedWithItsPath() throws {
        let (folder, path) = try tokenFile("viewer alice \(SampleToken.alice)\nadmin root \(SampleToken.bob)\n")
        let error = #expect(throws: AccessTokensError.self) { try AccessTokens.load(stateFolder: folder.path) }
        #expect(error?.description.hasPrefix("\(path):2: unknown role 'admin'") == true)
    }

    @Test func generateCreatesAPrivateFileWithAFreshToken() throws {
        let folder = try TemporaryDirectory()
        let token = try AccessTokens.generate(role: .reviewer, name: "carol", in: folder.path)
        let path = AccessTokens.path(stateFolder: folder.path)
        #expect(token.count == 64)
        #expect(token.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(try permissions(path) == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("# "))
        #expect(text.hasSuffix("reviewer carol \(token)\n"))
        let tokens = try AccessTokens.load(stateFolder: folder.path)
        #expect(tokens.authorize(bearer: token, for: .approve) == .allowed(name: "carol", role: .reviewer))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["tokens"])
    }

    @Test func generateAppendsAndKeepsWhatWasThere() throws {
        let original = "# ours\nviewer alice \(SampleToken.alice)"
        let (folder, path) = try tokenFile(original)
        let first = try AccessTokens.generate(role: .operator, name: "bob", in: folder.path)
        let second = try AccessTokens.generate(role: .viewer, name: "dave", in: folder.path)
        #expect(first != second)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == original + "\noperator bob \(first)\nviewer dave \(second)\n")
        let tokens = try AccessTokens.load(stateFolder: folder.path)
        #expect(tokens.tokens.map(\.name) == ["alice", "bob", "dave"])
    }

    @Test func generateRefusesARepeatedNameAndWritesNothing() throws {
        let original = "viewer alice \(SampleToken.alice)\n"
        let (folder, path) = try tokenFile(original)
        let error = #expect(throws: AccessTokensError.self) {
            try AccessTokens.generate(role: .operator, name: "alice", in: folder.path)
        }
        #expect(error?.description.contains("\(path):2: the name 'alice' is already used on line 1") == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == original)
    }

    @Test func generateRefusesToAddToAnExposedOrBrokenFile() throws {
        let exposed = try tokenFile("viewer alice \(SampleToken.alice)\n", mode: 0o644)
        #expect(throws: AccessTokensError.exposed(path: exposed.path, mode: 0o644)) {
            try AccessTokens.generate(role: .operator, name: "bob", in: exposed.folder.path)
        }
        let broken = "viewer alice short\n"
        let (folder, path) = try tokenFile(broken)
        #expect(throws: AccessTokensError.self) { try AccessTokens.generate(role: .operator, name: "bob", in: folder.path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == broken)
    }

    @Test(arguments: ["", "two words", "tab\there", "line\nbreak", "#hash"])
    func generateRefusesANameThatIsNotOneField(name: String) throws {
        let folder = try TemporaryDirectory()
        #expect(throws: AccessTokensError.invalidName(name)) {
            try AccessTokens.generate(role: .viewer, name: name, in: folder.path)
        }
        #expect(!FileManager.default.fileExists(atPath: AccessTokens.path(stateFolder: folder.path)))
    }

    @Test func aFreshInstallGetsOneLocalOperatorToken() throws {
        let folder = try TemporaryDirectory()
        #expect(try AccessTokens.createIfMissing(in: folder.path))
        let path = AccessTokens.path(stateFolder: folder.path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let tokens = try AccessTokens.load(stateFolder: folder.path)
        #expect(tokens.tokens.map(\.description) == ["operator local (line \(tokens.tokens[0].line))"])
        let token = try #require(text.split(separator: "\n").last?.split(separator: " ").last.map(String.init))
        #expect(tokens.authorize(bearer: token, for: .sync) == .allowed(name: "local", role: .operator))

        #expect(try AccessTokens.createIfMissing(in: folder.path) == false)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }
}
