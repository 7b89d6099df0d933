import Glibc
import Processes
import Testing
@testable import Serving

/// Adopting a process that is not a child, which only `/proc` can watch.
@Suite(.serialized) struct SupervisorProcessTests {
    /// Starts `sleep 300` through a shell that exits at once, so that the sleep is no child of the tests.
    func orphan() throws -> pid_t {
        let starter = try ProcessGroup.spawn(executable: "/bin/sh", arguments: ["sh", "-c", "sleep 300 </dev/null >/dev/null 2>&1 & echo $!"],
                                             environment: ["PATH": "/usr/bin:/bin"], workingDirectory: "/")
        defer { close(starter.output) }
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(starter.output, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            text += buffer.prefix(count)
        }
        _ = try starter.reapLeader(blocking: true)
        return try #require(pid_t(String(decoding: text, as: UTF8.self).trimmingPrefix(" ").split(separator: "\n").first ?? ""))
    }

    @Test func adoptedProcessIsWatchedThroughItsStartTime() async throws {
        let pid = try orphan()
        let startTime = try #require(ServerProcess.startTime(of: pid))
        #expect(ServerProcess(adopting: pid, startTime: startTime + 1) == nil)
        let process = try #require(ServerProcess(adopting: pid, startTime: startTime))
        #expect(!process.hasEnded)
        kill(pid, SIGKILL)
        #expect(await eventually { process.hasEnded })
        #expect(process.ending == "ended while adopted")
    }
}
