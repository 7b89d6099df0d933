import Foundation
import Processes
import Testing
import TestSupport
@testable import Journal

@Suite(.serialized) struct FileDigestTests {
    /// Deterministic bytes that do not repeat with any small period.
    static func bytes(_ count: Int) -> [UInt8] {
        var state: UInt32 = 2_463_534_242
        return (0..<count).map { _ in
            state ^= state << 13; state ^= state >> 17; state ^= state << 5
            return UInt8(truncatingIfNeeded: state)
        }
    }

    @Test(arguments: [0, 1, 63, 64, 65, 4095, 4096, 4097, 3 * 4096 + 5, (1 << 20) + 3], [7, 4096, 1 << 20])
    func streamedDigestEqualsOneShot(size: Int, bufferSize: Int) throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/data.bin"
        let content = Self.bytes(size)
        try Data(content).write(to: URL(fileURLWithPath: path))
        #expect(try Digest.ofFile(path: path, bufferSize: bufferSize) == SHA256.hash(content))
    }

    @Test func agreesWithSha256sum() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/data.bin"
        try Data(Self.bytes(3 << 20)).write(to: URL(fileURLWithPath: path))
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try Digest.ofFile(path: path).hex == String(text.prefix(64)))
    }

    @Test func missingFileNamesThePath() throws {
        let folder = try TemporaryDirectory()
        let error = #expect(throws: SystemError.self) { try Digest.ofFile(path: folder.path + "/nope") }
        #expect(error?.description == "open \(folder.path)/nope: No such file or directory")
    }
}
