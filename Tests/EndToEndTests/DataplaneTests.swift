import Foundation
import HTTP
import Serving
import Testing
import TestSupport

/// The data plane as the controller sees it: a process with a control API, serving through restarts.
@Suite(.serialized) final class DataplaneTests {
    let folder: TemporaryDirectory
    let loops: EventLoopGroup
    let client: HTTPClient
    var processes: [Process] = []

    init() throws {
        folder = try TemporaryDirectory(prefix: "slipway-dataplane")
        try folder.write("artifact/server.py", ModelServers.pythonV2)
        loops = try EventLoopGroup(loops: 1)
        client = HTTPClient(group: loops)
    }

    deinit {
        for process in processes where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        EndToEnd.stopServing(state: state, owner: folder.path)
        client.shutdown()
        loops.shutdown()
    }

    var state: String { folder.path + "/state" }

    /// Starts `slipway dataplane` and waits until it has written a control file of its own; with a
    /// `descriptorLimit`, through `/bin/sh`, which sets `ulimit -n` and execs it (same pid), its output in `output`.
    func startDataplane(descriptorLimit: Int? = nil, output: String = "/dev/null") async throws -> (Process, ControlFile) {
        let process = Process()
        if let descriptorLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(descriptorLimit) && exec \"$0\" dataplane --state \"$1\" --listen 127.0.0.1:0 >\"$2\" 2>&1",
                                 SlipwayProcess.binary, state, output]
        } else {
            process.executableURL = URL(fileURLWithPath: SlipwayProcess.binary)
            process.arguments = ["dataplane", "--state", state, "--listen", "127.0.0.1:0"]
        }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        processes.append(process)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let control = try? ControlFile.read(from: state + "/dataplane"), control.pid == process.processIdentifier {
                return (process, control)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CommandFailure(description: "the data plane wrote no control file")
    }

    /// Waits (with a deadline) for the child `process` to end and returns its exit status, or nil
    /// if it did not end; reaps it here, since `waitUntilExit` spins in an async test.
    func exitStatus(_ process: Process) async throws -> Int32? {
        let deadline = Date().addingTimeInterval(30)
        var status: Int32 = 0
        while Date() < deadline {
            let reaped = waitpid(process.processIdentifier, &status, WNOHANG)
            if reaped == process.processIdentifier { return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
            if reaped < 0 { return process.terminationStatus }  // Foundation reaped it first
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Whether `pid` is gone: no such process, or a zombie nobody has reaped (a stopped orphan).
    func isGone(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(close, offsetBy: 2)] == "Z"
    }

    func call(_ method: String, _ port: Int, _ target: String, token: String? = nil, body: some Encodable = [String: String]()) async throws -> HTTPResponse {
        var headers = HTTPHeaders([("Host", "127.0.0.1"), ("Content-Type", "application/json")])
        if let token { headers.add("Authorization", "Bearer \(token)") }
        let bytes = method == "GET" ? [] : Array(try JSONEncoder().encode(body))
        return try await client.send(HTTPRequest(method: method, target: target, headers: headers, body: bytes),
                                     to: Upstream(host: "127.0.0.1", port: port), timeout: .seconds(30))
    }

    func infer(_ control: ControlFile) async throws -> HTTPResponse {
        let headers = HTTPHeaders([("Host", "127.0.0.1"), ("Content-Type", "application/json")])
        let json = #"{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]}]}"#
        return try await client.send(HTTPRequest(method: "POST", target: "/v2/models/m/infer", headers: headers, body: Array(json.utf8)),
                                     to: Upstream(host: "127.0.0.1", port: control.routerPort), timeout: .seconds(30))
    }

    @Test func servesThroughARestartOfTheDataPlaneAndReadoptsItsServers() async throws {
        let (first, control) = try await startDataplane()
        let refused = try await call("GET", control.controlPort, "/control/v1/observed")
        #expect(refused.status == 401)

        let spec = ServerSpec(id: VersionID(model: "m", version: "v1"), command: ["python3", "${artifact}/server.py", "${port}", "ready"],
                              artifact: folder.path + "/artifact", readyTimeout: .seconds(20))
        let applied = try await call("PUT", control.controlPort, "/control/v1/desired", token: control.token,
                                     body: DesiredServing(models: [ServedModel(model: "m", stable: spec)]))
        #expect(applied.status == 200, "\(String(decoding: applied.body, as: UTF8.self))")
        let observed = try JSONDecoder().decode(ObservedServing.self, from: Data(applied.body))
        let pid = try #require(observed.servers.first?.pid)
        let answer = try await infer(control)
        #expect(answer.status == 200)
        #expect(answer.headers["x-slipway-version"] == "v1")

        // The controller side of the data plane dies hard; the model server must not.
        kill(first.processIdentifier, SIGKILL)
        #expect(try await exitStatus(first) == 128 + SIGKILL)
        #expect(!isGone(pid), "the model server died with the data plane")

        let (second, again) = try await startDataplane()
        let readopted = try await call("GET", again.controlPort, "/control/v1/observed", token: again.token)
        let servers = try JSONDecoder().decode(ObservedServing.self, from: Data(readopted.body)).servers
        #expect(servers.map(\.pid) == [pid], "re-adopted, not started again")
        let afterRestart = try await infer(again)
        #expect(afterRestart.status == 200)

        // Wanting nothing stops the server; SIGTERM ends the data plane cleanly.
        _ = try await call("PUT", again.controlPort, "/control/v1/desired", token: again.token, body: DesiredServing())
        #expect(isGone(pid))
        second.terminate()
        #expect(try await exitStatus(second) == 0)
    }

    /// CPU seconds `pid` has used so far, from `/proc/<pid>/stat` (utime and stime).
    func cpuSeconds(_ pid: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = stat[stat.index(after: try #require(stat.lastIndex(of: ")")))...].split(separator: " ")
        // After the command come state (field 3) ... utime (14) and stime (15).
        let ticks = try #require(Double(fields[11])) + (try #require(Double(fields[12])))
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// A blocking loopback connection to `port`, or -1; connecting gives up after 200 ms.
    func connectTo(_ port: Int) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var limit = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if connected != 0 { close(fd); return -1 }
        return fd
    }

    @Test func atTheDescriptorLimitTheRouterWaitsInsteadOfSpinningAndSaysSo() async throws {
        let output = folder.path + "/dataplane.out"
        // It needs about 20 descriptors of its own; 32 leaves room for a dozen connections.
        let (process, control) = try await startDataplane(descriptorLimit: 32, output: output)
        let pid = process.processIdentifier
        var held = (0..<40).map { _ in connectTo(control.routerPort) }.filter { $0 >= 0 }
        defer { for fd in held { close(fd) } }
        #expect(held.count == 40)
        // New clients keep coming while every descriptor is taken: a listener that spins on EMFILE
        // burns a core per loop; one that pauses uses next to nothing.
        let cpuBefore = try cpuSeconds(pid)
        let wallBefore = Date()
        while Date().timeIntervalSince(wallBefore) < 2 {
            let fd = connectTo(control.routerPort)
            if fd >= 0 { close(fd) }
        }
        let ratio = (try cpuSeconds(pid) - cpuBefore) / Date().timeIntervalSince(wallBefore)
        #expect(ratio < 0.25, "the data plane used \(ratio) CPU seconds per second at the descriptor limit")
        let deadline = Date().addingTimeInterval(10)
        var log = ""
        while !log.contains("Too many open files"), Date() < deadline {
            log = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            try await Task.sleep(for: .milliseconds(20))
        }
        let reports = log.components(separatedBy: "\n").filter { $0.contains("Too many open files") }
        #expect(reports.count == 1, "\(log)")
        #expect(reports.first?.contains("accept on 127.0.0.1:\(control.routerPort)") == true, "\(log)")
        // Once descriptors free up, the router answers again.
        for fd in held { close(fd) }
        held = []
        var live = 0
        let answersAgain = Date().addingTimeInterval(30)
        while live != 200, Date() < answersAgain {
            live = (try? await client.send(HTTPRequest(target: "/v2/health/live", headers: HTTPHeaders([("Host", "a")])),
                                           to: Upstream(host: "127.0.0.1", port: control.routerPort), timeout: .seconds(2)))?.status ?? 0
        }
        #expect(live == 200)
        process.terminate()
        let status = try await exitStatus(process)
        #expect(status == 0, "exit status \(status.map(String.init) ?? "none within 30 s"); \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
    }

    @Test func aBadDesiredDocumentIsRefusedAndChangesNothing() async throws {
        let (_, control) = try await startDataplane()
        let spec = ServerSpec(id: VersionID(model: "other", version: "v1"), command: ["python3", "x"], artifact: folder.path)
        let refused = try await call("PUT", control.controlPort, "/control/v1/desired", token: control.token,
                                     body: DesiredServing(models: [ServedModel(model: "m", stable: spec, canaryWeight: 150)]))
        #expect(refused.status == 422)
        let text = String(decoding: refused.body, as: UTF8.self)
        #expect(text.contains("canaryWeight must be within 0…100") && text.contains("belongs to another model"), "\(text)")
        let observed = try await call("GET", control.controlPort, "/control/v1/observed", token: control.token)
        #expect(try JSONDecoder().decode(ObservedServing.self, from: Data(observed.body)).servers.isEmpty)
    }
}

struct CommandFailure: Error, CustomStringConvertible {
    var description: String
}
