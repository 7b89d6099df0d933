import Controller
import Foundation
import HTTP
import Journal
import Serving
import Testing
import TestSupport

/// The daemon converges on what is really served, checked from outside: many models committed at
/// once all answer through the router; a route deleted behind the daemon's back comes back and the
/// repair is journaled; a data plane killed with SIGKILL is replaced and every model answers again
/// with no restart of the daemon; a daemon killed at any moment of many rollouts promotes each
/// candidate once.
@Suite(.serialized) final class ConvergenceTests {
    /// A V2 server that answers every infer with the version written next to it at training time.
    static let server = """
    import http.server, json, os, sys
    version = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "VERSION")).read().strip()
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True
        def log_message(self, *args):
            pass
        def reply(self, status, body):
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def do_GET(self):
            self.reply(200 if self.path == "/v2/health/ready" else 404, b"")
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            answer = {"outputs": [{"name": "version", "shape": [1], "datatype": "BYTES", "data": [version]}]}
            self.reply(200, json.dumps(answer).encode())
    http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
    """

    let git: GitFixture
    let state: TemporaryDirectory
    let loops: EventLoopGroup
    let client: HTTPClient
    var daemon: Process?

    init() throws {
        git = try GitFixture(prefix: "slipway-converge")
        state = try TemporaryDirectory(prefix: "slipway-converge-state")
        loops = try EventLoopGroup(loops: 1)
        client = HTTPClient(group: loops)
    }

    deinit {
        if let daemon, daemon.isRunning { kill(daemon.processIdentifier, SIGTERM) }
        EndToEnd.stopServing(state: state.path)
        client.shutdown()
        loops.shutdown()
    }

    static func name(_ index: Int) -> String { "m" + String(format: "%03d", index) }

    /// Writes `count` trivial models, each trained by copying its server and version file.
    func writeModels(_ count: Int, version: String) throws {
        for index in 0..<count {
            let name = Self.name(index)
            try git.write("\(name)/model.yaml", """
            apiVersion: slipway.dev/v1
            kind: Model
            metadata: {name: \(name)}
            spec:
              train:
                command: [/bin/cp, server.py, VERSION, "${output}"]
              serve:
                command: [python3, "${artifact}/server.py", "${port}"]
              rollout:
                steps: [{weight: 50, pause: 1s}]
                analysis: {interval: 1s, failureLimit: 2, maxErrorRate: 0.5, minRequests: 2}
            """)
            try git.write("\(name)/server.py", Self.server)
            try git.write("\(name)/VERSION", version + "\n")
        }
    }

    func startDaemon() throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SlipwayProcess.binary)
        process.arguments = ["daemon", "--repo", git.path, "--state", state.path, "--interval", "1s",
                             "--listen", "127.0.0.1:0", "--serve", "127.0.0.1:0", "--concurrency", "4"]
        let log = state.path + "/daemon.log"
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        output.seekToEndOfFile()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        daemon = process
        return try EndToEnd.waitForDaemon(process, state: state.path, log: daemonLog)
    }

    func daemonLog() -> String { (try? String(contentsOfFile: state.path + "/daemon.log", encoding: .utf8)) ?? "" }

    func killDaemon() {
        guard let process = daemon else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func answers(_ count: Int) async -> [String: String] {
        await Self.answers(count, client: client, state: state.path)
    }

    /// What each model answers through the router now: the version it serves, or the failure.
    static func answers(_ count: Int, client: HTTPClient, state: String) async -> [String: String] {
        var answers: [String: String] = [:]
        let port = (try? ControlFile.read(from: state + "/dataplane"))?.routerPort ?? 0
        let headers = HTTPHeaders([("Host", "127.0.0.1"), ("Content-Type", "application/json")])
        let body = Array(#"{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]}]}"#.utf8)
        for index in 0..<count {
            let name = Self.name(index)
            do {
                let response = try await client.send(HTTPRequest(method: "POST", target: "/v2/models/\(name)/infer", headers: headers, body: body),
                                                     to: Upstream(host: "127.0.0.1", port: port), timeout: .seconds(10))
                let text = String(decoding: response.body, as: UTF8.self)
                answers[name] = response.status == 200 ? (text.contains("\"v2\"") ? "v2" : text.contains("\"v1\"") ? "v1" : text)
                    : "status \(response.status)"
            } catch {
                answers[name] = "\(error)"
            }
        }
        return answers
    }

    /// Waits (up to `seconds`) until every one of `count` models answers through the router with `version`.
    func waitUntilServed(_ count: Int, _ version: String, seconds: TimeInterval = 300) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        var last: [String: String] = [:]
        while Date() < deadline {
            last = await answers(count)
            if last.values.allSatisfy({ $0 == version }) { return }
            try await Task.sleep(for: .milliseconds(500))
        }
        let wrong = last.filter { $0.value != version }.sorted { $0.key < $1.key }
        throw CommandFailure(description: "\(wrong.count) of \(count) models do not answer \(version): \(wrong.prefix(5))\nlog:\n\(daemonLog().suffix(4000))")
    }

    func statuses(_ port: Int) async throws -> [ModelStatus] {
        let response = try await client.send(HTTPRequest(method: "GET", target: "/api/v1/models",
                                                         headers: HTTPHeaders([("Host", "127.0.0.1"), ("Authorization", "Bearer \(try localToken())")])),
                                             to: Upstream(host: "127.0.0.1", port: port), timeout: .seconds(10))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode([ModelStatus].self, from: Data(response.body))
    }

    /// The operator token a fresh state folder gets.
    func localToken() throws -> String {
        let line = try String(contentsOfFile: state.path + "/tokens", encoding: .utf8).split(separator: "\n").first { $0.hasPrefix("operator") }
        return String(try #require(line?.split(separator: " ").last))
    }

    func healthz(_ port: Int) async -> Int {
        (try? await client.send(HTTPRequest(method: "GET", target: "/healthz", headers: HTTPHeaders([("Host", "127.0.0.1")])),
                                to: Upstream(host: "127.0.0.1", port: port), timeout: .seconds(10)).status) ?? 0
    }

    @Test func aHundredModelsAllServeAndServingHealsItselfFromALostRouteAndAKilledDataPlane() async throws {
        let count = 100
        try writeModels(count, version: "v1")
        _ = try git.commit("a hundred models at once")
        let port = try startDaemon()
        try await waitUntilServed(count, "v1")
        // Status says what the router does: every model Ready.
        let deadline = Date().addingTimeInterval(30)
        var ready = 0
        while Date() < deadline {
            ready = try await statuses(port).filter { $0.conditions.first?.type == .ready }.count
            if ready == count { break }
            try await Task.sleep(for: .milliseconds(300))
        }
        #expect(ready == count)
        // The CLI finds the daemon and its local operator token from the state folder alone.
        let status = try SlipwayProcess.run(["status", "m042", "--state", state.path])
        #expect(status.status == 0 && status.standardOutput.contains("Ready Serving"), "\(status.standardOutput)\(status.standardError)")

        // A route deleted behind the daemon's back: the next pass puts it back and journals why.
        let control = try ControlFile.read(from: state.path + "/dataplane")
        let plane = DataplaneConnection(stateFolder: state.path, client: client)
        let lost = try await plane.serving(of: "m007")
        let deleted = try await plane.setServing(of: "m007", ModelServingWrite(generation: lost.generation, served: nil))
        // The router lost the route at that moment (the daemon's next pass may put it back before a request could see it).
        #expect(!deleted.observed.routes.contains { $0.model == "m007" })
        try await waitUntilServed(count, "v1", seconds: 60)
        let repairs = try Journal.entries(stateFolder: state.path).compactMap { try $0.event(ServingRepaired.self) }
        #expect(repairs.contains { $0.model == "m007" && $0.problem.contains("no route") }, "\(repairs)")

        // A stale write is refused and changes nothing.
        await #expect(throws: DataplaneError.self) {
            _ = try await plane.setServing(of: "m008", ModelServingWrite(generation: 0, served: nil))
        }
        #expect(await answers(9)["m008"] == "v1")

        // The data plane killed hard: noticed, started again, every model answers; the daemon was never restarted.
        kill(control.pid, SIGKILL)
        let daemonPID = try #require(daemon).processIdentifier
        var sawUnhealthy = false
        let noticed = Date().addingTimeInterval(30)
        while Date() < noticed, !sawUnhealthy {
            sawUnhealthy = await healthz(port) == 503 || daemonLog().contains("the data plane does not answer")
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(sawUnhealthy)
        try await waitUntilServed(count, "v1", seconds: 120)
        let replaced = try ControlFile.read(from: state.path + "/dataplane")
        #expect(replaced.pid != control.pid)
        #expect(try #require(daemon).isRunning && daemon?.processIdentifier == daemonPID)
        #expect(await healthz(port) == 200)
        #expect(try Journal.verify(stateFolder: state.path).ok)
    }

    @Test func aDaemonKilledAtAnyMomentOfTwentyRolloutsPromotesEachCandidateOnce() async throws {
        let count = 20
        try writeModels(count, version: "v1")
        _ = try git.commit("twenty models")
        _ = try startDaemon()
        try await waitUntilServed(count, "v1")

        // Traffic to every model all along, so the canaries have requests to be judged on.
        let client = self.client, folder = state.path
        let traffic = Task.detached {
            while !Task.isCancelled { _ = await ConvergenceTests.answers(count, client: client, state: folder) }
        }
        defer { traffic.cancel() }
        try writeModels(count, version: "v2")
        _ = try git.commit("twenty new versions")
        _ = try startDaemonAfterKill(delay: 0)
        // Killed at moments spread over training, canary steps and promotion, restarted each time.
        for delay in [0.8, 1.7, 2.9, 1.3, 3.7] {
            try await Task.sleep(for: .seconds(delay))
            _ = try startDaemonAfterKill(delay: 0)
        }
        try await waitUntilServed(count, "v2")

        let entries = try Journal.entries(stateFolder: state.path)
        let finished = try entries.compactMap { try $0.event(RolloutFinished.self) }
        let started = try entries.compactMap { try $0.event(RolloutStarted.self) }
        for index in 0..<count {
            let name = Self.name(index)
            let promoted = finished.filter { $0.model == name && $0.outcome == .promoted }.map(\.candidate)
            #expect(promoted.count == Set(promoted).count, "\(name) promoted a candidate twice: \(promoted)")
            #expect(promoted.count == 2, "\(name): \(promoted)")
            #expect(started.filter { $0.model == name }.count == 2, "\(name) started a rollout over")
        }
        #expect(try Journal.verify(stateFolder: state.path).ok)
    }

    @Test func aCanaryPausedForLackOfTrafficShowsPausedWithItsWeightAndResumesByHand() async throws {
        try writeModels(1, version: "v1")
        _ = try git.commit("one model")
        let port = try startDaemon()
        try await waitUntilServed(1, "v1")
        try writeModels(1, version: "v2")
        _ = try git.commit("a new version nobody sends traffic to")
        let deadline = Date().addingTimeInterval(120)
        var paused: ModelStatus?
        while Date() < deadline, paused == nil {
            paused = try await statuses(port).first { if case .paused = $0.phase { true } else { false } }
            try await Task.sleep(for: .milliseconds(300))
        }
        let status = try #require(paused, "never paused: \(daemonLog().suffix(3000))")
        #expect(status.phase == .paused(step: 1, steps: 1, weight: 50), "the weight the router really gives the canary")
        #expect(status.conditions.first?.reason == .paused)
        #expect(status.conditions.first?.message.contains("too little traffic") == true)

        let client = self.client, folder = state.path
        let traffic = Task.detached {
            while !Task.isCancelled { _ = await ConvergenceTests.answers(1, client: client, state: folder) }
        }
        defer { traffic.cancel() }
        let resumed = try SlipwayProcess.run(["resume", "m000", "--state", state.path])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        try await waitUntilServed(1, "v2", seconds: 60)
        let commands = try Journal.entries(stateFolder: state.path).compactMap { try $0.event(APICommand.self) }
        #expect(commands.map(\.command) == ["resume"] && commands.first?.by == "local")
    }

    @Test func sigHupReadsTheTokensFileAgain() async throws {
        try writeModels(1, version: "v1")
        _ = try git.commit("one model")
        let port = try startDaemon()
        let fresh = String(repeating: "f", count: 40)
        func status(_ token: String) async throws -> Int {
            try await client.send(HTTPRequest(method: "GET", target: "/api/v1/models",
                                              headers: HTTPHeaders([("Host", "127.0.0.1"), ("Authorization", "Bearer \(token)")])),
                                  to: Upstream(host: "127.0.0.1", port: port), timeout: .seconds(10)).status
        }
        let tokens = state.path + "/tokens"
        let before = try String(contentsOfFile: tokens, encoding: .utf8)
        try (before + "viewer dashboards \(fresh)\n").write(toFile: tokens, atomically: true, encoding: .utf8)
        chmod(tokens, 0o600)
        #expect(try await status(fresh) == 401, "a token is not in force before the file is read again")
        let daemonPID = try #require(daemon).processIdentifier
        kill(daemonPID, SIGHUP)
        var answer = 401
        let deadline = Date().addingTimeInterval(20)
        while answer != 200, Date() < deadline {
            answer = try await status(fresh)
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(answer == 200)
        try before.write(toFile: tokens, atomically: true, encoding: .utf8)
        chmod(tokens, 0o600)
        kill(daemonPID, SIGHUP)
        while answer != 401, Date() < deadline {
            answer = try await status(fresh)
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(answer == 401, "a revoked token stops working without a restart")
        #expect(try #require(daemon).isRunning)
    }

    private func startDaemonAfterKill(delay: TimeInterval) throws -> Int {
        killDaemon()
        return try startDaemon()
    }
}
