import Glibc
import Processes
import Testing

@Suite(.serialized) struct ProcessGroupTests {
    /// Everything the group writes until every holder of its pipe has closed it.
    func output(of group: ProcessGroup) throws -> String {
        defer { close(group.output) }
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = try buffer.withUnsafeMutableBytes { bytes in
                try SystemCall.checked("read") { read(group.output, bytes.baseAddress, bytes.count) }
            }
            if count == 0 { return String(decoding: text, as: UTF8.self) }
            text += buffer.prefix(count)
        }
    }

    @Test func theLeaderHeadsItsOwnGroupInTheGivenFolderWithOnlyTheGivenEnvironment() throws {
        let script = #"echo "$HOME|$LANG|$PATH|${USER-unset}|$(pwd)|$(cut -d' ' -f5 /proc/$$/stat)"; echo oops >&2; exit 3"#
        let group = try ProcessGroup.spawn(executable: "/bin/sh", arguments: ["sh", "-c", script],
                                           environment: ProcessGroup.baseEnvironment(home: "/home/job"), workingDirectory: "/tmp")
        #expect(try output(of: group) == "/home/job|C.UTF-8|/usr/local/bin:/usr/bin:/bin|unset|/tmp|\(group.leader)\noops\n")
        let end = try #require(try group.reapLeader(blocking: true))
        #expect((end.status >> 8) & 0xff == 3)
    }

    @Test func oneSignalReachesEveryProcessOfTheGroup() async throws {
        let group = try ProcessGroup.spawn(executable: "/bin/sh", arguments: ["sh", "-c", "sleep 300 & exec sleep 300"],
                                           environment: ProcessGroup.baseEnvironment(home: "/"), workingDirectory: "/")
        defer { close(group.output) }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(5))
        while ProcessGroup.liveMembers(ofGroup: group.leader) < 2, clock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(ProcessGroup.liveMembers(ofGroup: group.leader) == 2)
        #expect(group.signal(SIGKILL))
        let end = try #require(try group.reapLeader(blocking: true))
        #expect(end.status & 0x7f == SIGKILL)
        while group.hasLiveMembers, clock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!group.hasLiveMembers)
    }

    @Test func aMissingFolderIsASpawnError() {
        let error = #expect(throws: SystemError.self) {
            try ProcessGroup.spawn(executable: "/bin/true", arguments: ["true"], environment: [:], workingDirectory: "/nonexistent")
        }
        #expect(error?.code == ENOENT)
    }
}
