import Foundation
import Testing
import TestSupport
@testable import slipway

/// How the CLI names what a daemon follows and finds a daemon from its state folder.
@Suite struct DaemonClientTests {
    @Test(arguments: [
        ("/srv/models", "/srv/models"),
        ("file:///srv/models", "file:///srv/models"),
        ("https://git.example.com/team/models.git", "https://git.example.com/team/models.git"),
        ("git@git.example.com:team/models.git", "git@git.example.com:team/models.git"),
    ])
    func addressesThatAreNotRelativePathsStayAsGiven(_ given: String, _ expected: String) {
        #expect(DaemonCommand.repositoryAddress(given) == expected)
    }

    @Test func aRelativePathIsMadeAbsoluteSoARestartFromElsewhereNamesTheSameRepository() {
        let cwd = FileManager.default.currentDirectoryPath
        #expect(DaemonCommand.repositoryAddress("repo") == URL(fileURLWithPath: cwd + "/repo").standardizedFileURL.path)
        #expect(DaemonCommand.repositoryAddress("./a/../repo") == DaemonCommand.repositoryAddress("repo"))
    }

    @Test func theStateFolderGivesTheAPIAndTheLocalOperatorToken() throws {
        let state = try TemporaryDirectory(prefix: "slipway-client")
        try Data(#"{"api":"http://127.0.0.1:7171","pid":"1"}"#.utf8).write(to: URL(fileURLWithPath: state.path + "/daemon.json"))
        let token = String(repeating: "l", count: 40)
        try Data("viewer v \(String(repeating: "v", count: 40))\noperator local \(token)\n".utf8)
            .write(to: URL(fileURLWithPath: state.path + "/tokens"))
        #expect(DaemonClient.api(of: state.path) == "http://127.0.0.1:7171")
        #expect(DaemonClient.localToken(in: state.path) == token)
        #expect(DaemonClient.localToken(in: state.path + "/missing") == nil)
    }
}
