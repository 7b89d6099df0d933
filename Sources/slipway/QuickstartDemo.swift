import Controller
import Foundation
import Gates
import HTTP
import Serving

/// The quickstart's story: a repository, a daemon, traffic, and a narrator watching the API.
final class QuickstartDemo {
    let example: String
    let root: String
    var repo: String { root + "/repo" }
    var state: String { root + "/state" }
    let model = "payments-risk"
    private var daemon: Process?
    private var loops: EventLoopGroup?
    private var traffic: Task<Void, Never>?
    private var api: DaemonClient?
    private let reviewer: String
    private let operatorToken: String
    private let started = Date()

    init(example: String, root: String) throws {
        self.example = example
        self.root = root
        try FileManager.default.createDirectory(atPath: root + "/state", withIntermediateDirectories: true)
        try Self.copy(example, to: root + "/repo")
        operatorToken = try AccessTokens.generate(role: .operator, name: "quickstart", in: root + "/state")
        reviewer = try AccessTokens.generate(role: .reviewer, name: "reviewer@example.com", in: root + "/state")
    }

    /// Runs the whole story; throws when a step does not go as told.
    func tell() async throws {
        say("Slipway quickstart — repository \(repo)")
        try git("init", "-q", "-b", "main")
        try git("add", "-A")
        try git("commit", "-q", "-m", "payments-risk: first version")
        say("committed the example model (logistic regression, six gates, two canary steps)")
        try startDaemon()
        let loops = try EventLoopGroup(loops: 1)
        self.loops = loops
        let client = HTTPClient(group: loops)
        let control = try ControlFile.read(from: state + "/dataplane")
        let row = QuickstartTraffic(client: client, port: control.routerPort, model: model)

        // 1. The first version: trained, gated, signed off, serving.
        var status = try await follow(until: "waiting for sign-off") { $0.phase == .awaitingApproval }
        try await approve(status)
        status = try await follow(until: "first version serving") { $0.phase == .idle && $0.stable != nil }
        let first = try require(status.stable, "no stable version")
        traffic = Task { await row.run() }
        say("sending inference requests through the router on 127.0.0.1:\(control.routerPort) from now on")

        // 2. A better-trained version rolls out by canary: 10% → 50% → promoted.
        try change("train longer (epochs 200 → 400)", "epochs: 200", "epochs: 400")
        status = try await follow(until: "second version waiting for sign-off") { $0.phase == .awaitingApproval && $0.candidate != nil }
        try await approve(status)
        status = try await follow(until: "second version promoted") { $0.phase == .idle && $0.stable != first }
        let second = try require(status.stable, "no stable version")

        // 3. A worse model: the baseline gate stops it; stable serves on.
        try change("train without the velocity feature", "drop: none", "drop: velocity")
        status = try await follow(until: "the worse model stopped by its gates") { $0.conditions.first?.reason == .gateFailed }
        guard status.stable == second else { throw QuickstartFailure("stable changed while a worse model was gated") }

        // 4. A model that passes its gates but fails live traffic: the canary analysis rolls it back.
        try change("serve with injected errors (errorRate 0.5) and velocity back", "drop: velocity", "drop: none", also: ("      errorRate: 0\n", "      errorRate: 0.5\n"))
        status = try await follow(until: "third version waiting for sign-off") { $0.phase == .awaitingApproval && $0.candidate != nil }
        try await approve(status)
        status = try await follow(until: "the failing canary rolled back") { $0.conditions.first?.reason == .quarantined }
        guard status.stable == second else { throw QuickstartFailure("the failing canary was not rolled back to \(ServedVersion.name(second))") }

        traffic?.cancel()
        await traffic?.value
        let tally = row.tally()
        say("")
        say("Summary (\(Int(Date().timeIntervalSince(started))) s):")
        say("  serving \(ServedVersion.name(second)) (run \(second.runKey.prefix(19))…) after one canary promotion")
        say("  a worse model was stopped by the baseline gate; a canary failing live traffic was rolled back on its own")
        let badVersion = ServedVersion.name(status.candidate ?? second)
        say("  \(tally.total) inference requests through the router: \(tally.failed) failed, \(tally.failedByBadCanary(badVersion)) of them answered by the rolled-back canary itself")
        say("  audit trail: slipway audit verify --state \(state)  ·  evidence: slipway gates \(model) --state \(state)")
        client.shutdown()
        guard tally.failed == tally.failedByBadCanary(badVersion) else {
            throw QuickstartFailure("\(tally.failed - tally.failedByBadCanary(badVersion)) requests failed that the bad canary did not answer: \(tally.failedBy)")
        }
    }

    /// Stops the daemon, then what the data plane serves, then the data plane.
    func stop() {
        traffic?.cancel()
        if let daemon, daemon.isRunning {
            daemon.terminate()
            daemon.waitUntilExit()
        }
        if let control = try? ControlFile.read(from: state + "/dataplane"), let loops {
            let client = HTTPClient(group: loops)
            let plane = DataplaneConnection(stateFolder: state, client: client)
            let done = DispatchSemaphore(value: 0)
            Task {
                _ = try? await plane.replaceAll(with: DesiredServing())
                done.signal()
            }
            _ = done.wait(timeout: .now() + 30)
            client.shutdown()
            kill(control.pid, SIGTERM)
        }
        loops?.shutdown()
    }

    private func startDaemon() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["daemon", "--repo", repo, "--state", state, "--interval", "1s", "--listen", "127.0.0.1:0", "--serve", "127.0.0.1:0"]
        _ = FileManager.default.createFile(atPath: state + "/daemon.log", contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: state + "/daemon.log"))
        process.standardError = process.standardOutput
        try process.run()
        daemon = process
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: state + "/daemon.json"),
               let file = try? JSONDecoder().decode([String: String].self, from: data), file["pid"] == "\(process.processIdentifier)",
               let address = file["api"] {
                api = try DaemonClient(server: address, token: operatorToken)
                say("started slipway daemon (API and status page on \(address)/) and its data plane")
                return
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw QuickstartFailure("the daemon did not start; see \(state)/daemon.log")
    }

    /// Prints what changes in the model's status until `done` holds (or three minutes pass).
    private func follow(until goal: String, _ done: (ModelStatus) -> Bool) async throws -> ModelStatus {
        let deadline = Date().addingTimeInterval(180)
        var told = Set<String>()
        while Date() < deadline {
            if let status = try await currentStatus() {
                for line in narrate(status) where told.insert(line).inserted { say(line) }
                if done(status) { return status }
            }
            try await Task.sleep(for: .milliseconds(150))
        }
        throw QuickstartFailure("'\(goal)' did not happen within three minutes")
    }

    private var lastLines = Set<String>()

    /// The lines worth saying about a status: the phase, each gate verdict, the conditions.
    private func narrate(_ status: ModelStatus) -> [String] {
        var lines: [String] = []
        let condition = status.conditions.first.map { "\($0.reason): \($0.message)" } ?? ""
        lines.append("[\(status.phase)] \(condition)")
        for gate in status.gates where gate.verdict != .pending || status.phase == .awaitingApproval {
            lines.append("    gate \(gate.gate) (\(gate.kind)): \(gate.verdict.rawValue) — \(gate.reason)")
        }
        let fresh = lines.filter { !lastLines.contains($0) }
        lastLines.formUnion(lines)
        return fresh
    }

    private func currentStatus() async throws -> ModelStatus? {
        guard let api else { return nil }
        let (code, body) = try await api.call("GET", "/api/v1/models/\(model)")
        guard code == 200 else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(ModelStatus.self, from: body)
    }

    private func approve(_ status: ModelStatus) async throws {
        let candidate = try require(status.candidate, "no candidate to approve")
        let signer = try DaemonClient(server: api!.server, token: reviewer)
        let (code, body) = try await signer.call("POST", "/api/v1/models/\(model)/approve",
                                                 body: ["candidate": candidate.artifact, "decision": "approve", "comment": "quickstart demo reviewer"])
        guard code == 201 else { throw QuickstartFailure("the sign-off was refused (\(code)): \(DaemonClient.message(body))") }
        say("→ reviewer@example.com approves \(ServedVersion.name(candidate)) through the API (a reviewer token; bound to this candidate's digest)")
    }

    private func change(_ what: String, _ old: String, _ new: String, also: (String, String)? = nil) throws {
        let path = repo + "/model.yaml"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        guard text.contains(old) else { throw QuickstartFailure("model.yaml has no '\(old)' to change") }
        text = text.replacingOccurrences(of: old, with: new)
        if let (a, b) = also { text = text.replacingOccurrences(of: a, with: b) }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try git("commit", "-q", "-am", what)
        say("")
        say("committed: \(what)")
    }

    private func git(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", repo] + arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": root, "GIT_AUTHOR_NAME": "Quinn Quickstart", "GIT_AUTHOR_EMAIL": "quinn@example.com",
                               "GIT_COMMITTER_NAME": "Quinn Quickstart", "GIT_COMMITTER_EMAIL": "quinn@example.com"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw QuickstartFailure("git \(arguments.joined(separator: " ")) failed with \(process.terminationStatus)") }
    }

    private func say(_ line: String) {
        let seconds = String(format: "%5.1fs", Date().timeIntervalSince(started))
        Output.print(line.isEmpty ? "" : "\(seconds)  \(line)")
    }

    private func require<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw QuickstartFailure(what) }
        return value
    }

    static func copy(_ source: String, to target: String) throws {
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: source) where name != "__pycache__" {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: target + "/" + name)
        }
    }
}

struct QuickstartFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
