import Foundation
import Processes
import Testing
import TestSupport
@testable import Journal

@Suite struct AtomicFileTests {
    @Test func writesANewFileAndLeavesNoTempFile() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/state.json"
        try AtomicFile.write(Data("first".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["state.json"])
    }

    @Test func replacesContentWhole() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("state.json", String(repeating: "old content ", count: 1000))
        try AtomicFile.write(Data("new".utf8), to: path, permissions: 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["state.json"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func failureNamesThePathAndLeavesNothing() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/missing/state.json"
        let error = #expect(throws: SystemError.self) { try AtomicFile.write(Data("x".utf8), to: path) }
        #expect(error?.operation.hasPrefix("open " + folder.path + "/missing/.state.json.tmp-") == true)
        #expect(error?.description.contains("No such file or directory") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
