import Controller
import Foundation
import Gates
import HTTP
import Journal
import Serving
import Testing
import TestSupport

/// `slipway daemon` against a repository holding the quickstart's model: commit → trained → gated →
/// approved through the API → serving; a worse model stopped by its gates; a canary that fails in
/// production rolled back on its own; traffic through the data plane all along.
@Suite(.serialized) final class DaemonTests {
    let git: GitFixture
    let state: TemporaryDirectory
    let loops: EventLoopGroup
    let client: HTTPClient
    var daemon: Process?
    static let operatorToken = String(repeating: "o", count: 40)
    static let reviewerToken = String(repeating: "r", count: 40)
    /// A reviewer outside the quickstart's reviewer group.
    static let strangerToken = String(repeating: "s", count: 40)
    /// A reviewer in the group who is also the author of every commit of the fixture.
    static let authorToken = String(repeating: "a", count: 40)
    static let webhookSecret = "a webhook secret only the git host knows"

    init() throws {
        git = try GitFixture()
        state = try TemporaryDirectory(prefix: "slipway-daemon-state")
        try EndToEnd.copyQuickstart(into: git) {
            GatesCommandTests.relaxed($0).replacingOccurrences(of: "risk-reviewers: [reviewer@example.com]",
                                                               with: "risk-reviewers: [reviewer@example.com, \(GitFixture.author.email)]")
        }
        _ = try git.commit("payments-risk, first version")
        try git.git("branch", "-M", "main")
        let tokens = "operator ops \(Self.operatorToken)\nreviewer reviewer@example.com \(Self.reviewerToken)\n"
            + "reviewer mallory@example.com \(Self.strangerToken)\nreviewer \(GitFixture.author.email) \(Self.authorToken)\n"
        _ = FileManager.default.createFile(atPath: state.path + "/tokens", contents: Data(tokens.utf8), attributes: [.posixPermissions: 0o600])
        loops = try EventLoopGroup(loops: 1)
        client = HTTPClient(group: loops)
    }

    deinit {
        if let daemon, daemon.isRunning { kill(daemon.processIdentifier, SIGTERM) }
        EndToEnd.stopServing(state: state.path)
        client.shutdown()
        loops.shutdown()
    }

    func startDaemon(_ extra: [String] = []) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SlipwayProcess.binary)
        process.arguments = ["daemon", "--repo", git.path, "--state", state.path, "--interval", "1s",
                             "--listen", "127.0.0.1:0", "--serve", "127.0.0.1:0"] + extra
        process.environment = ProcessInfo.processInfo.environment.merging(["SLIPWAY_WEBHOOK_SECRET": Self.webhookSecret]) { $1 }
        let log = state.path + "/daemon.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardError = process.standardOutput
        try process.run()
        daemon = process
        return try EndToEnd.waitForDaemon(process, state: state.path, log: daemonLog)
    }

    func daemonLog() -> String { (try? String(contentsOfFile: state.path + "/daemon.log", encoding: .utf8)) ?? "" }

    func call(_ port: Int, _ method: String, _ path: String, token: String = operatorToken, body: [String: String]? = nil) async throws -> (Int, Data) {
        var headers = HTTPHeaders([("Host", "127.0.0.1"), ("Content-Type", "application/json"), ("Authorization", "Bearer \(token)")])
        if token.isEmpty { headers.remove("Authorization") }
        let bytes = try body.map { Array(try JSONEncoder().encode($0)) } ?? []
        let response = try await client.send(HTTPRequest(method: method, target: path, headers: headers, body: bytes),
                                             to: Upstream(host: "127.0.0.1", port: port), timeout: .seconds(30))
        return (response.status, Data(response.body))
    }

    func model(_ port: Int) async throws -> ModelStatus? {
        let (status, body) = try await call(port, "GET", "/api/v1/models/payments-risk")
        guard status == 200 else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ModelStatus.self, from: body)
    }

    /// Waits (up to two minutes) until the model's status satisfies `condition`, and returns it.
    func waitFor(_ port: Int, _ what: String, _ condition: (ModelStatus) -> Bool) async throws -> ModelStatus {
        let deadline = Date().addingTimeInterval(120)
        var last: ModelStatus?
        while Date() < deadline {
            if let status = try await model(port) {
                last = status
                if condition(status) { return status }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw CommandFailure(description: "\(what) did not happen within 120 s; last status: \(String(describing: last))\nlog:\n\(daemonLog())")
    }

    func reason(_ status: ModelStatus) -> String { status.conditions.first?.reason.rawValue ?? "" }

    @Test func aMergeIsADeployAndABadCanaryRollsBackOnItsOwn() async throws {
        let port = try startDaemon()
        let (refused, _) = try await call(port, "GET", "/api/v1/models", token: "")
        #expect(refused == 401)

        // 1. Trained, gated, waiting for a reviewer; the reviewer signs off through the API.
        let waiting = try await waitFor(port, "awaiting approval") { self.reason($0) == "AwaitingApproval" && $0.phase == .awaitingApproval }
        let candidate = try #require(waiting.candidate)
        #expect(waiting.gates.map(\.verdict) == [.pass, .pass, .pass, .pass, .pass, .pending], "\(waiting.gates.map(\.reason))")
        let (forbidden, _) = try await call(port, "POST", "/api/v1/models/payments-risk/approve",
                                            body: ["candidate": candidate.artifact, "decision": "approve"])
        #expect(forbidden == 403, "an operator token may not approve")
        // Sign-offs that could never count are refused when given, with the reason, and not recorded.
        let (stranger, strangerBody) = try await call(port, "POST", "/api/v1/models/payments-risk/approve", token: Self.strangerToken,
                                                      body: ["candidate": candidate.artifact, "decision": "approve"])
        #expect(stranger == 403 && String(decoding: strangerBody, as: UTF8.self).contains("not a member of reviewer group"),
                "\(String(decoding: strangerBody, as: UTF8.self))")
        let (author, authorBody) = try await call(port, "POST", "/api/v1/models/payments-risk/approve", token: Self.authorToken,
                                                  body: ["candidate": candidate.artifact, "decision": "approve"])
        #expect(author == 403 && String(decoding: authorBody, as: UTF8.self).contains("cannot approve"),
                "\(String(decoding: authorBody, as: UTF8.self))")
        #expect(try Journal.entries(stateFolder: state.path).filter { $0.type == "approval.recorded" }.isEmpty)
        let (approved, body) = try await call(port, "POST", "/api/v1/models/payments-risk/approve", token: Self.reviewerToken,
                                              body: ["candidate": candidate.artifact, "decision": "approve", "comment": "looks good"])
        #expect(approved == 201, "\(String(decoding: body, as: UTF8.self))")
        let serving = try await waitFor(port, "first version serving") { $0.phase == .idle && $0.stable == candidate }
        #expect(reason(serving) == "Serving")

        let control = try ControlFile.read(from: state.path + "/dataplane")
        let row = #"{"inputs":[{"name":"amount","shape":[1],"datatype":"FP64","data":[120.5]},{"name":"hour","shape":[1],"datatype":"FP64","data":[3]},{"name":"velocity","shape":[1],"datatype":"FP64","data":[4.2]},{"name":"noise","shape":[1],"datatype":"FP64","data":[0.1]}]}"#
        let load = LoadGenerator(client: client, port: control.routerPort, model: "payments-risk", body: row)
        let traffic = Task { await load.run(connections: 2) }
        try await load.waitForAnswers(20)

        // 2. A model trained without a feature fails the baseline gate against stable; stable serves on.
        let manifest = try String(contentsOfFile: git.path + "/payments/model.yaml", encoding: .utf8)
        try git.write("payments/model.yaml", manifest.replacingOccurrences(of: "drop: none", with: "drop: velocity"))
        _ = try git.commit("train without velocity")
        // The git host's push webhook nudges the daemon; a forged one is refused and journaled.
        let push = Array(#"{"ref":"refs/heads/main","after":"0000000000000000000000000000000000000000"}"#.utf8)
        let signature = HMAC.sha256(key: Array(Self.webhookSecret.utf8), message: push).map { String(format: "%02x", $0) }.joined()
        for (hex, expected) in [(String(repeating: "0", count: 64), 401), (signature, 202)] {
            let hook = try await client.send(HTTPRequest(method: "POST", target: "/hooks/git", headers: HTTPHeaders([
                ("Host", "127.0.0.1"), ("Content-Type", "application/json"), ("X-GitHub-Event", "push"),
                ("X-Hub-Signature-256", "sha256=" + hex)]), body: push), to: Upstream(host: "127.0.0.1", port: port), timeout: .seconds(30))
            #expect(hook.status == expected, "\(hex.prefix(8)): \(String(decoding: hook.body, as: UTF8.self))")
        }
        let stopped = try await waitFor(port, "the worse model stopped by a gate") { self.reason($0) == "GateFailed" }
        #expect(stopped.stable == candidate)
        #expect(stopped.gates.last?.gate == "beats-stable" && stopped.gates.last?.verdict == .fail)

        // 3. A model that passes its gates but fails live traffic is rolled back by the canary analysis.
        try git.write("payments/model.yaml", manifest.replacingOccurrences(of: "      errorRate: 0\n", with: "      errorRate: 0.5\n"))
        _ = try git.commit("serve with injected failures")
        let third = try await waitFor(port, "third candidate awaiting approval") { $0.phase == .awaitingApproval && $0.candidate != candidate }
        let bad = try #require(third.candidate)
        // This time through the command line, as a reviewer would.
        let signed = try SlipwayProcess.run(["approve", "payments-risk", "--candidate", bad.runKey,
                                             "--server", "http://127.0.0.1:\(port)", "--token", Self.reviewerToken])
        #expect(signed.status == 0, "\(signed)")
        let shown = try SlipwayProcess.run(["status", "payments-risk", "--server", "http://127.0.0.1:\(port)", "--token", Self.operatorToken])
        #expect(shown.status == 0 && shown.standardOutput.contains("payments-risk"), "\(shown)")
        let rolledBack = try await waitFor(port, "the failing canary rolled back") { self.reason($0) == "Quarantined" }
        #expect(rolledBack.stable == candidate)
        #expect(rolledBack.conditions.first?.message.contains("rolled back") == true, "\(rolledBack.conditions)")
        #expect(!rolledBack.analyses.isEmpty)

        traffic.cancel()
        await traffic.value
        let failures = load.failures()
        let badVersion = ServedVersion.name(bad)
        #expect(failures.allSatisfy { $0.version == badVersion }, "failures not from the bad canary: \(failures.filter { $0.version != badVersion }.prefix(5))")
        #expect(load.answered > 50)

        // Which version served, and who approved it, at a moment in the past.
        let now = ISO8601DateFormatter().string(from: Date())
        let history = try SlipwayProcess.run(["history", "payments-risk", "--state", state.path, "--at", now])
        #expect(history.standardOutput.contains("serving \(ServedVersion.name(candidate))") && history.standardOutput.contains("reviewer@example.com"),
                "\(history)")
        let before = try SlipwayProcess.run(["history", "payments-risk", "--state", state.path, "--at", "2001-01-01T00:00:00Z"])
        #expect(before.standardOutput.contains("no version was serving"), "\(before)")

        // The status page, metrics and audit trail say what happened.
        let (page, html) = try await call(port, "GET", "/", token: "")
        #expect(page == 200 && String(decoding: html, as: UTF8.self).contains("payments-risk"))
        // The live page, as a browser draws it.
        let browser = try TemporaryDirectory(prefix: "slipway-daemon-page")
        let screenshot = browser.path + "/status.png"
        let shot = try StatusPageScreenshotTests.chromium(["--screenshot=\(screenshot)", "--window-size=1200,1600", "http://127.0.0.1:\(port)/"], in: browser)
        #expect(shot.status == 0, "\(shot.standardError)")
        #expect((FileManager.default.contents(atPath: screenshot)?.count ?? 0) > 10_000)
        let dom = try StatusPageScreenshotTests.chromium(["--dump-dom", "http://127.0.0.1:\(port)/"], in: browser)
        #expect(dom.standardOutput.contains("payments-risk") && dom.standardOutput.contains("<polyline"), "the live page lacks the rollout's charts")
        let (_, metrics) = try await call(port, "GET", "/metrics", token: "")
        #expect(String(decoding: metrics, as: UTF8.self).contains("slipway_model_phase{model=\"payments-risk\""))
        let (_, audit) = try await call(port, "GET", "/api/v1/audit?since=0")
        let auditText = String(decoding: audit, as: UTF8.self)
        #expect(auditText.contains("approval.recorded") && auditText.contains("rollout.finished") && auditText.contains("api.refused"))
    }

    @Test func aDaemonKilledMidRolloutResumesAtItsStepAndTrafficNeverStops() async throws {
        var port = try startDaemon()
        var status = try await waitFor(port, "awaiting approval") { $0.phase == .awaitingApproval }
        _ = try await call(port, "POST", "/api/v1/models/payments-risk/approve", token: Self.reviewerToken,
                           body: ["candidate": try #require(status.candidate).runKey, "decision": "approve"])
        let first = try #require(try await waitFor(port, "first version serving") { $0.phase == .idle && $0.stable != nil }.stable)

        let control = try ControlFile.read(from: state.path + "/dataplane")
        let row = #"{"inputs":[{"name":"amount","shape":[1],"datatype":"FP64","data":[120.5]},{"name":"hour","shape":[1],"datatype":"FP64","data":[3]},{"name":"velocity","shape":[1],"datatype":"FP64","data":[4.2]},{"name":"noise","shape":[1],"datatype":"FP64","data":[0.1]}]}"#
        let load = LoadGenerator(client: client, port: control.routerPort, model: "payments-risk", body: row)
        let traffic = Task { await load.run(connections: 2) }

        let manifest = try String(contentsOfFile: git.path + "/payments/model.yaml", encoding: .utf8)
        try git.write("payments/model.yaml", manifest.replacingOccurrences(of: "epochs: 200", with: "epochs: 400"))
        _ = try git.commit("train longer")
        status = try await waitFor(port, "second version awaiting approval") { $0.phase == .awaitingApproval && $0.candidate != nil }
        let second = try #require(status.candidate)
        _ = try await call(port, "POST", "/api/v1/models/payments-risk/approve", token: Self.reviewerToken,
                           body: ["candidate": second.runKey, "decision": "approve"])
        _ = try await waitFor(port, "canary at 10%") { if case .rollingOut(1, _, 10) = $0.phase { true } else { false } }

        // The controller dies hard mid-step; traffic goes on through the data plane.
        let killed = try #require(daemon)
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        let answeredAtKill = load.answered
        try await load.waitForAnswers(answeredAtKill + 100)

        port = try startDaemon()
        let promoted = try await waitFor(port, "second version promoted after the restart") { $0.phase == .idle && $0.stable == second }
        #expect(promoted.stable != first)
        #expect(load.failures().isEmpty, "failed requests: \(load.failures().prefix(5))")

        let entries = try Journal.entries(stateFolder: state.path)
        let version = ServedVersion.name(second)
        let started = try entries.compactMap { try $0.event(RolloutStarted.self) }.filter { $0.candidate == version }
        let finished = try entries.compactMap { try $0.event(RolloutFinished.self) }.filter { $0.candidate == version }
        #expect(started.count == 1, "the rollout started over after the restart")
        #expect(finished.map(\.outcome) == [.promoted], "promoted \(finished.count) times")
        let weights = try entries.compactMap { try $0.event(RolloutRecorded.self) }.filter { $0.candidate == version }.map(\.action)
            .filter { $0.hasPrefix("set weight") }
        #expect(weights.first == "set weight 10" && weights.contains("set weight 50"), "\(weights)")
        #expect(try Journal.verify(stateFolder: state.path).ok)

        // A revert is a rollback: the first run key comes back with its artifact and its passed gates,
        // so it rolls out again (a canary, judged on the traffic still flowing) without training.
        let runsBefore = try Journal.entries(stateFolder: state.path).filter { $0.type == "run.started" }.count
        try git.write("payments/model.yaml", manifest)
        _ = try git.commit("Revert \"train longer\"")
        _ = try await call(port, "POST", "/api/v1/sync")
        let reverted = try await waitFor(port, "the reverted version serving again") { $0.phase == .idle && $0.stable == first }
        #expect(reason(reverted) == "Serving")
        #expect(try Journal.entries(stateFolder: state.path).filter { $0.type == "run.started" }.count == runsBefore, "the revert retrained")
        traffic.cancel()
        await traffic.value
        #expect(load.failures().isEmpty, "failed requests: \(load.failures().prefix(5))")
    }

    @Test func signedCheckpointsCatchACutTailAndARewrittenChainThatTheChainAloneCallsOk() async throws {
        let keys = try TemporaryDirectory(prefix: "slipway-checkpoint-key")
        let key = try JournalFixture.writeKey(String(repeating: "c0ffee", count: 8) + "\n", to: keys.path + "/checkpoint.key")
        let port = try startDaemon(["--checkpoint-key", key, "--checkpoint-interval", "1s"])
        _ = try await waitFor(port, "awaiting approval") { $0.phase == .awaitingApproval }
        let daemon = try #require(self.daemon)
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(daemonLog().contains("signing checkpoints of the journal with key"), "\(daemonLog())")

        let journal = state.path + "/journal.jsonl"
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").map(String.init)
        let checkpoints = try String(contentsOfFile: state.path + "/checkpoints.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(checkpoints.count >= 2, "one a second while the journal grew, one at SIGTERM")
        let last = try JSONSerialization.jsonObject(with: Data(try #require(checkpoints.last).utf8)) as? [String: Any]
        let lastSeq = try #require(last?["seq"] as? Int)
        #expect(lastSeq == lines.count, "the checkpoint at SIGTERM signs the head")
        #expect(!(try String(contentsOfFile: journal, encoding: .utf8)).contains("c0ffee"), "the key entered the journal")

        let verify = ["audit", "verify", "--state", state.path]
        let untouched = try SlipwayProcess.run(verify + ["--key", key])
        #expect(untouched.status == 0 && untouched.standardOutput.contains("checkpoints signed by key"), "\(untouched)")

        // Entry 1 edited and every later hash recomputed: the chain alone says ok, the checkpoints do not.
        try JournalFixture.rechained(lines) { seq, body in
            seq == 1 ? body.replacingOccurrences(of: #""payload":{"#, with: #""payload":{"forged":true,"#) : body
        }.map { $0 + "\n" }.joined().write(toFile: journal, atomically: false, encoding: .utf8)
        let chainAlone = try SlipwayProcess.run(verify)
        #expect(chainAlone.status == 0 && chainAlone.standardOutput.contains("pass --key FILE"), "\(chainAlone)")
        let rewritten = try SlipwayProcess.run(verify + ["--key", key, "--json"])
        #expect(rewritten.status == 1, "\(rewritten)")
        let report = try JSONSerialization.jsonObject(with: Data(rewritten.standardOutput.utf8)) as? [String: Any]
        let failed = report?["checkpoints"] as? [String: Any]
        #expect(report?["ok"] as? Bool == false && failed?["failedCheck"] as? String == "rewritten", "\(rewritten)")
        #expect((failed?["problem"] as? String)?.contains("was rewritten at or before entry") == true)

        // The last entries cut off: again ok for the chain alone, a cut-off tail for the checkpoints.
        try lines.prefix(lastSeq - 2).map { $0 + "\n" }.joined().write(toFile: journal, atomically: false, encoding: .utf8)
        #expect(try SlipwayProcess.run(verify).status == 0)
        let cut = try SlipwayProcess.run(verify + ["--key", key])
        #expect(cut.status == 1 && cut.standardOutput.contains("entries \(lastSeq - 1) to \(lastSeq) were removed from the end"), "\(cut)")

        // The last complete line replaced: damage, which the daemon refuses to open rather than cut.
        try (lines.prefix(lastSeq - 1) + ["garbage"]).map { $0 + "\n" }.joined().write(toFile: journal, atomically: false, encoding: .utf8)
        let garbage = try SlipwayProcess.run(verify)
        #expect(garbage.status == 1 && garbage.standardOutput.contains("line \(lastSeq), where entry \(lastSeq) belongs, is not a journal entry"),
                "\(garbage)")
        let refused = try SlipwayProcess.run(["daemon", "--repo", git.path, "--state", state.path, "--listen", "127.0.0.1:0",
                                              "--serve", "127.0.0.1:0", "--checkpoint-key", key])
        #expect(refused.status != 0 && refused.standardError.contains("Nothing was cut back"), "\(refused)")
        #expect(try String(contentsOfFile: journal, encoding: .utf8).hasSuffix("garbage\n"))
    }
}
