import Foundation
import Glibc
import HTTP
import Processes
import Synchronization
import Testing
import TestSupport
@testable import Serving

/// Real model servers (stdlib Python) started, crashed, stopped and re-adopted.
@Suite(.serialized) final class SupervisorTests {
    /// A V2 server: ready at once, or never ("slow"); "child" also starts a child in its group.
    static let server = ModelServers.pythonV2

    let folder: String
    let loops: EventLoopGroup
    let client: HTTPClient
    var settings = SupervisorSettings()

    init() throws {
        folder = NSTemporaryDirectory() + "supervisor-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/artifact", withIntermediateDirectories: true)
        try Self.server.write(toFile: folder + "/artifact/server.py", atomically: true, encoding: .utf8)
        loops = try EventLoopGroup(loops: 1)
        client = HTTPClient(group: loops)
        settings.grace = .seconds(2)
        settings.backoff = RestartBackoff(initial: .milliseconds(100), cap: .seconds(1))
    }

    deinit {
        client.shutdown()
        loops.shutdown()
        try? FileManager.default.removeItem(atPath: folder)
    }

    func spec(_ mode: String, version: String = "v1", readyTimeout: Duration = .seconds(20)) -> ServerSpec {
        ServerSpec(id: VersionID(model: "m", version: version), command: ["python3", "${artifact}/server.py", "${port}", "${params.mode}"],
                   artifact: folder + "/artifact", params: ["mode": mode], readyTimeout: readyTimeout)
    }

    func supervisor() throws -> Supervisor {
        try Supervisor(stateFolder: folder + "/state", logFolder: folder + "/logs", client: client, settings: settings)
    }

    func isRunning(_ pid: pid_t) -> Bool { ServerProcess.startTime(of: pid) != nil }

    @Test func startedServerAnswersOnItsPort() async throws {
        let supervisor = try supervisor()
        let backend = try await supervisor.start(spec("ready")).get()
        let response = try await client.send(HTTPRequest(method: "POST", target: "/v2/models/m/infer", body: Array("{}".utf8)),
                                             to: Upstream(host: "127.0.0.1", port: backend.port), timeout: .seconds(5))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains("\"outputs\""))
        #expect(await supervisor.backend(of: backend.id) == backend)
        await supervisor.stop(backend.id)
        #expect(await supervisor.backends.isEmpty)
    }

    @Test func serverNeverReadyIsAFailureWithItsLogAndLeavesNoProcess() async throws {
        let supervisor = try supervisor()
        let result = await supervisor.start(spec("slow", readyTimeout: .seconds(2)))
        guard case .failure(let failure) = result else {
            Issue.record("a server that never answers was reported ready: \(result)")
            return
        }
        #expect(failure.reason == .notReady(after: .seconds(2)))
        #expect(failure.logTail.contains("still warming up"))
        let pidText = try #require(failure.logTail.split(separator: "\n").first { $0.hasPrefix("server pid") }?.split(separator: " ").last)
        let pid = try #require(pid_t(pidText))
        #expect(!isRunning(pid))
        #expect(ProcessGroup.liveMembers(ofGroup: pid) == 0)
        #expect(await supervisor.processID(of: failure.id) == nil)
    }

    @Test func crashedServerIsRestartedAndCounted() async throws {
        let changes = Mutex<[Backend?]>([])
        let supervisor = try Supervisor(stateFolder: folder + "/state", logFolder: folder + "/logs", client: client, settings: settings) { _, backend in
            changes.withLock { $0.append(backend) }
        }
        let backend = try await supervisor.start(spec("ready")).get()
        let first = try #require(await supervisor.processID(of: backend.id))
        kill(first, SIGKILL)
        let restarted = await eventually {
            guard await supervisor.backend(of: backend.id) != nil, let pid = await supervisor.processID(of: backend.id) else { return false }
            return pid != first
        }
        #expect(restarted)
        #expect(await supervisor.restarts(of: backend.id) == 1)
        let second = try #require(await supervisor.processID(of: backend.id))
        let now = try #require(await supervisor.backend(of: backend.id))
        #expect(changes.withLock { $0 } == [backend, nil, now])
        let log = try String(contentsOfFile: folder + "/logs/m@v1.log", encoding: .utf8)
        #expect(log.components(separatedBy: "--- starting: python3").count == 3)
        await supervisor.stop(backend.id)
        #expect(!isRunning(second))
    }

    /// Answers one request, its readiness probe, and exits: a server that crashes as soon as it is up.
    static let answersOnce = """
    import http.server, sys
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
    http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).handle_request()
    """

    /// A supervisor on `clock` whose watcher never wakes by itself: the test runs each pass with `check()`.
    func supervisor(on clock: ManualClock) throws -> Supervisor {
        var settings = settings
        settings.watchInterval = .seconds(3600)
        settings.backoff = RestartBackoff(initial: .seconds(60), cap: .seconds(600), resetAfter: .seconds(300))
        return try Supervisor(stateFolder: folder + "/state", logFolder: folder + "/logs", client: client, settings: settings, clock: clock)
    }

    @Test func crashLoopIsRestartedAfterEachBackoffAsTheClockMoves() async throws {
        try Self.answersOnce.write(toFile: folder + "/artifact/once.py", atomically: true, encoding: .utf8)
        let clock = ManualClock()
        let supervisor = try supervisor(on: clock)
        var once = spec("ready")
        once.command = ["python3", "${artifact}/once.py", "${port}"]
        let id = try await supervisor.start(once).get().id
        for (crashes, delay) in [(1, 60.0), (2, 120.0), (3, 240.0)] {
            #expect(await eventually { await supervisor.check(); return await supervisor.restarts(of: id) == crashes })
            #expect(await supervisor.processID(of: id) == nil)
            clock.advance(by: delay - 1)
            await supervisor.check()
            #expect(await supervisor.processID(of: id) == nil, "restarted before its backoff of \(delay) s was over")
            clock.advance(by: 1)
            await supervisor.check()
        }
        #expect(await eventually { await supervisor.check(); return await supervisor.restarts(of: id) == 4 })
        let log = try String(contentsOfFile: folder + "/logs/m@v1.log", encoding: .utf8)
        #expect(log.components(separatedBy: "--- starting: python3").count == 5, "the first start and three restarts")
        #expect(await supervisor.versions == [id], "still backing off")
        await supervisor.stop(id)
        #expect(await supervisor.versions.isEmpty)
    }

    @Test func serverThatStayedReadyForResetAfterBacksOffFromTheFirstDelayAgain() async throws {
        let clock = ManualClock()
        let supervisor = try supervisor(on: clock)
        let id = try await supervisor.start(spec("ready")).get().id
        /// Kills the server, lets the supervisor notice, and returns once it is ready again after `delay` seconds and no sooner.
        func crashAndRestart(after delay: Double) async throws {
            let pid = try #require(await supervisor.processID(of: id))
            let restarts = await supervisor.restarts(of: id)
            kill(pid, SIGKILL)
            #expect(await eventually { await supervisor.check(); return await supervisor.restarts(of: id) == restarts + 1 })
            clock.advance(by: delay - 1)
            await supervisor.check()
            #expect(await supervisor.processID(of: id) == nil, "restarted before its backoff of \(delay) s was over")
            clock.advance(by: 1)
            await supervisor.check()
            #expect(await eventually { await supervisor.backend(of: id) != nil })
        }
        try await crashAndRestart(after: 60)
        try await crashAndRestart(after: 120)
        clock.advance(by: 300)
        try await crashAndRestart(after: 60)
        #expect(await supervisor.restarts(of: id) == 3)
        await supervisor.stop(id)
    }

    @Test func stopLeavesNoProcessInTheGroup() async throws {
        let supervisor = try supervisor()
        let backend = try await supervisor.start(spec("child")).get()
        let pid = try #require(await supervisor.processID(of: backend.id))
        #expect(await eventually { ProcessGroup.liveMembers(ofGroup: pid) == 2 })
        await supervisor.stop(backend.id)
        #expect(ProcessGroup.liveMembers(ofGroup: pid) == 0)
        #expect(await supervisor.processID(of: backend.id) == nil)
    }

    @Test func newSupervisorAdoptsTheServersOfTheLastOne() async throws {
        var first: Supervisor? = try supervisor()
        weak let gone = first
        let backend = try #require(try await first?.start(spec("ready")).get())
        let pid = try #require(await first?.processID(of: backend.id))
        first = nil
        #expect(await eventually { gone == nil })

        let second = try supervisor()
        #expect(await second.processID(of: backend.id) == pid)
        #expect(await second.backend(of: backend.id) == backend)
        #expect(ProcessGroup.liveMembers(ofGroup: pid) == 1)
        let response = try await client.send(HTTPRequest(target: "/v2/health/ready"), to: Upstream(host: "127.0.0.1", port: backend.port), timeout: .seconds(5))
        #expect(response.status == 200)

        kill(pid, SIGKILL)
        let restarted = await eventually {
            guard await second.backend(of: backend.id) != nil, let now = await second.processID(of: backend.id) else { return false }
            return now != pid
        }
        #expect(restarted)
        #expect(await second.restarts(of: backend.id) == 1)
        let replacement = try #require(await second.processID(of: backend.id))
        await second.stop(backend.id)
        #expect(ProcessGroup.liveMembers(ofGroup: pid) == 0)
        #expect(ProcessGroup.liveMembers(ofGroup: replacement) == 0)
    }

    @Test func staleEntryWhosePidWasReusedIsNotAdopted() async throws {
        var first: Supervisor? = try supervisor()
        weak let gone = first
        let backend = try #require(try await first?.start(spec("ready")).get())
        let pid = try #require(await first?.processID(of: backend.id))
        first = nil
        #expect(await eventually { gone == nil })
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)

        // Another process now holds the recorded pid as far as the table can tell: same id, other start time.
        let decoy = try ProcessGroup.spawn(executable: "/bin/sleep", arguments: ["sleep", "300"], environment: [:], workingDirectory: "/")
        close(decoy.output)
        defer {
            decoy.signal(SIGKILL)
            _ = try? decoy.reapLeader(blocking: true)
        }
        let state = folder + "/state"
        var table = try SupervisorTable.load(from: state)
        try #require(table.entries.count == 1)
        #expect(table.entries[0].startTime != ServerProcess.startTime(of: decoy.leader))
        table.entries[0].pid = decoy.leader
        try table.save(to: state)

        let second = try supervisor()
        #expect(await second.processID(of: backend.id) != decoy.leader)
        #expect(await eventually { await second.backend(of: backend.id) != nil })
        #expect(await second.processID(of: backend.id) != decoy.leader)
        #expect(await second.restarts(of: backend.id) == 1)
        await second.stop(backend.id)
        #expect(isRunning(decoy.leader))
    }

    @Test func missingProgramIsAFailureThatSaysSo() async throws {
        let supervisor = try supervisor()
        var missing = spec("ready")
        missing.command[0] = "no-such-model-server"
        let result = await supervisor.start(missing)
        guard case .failure(let failure) = result else {
            Issue.record("a missing program was reported ready: \(result)")
            return
        }
        #expect(failure.reason == .exited("exit code 127"))
        #expect(failure.logTail.contains("no-such-model-server"))
        #expect(failure.description.contains("m@v1"))
    }

    @Test func unreadableTableSaysWhichFileAndWhatToDo() throws {
        try FileManager.default.createDirectory(atPath: folder + "/state", withIntermediateDirectories: true)
        try "{not json".write(toFile: folder + "/state/servers.json", atomically: true, encoding: .utf8)
        let error = try #require(throws: SupervisorError.self) { try supervisor() }
        #expect(error.path == folder + "/state/servers.json")
        #expect(error.description.contains("Fix or remove the file"))
    }

    @Test func logIsTrimmedToItsTail() throws {
        let path = folder + "/trimmed.log"
        let text = (0..<300).map { "line \($0)\n" }.joined()
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let log = ServerLog(path: path, cap: 100)
        log.trim()
        let kept = try String(contentsOfFile: path, encoding: .utf8)
        #expect(kept.utf8.count == 100)
        #expect(text.hasSuffix(kept))
        #expect(log.tail(9) == "line 299\n")
    }

    @Test(arguments: [(0, 100), (1, 200), (3, 800), (10, 1000)])
    func backoffDoublesUpToItsCap(crashes: Int, milliseconds: Int) {
        let backoff = RestartBackoff(initial: .milliseconds(100), cap: .seconds(1))
        #expect(backoff.delay(afterCrashesInARow: crashes) == .milliseconds(milliseconds))
    }
}
