import Controller
import Foundation
import HTTP
import Journal
import Manifests
import Rollouts
import Serving
import Synchronization
import Testing
import TestSupport

/// The proof of the serving data plane and canary rollouts: real model servers behind a real
/// `slipway dataplane`, a load generator running through everything, and the rollout driver
/// standing in for the controller.
@Suite(.serialized) final class CanaryRolloutTests {
    /// A V2 model server: `python3 server.py PORT MODE`, MODE `ok`, `flaky` (every fifth infer is a 500)
    /// or `dies` (exits after its fifth infer).
    static let server = """
    import http.server, json, os, sys, threading
    mode = sys.argv[2]
    lock = threading.Lock()
    count = [0]
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
            self.wfile.flush()
        def do_GET(self):
            self.reply(200 if self.path == "/v2/health/ready" else 404, b"")
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                count[0] += 1
                n = count[0]
            if mode == "flaky" and n % 5 == 0:
                return self.reply(500, b'{"error": "injected"}')
            answer = {"model_name": "m", "outputs": [{"name": "y", "shape": [1], "datatype": "FP32", "data": [n]}]}
            self.reply(200, json.dumps(answer).encode())
            if mode == "dies" and n >= 5:
                os._exit(3)
    http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
    """

    let folder: TemporaryDirectory
    let loops: EventLoopGroup
    let client: HTTPClient
    var dataplanePID: Int32 = 0

    init() throws {
        folder = try TemporaryDirectory(prefix: "slipway-canary")
        try folder.write("artifact/server.py", Self.server)
        loops = try EventLoopGroup(loops: 1)
        client = HTTPClient(group: loops)
    }

    deinit {
        // The model servers outlive the data plane on purpose: stop them first.
        if dataplanePID > 0 { EndToEnd.stopServing(state: state, owner: folder.path) }
        client.shutdown()
        loops.shutdown()
    }

    var state: String { folder.path + "/state" }

    func version(_ name: String, mode: String) -> ServerSpec {
        ServerSpec(id: VersionID(model: "m", version: name), command: ["python3", "${artifact}/server.py", "${port}", mode],
                   artifact: folder.path + "/artifact", readyTimeout: .seconds(20))
    }

    /// Starts the data plane as the child of a shell, the way a controller starts it, so that the
    /// test can `kill -9` its parent.
    func startDataplaneUnderAParent() async throws -> (parent: Process, control: ControlFile) {
        let parent = Process()
        parent.executableURL = URL(fileURLWithPath: "/bin/sh")
        parent.arguments = ["-c", "\"$0\" dataplane --state \"$1\" --listen 127.0.0.1:0 >/dev/null 2>&1 & wait", SlipwayProcess.binary, state]
        try parent.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let control = try? ControlFile.read(from: state + "/dataplane"), kill(control.pid, 0) == 0 {
                dataplanePID = control.pid
                return (parent, control)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CommandFailure(description: "the data plane wrote no control file")
    }

    func rollout(_ stable: ServerSpec, _ canary: ServerSpec, steps: [RolloutStep], limits: RolloutLimits = RolloutLimits()) -> CanaryTarget {
        var analysis = AnalysisSpec()
        analysis.interval = .seconds(1)
        analysis.failureLimit = 2
        analysis.maxErrorRate = 0.05
        analysis.minRequests = 5
        return CanaryTarget(model: "m", stable: stable, canary: canary, spec: RolloutSpec(steps: steps, analysis: analysis), limits: limits)
    }

    @Test func goodCanaryIsPromotedBadOnesAreRolledBackAndTrafficNeverFails() async throws {
        let (parent, control) = try await startDataplaneUnderAParent()
        let dataplane = DataplaneConnection(stateFolder: state, client: client)
        let journal = try Journal(lock: try StateLock(stateFolder: folder.path + "/controller"))
        let v1 = version("v1", mode: "ok")
        try await dataplane.update(model: "m") { $0.stable = v1 }

        let load = LoadGenerator(client: client, port: control.routerPort)
        let generating = Task { await load.run(connections: 4) }
        try await load.waitForAnswers(50)

        // 1. A good canary walks 10% → 50% → promoted. Midway, the controller dies (its parent
        //    process is killed hard, its driver stops mid-step) and a new driver resumes.
        let good = rollout(v1, version("v2", mode: "ok"), steps: [RolloutStep(weight: 10, pause: .seconds(2)), RolloutStep(weight: 50, pause: .seconds(2))])
        let first = CanaryDriver(target: good, history: try ObservedState.read(journal).latestRollouts[good.model], dataplane: dataplane, journal: journal, pollInterval: 0.2)
        let interrupted = Task { try await first.run() }
        try await waitUntil { try Self.records(journal, "v2").contains { $0.action == "set weight 10" } }
        try await load.waitForAnswers(from: "v2", 5)
        interrupted.cancel()
        _ = await interrupted.result
        kill(parent.processIdentifier, SIGKILL)
        try await load.waitForAnswers(load.answered + 50)
        #expect(kill(control.pid, 0) == 0, "the data plane died with its parent")

        let resumed = CanaryDriver(target: good, history: try ObservedState.read(journal).latestRollouts[good.model], dataplane: dataplane, journal: journal, pollInterval: 0.2)
        #expect(try await resumed.run() == .promoted)
        let goodRecords = try Self.records(journal, "v2")
        #expect(try Self.count(journal, RolloutStarted.type) == 1, "the resumed driver started the rollout over")
        #expect(goodRecords.map(\.action).filter { $0.hasPrefix("set weight") }.first == "set weight 10")
        #expect(goodRecords.contains { $0.action == "set weight 50" } && goodRecords.last?.action == "promote")
        try await load.waitForAnswers(from: "v2", load.answers(from: "v2") + 20)
        #expect(try await dataplane.desired().models.first?.stable?.id.version == "v2")

        // 2. A canary answering 500 to one request in five is rolled back after two failed
        //    analyses (failureLimit 2, one every second), and stable keeps serving.
        let v2 = version("v2", mode: "ok")
        let flaky = rollout(v2, version("v3", mode: "flaky"), steps: [RolloutStep(weight: 50, pause: .seconds(30))])
        let flakyOutcome = try await CanaryDriver(target: flaky, history: try ObservedState.read(journal).latestRollouts[flaky.model], dataplane: dataplane, journal: journal, pollInterval: 0.2).run()
        guard case .rolledBack(let reason) = flakyOutcome else { Issue.record("not rolled back: \(flakyOutcome)"); return }
        #expect(reason.contains("2 analyses failed"), "\(reason)")
        let analyses = try Self.records(journal, "v3").compactMap(\.analysis)
        // Two failed analyses roll it back; none passed. (On a loaded machine a window may hold too few
        // requests to judge; such an inconclusive one counts neither way.)
        let failed = analyses.filter { if case .fail = $0.verdict { true } else { false } }
        #expect(failed.count == 2 && !analyses.contains { $0.verdict == .pass }, "analyses: \(analyses.map(\.verdict))")

        // 3. A canary whose server keeps dying is rolled back on its restarts.
        let dying = rollout(v2, version("v4", mode: "dies"), steps: [RolloutStep(weight: 50, pause: .seconds(60))],
                            limits: RolloutLimits(maxCanaryRestarts: 2))
        let dyingOutcome = try await CanaryDriver(target: dying, history: try ObservedState.read(journal).latestRollouts[dying.model], dataplane: dataplane, journal: journal, pollInterval: 0.2).run()
        guard case .rolledBack(let crashReason) = dyingOutcome else { Issue.record("not rolled back: \(dyingOutcome)"); return }
        // Whichever comes first rolls it back: its restarts, or the errors of requests it died on.
        #expect(crashReason.contains("restarted") || crashReason.contains("error rate"), "\(crashReason)")

        try await load.waitForAnswers(load.answered + 50)
        generating.cancel()
        await generating.value
        let failures = load.failures()
        // Only the bad canaries' own answers may fail; stable and the good canary never do.
        let foreign = failures.filter { $0.version != "v3" && $0.version != "v4" }
        #expect(foreign.isEmpty, "failed requests not answered by a bad canary: \(foreign.prefix(5))")
        #expect(failures.contains { $0.version == "v3" && $0.status == 500 }, "the flaky canary's 500s never reached clients")
        #expect(try await dataplane.desired().models.first?.stable?.id.version == "v2")
        let running = try await dataplane.observed()
        #expect(running.servers.map(\.id.version) == ["v2"], "\(running)")
        #expect(try Journal.verify(stateFolder: folder.path + "/controller").ok)
    }

    static func records(_ journal: Journal, _ candidate: String) throws -> [RolloutRecorded] {
        try journal.entries().compactMap { try $0.event(RolloutRecorded.self) }.filter { $0.candidate == candidate }
    }

    static func count(_ journal: Journal, _ type: String) throws -> Int {
        try journal.entries().filter { $0.type == type }.count
    }

    func waitUntil(_ condition: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(60)
        while try !condition() {
            guard Date() < deadline else { throw CommandFailure(description: "condition not met within 60 s") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// Clients sending inference requests through the router without pause, keeping every answer's
/// status and answering version.
final class LoadGenerator: Sendable {
    struct Answer: Sendable, CustomStringConvertible {
        var status: Int
        var version: String?
        var description: String { "\(status) from \(version ?? "no version")" }
    }

    private let client: HTTPClient
    private let port: Int
    private let body: [UInt8]
    private let path: String
    private let log = Mutex<[Answer]>([])

    init(client: HTTPClient, port: Int, model: String = "m",
         body: String = #"{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]}]}"#) {
        self.client = client
        self.port = port
        self.path = "/v2/models/\(model)/infer"
        self.body = Array(body.utf8)
    }

    var answered: Int { log.withLock { $0.count } }

    func answers(from version: String) -> Int { log.withLock { $0.filter { $0.version == version }.count } }

    func failures() -> [Answer] { log.withLock { $0.filter { $0.status != 200 } } }

    func run(connections: Int) async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    while !Task.isCancelled { await self.sendOne() }
                }
            }
        }
    }

    private func sendOne() async {
        let headers = HTTPHeaders([("Host", "127.0.0.1"), ("Content-Type", "application/json")])
        let answer: Answer
        do {
            let response = try await client.send(HTTPRequest(method: "POST", target: path, headers: headers, body: body),
                                                 to: Upstream(host: "127.0.0.1", port: port), timeout: .seconds(30))
            answer = Answer(status: response.status, version: response.headers["x-slipway-version"])
        } catch {
            answer = Answer(status: 0, version: "router unreachable: \(error)")
        }
        log.withLock { $0.append(answer) }
    }

    func waitForAnswers(_ count: Int) async throws {
        try await waitFor { self.answered >= count }
    }

    func waitForAnswers(from version: String, _ count: Int) async throws {
        try await waitFor { self.answers(from: version) >= count }
    }

    private func waitFor(_ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(60)
        while !condition() {
            guard Date() < deadline else { throw CommandFailure(description: "the load generator saw too few answers within 60 s") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
