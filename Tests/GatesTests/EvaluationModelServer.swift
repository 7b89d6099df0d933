import Pipelines
import Foundation
import Glibc
import HTTP
import Manifests
import Serving
import TestSupport
@testable import Gates

/// Stdlib Python model servers with fixed rules, and holdout sets drawn to match them.
///
/// The label is 1 when x1 + 0.3·x2 > 0.65, flipped on 5% of rows; `country` agrees with the label
/// on 80% of rows, so a model can lean on it. Modes of the server:
/// `good` follows the rule (probabilities [n, 2]); `worse` looks at x1 alone; `leaky` looks at
/// country alone; `constant` says 0 with probability 0.3 for every row; `regress` predicts
/// 2·x1 + x2 as a number; `short` answers one prediction too few.
enum EvaluationModelServer {
    static let script = """
    import http.server, json, sys
    mode = sys.argv[2]
    def clamp(p):
        return min(0.99, max(0.01, p))
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Head and body go out in two writes; with Nagle on, the body waits for the client's delayed ACK.
        disable_nagle_algorithm = True
        def log_message(self, *args):
            pass
        def reply(self, status, body):
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def do_GET(self):
            self.reply(200 if self.path == "/v2/health/ready" else 404, b"")
        def do_POST(self):
            request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if self.path != "/v2/models/m/infer":
                return self.reply(404, b'{"error": "no such model"}')
            if request.get("parameters", {}).get("content_type") != "pd":
                return self.reply(400, b'{"error": "not a DataFrame request"}')
            columns = {i["name"]: i["data"] for i in request["inputs"]}
            x1, x2, country = columns["x1"], columns["x2"], columns["country"]
            n = len(x1)
            if mode == "regress":
                outputs = [{"name": "predict", "shape": [n], "datatype": "FP64", "data": [2 * a + b for a, b in zip(x1, x2)]}]
                return self.reply(200, json.dumps({"model_name": "m", "outputs": outputs}).encode())
            if mode in ("good", "short"):
                p = [clamp((a + 0.3 * b - 0.65) * 3 + 0.5) for a, b in zip(x1, x2)]
            elif mode == "worse":
                p = [clamp((a - 0.5) * 3 + 0.5) for a in x1]
            elif mode == "leaky":
                p = [0.8 if c == "north" else 0.2 for c in country]
            else:
                p = [0.3] * n
            predict = [1 if q > 0.5 else 0 for q in p]
            if mode == "short":
                predict = predict[1:]
            outputs = [{"name": "predict", "shape": [len(predict)], "datatype": "INT64", "data": predict}]
            if mode == "good":
                outputs.append({"name": "probabilities", "shape": [n, 2], "datatype": "FP64", "data": [v for q in p for v in (1 - q, q)]})
            else:
                outputs.append({"name": "probabilities", "shape": [n], "datatype": "FP64", "data": p})
            self.reply(200, json.dumps({"model_name": "m", "outputs": outputs}).encode())
    http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
    """

    /// One holdout row.
    struct Row {
        var x1: Double, x2: Double, country: String, label: Int

        /// What the `good` server predicts for this row.
        var goodPrediction: Int { x1 + 0.3 * x2 > 0.65 ? 1 : 0 }
    }

    /// `count` rows drawn from `seed`, with values rounded as the CSV writes them.
    static func rows(_ count: Int, seed: UInt64 = 42) -> [Row] {
        var generator = SplitMix64(seed: seed)
        func uniform() -> Double { (Double(generator.next() >> 11) / Double(1 << 53) * 10_000).rounded() / 10_000 }
        return (0..<count).map { _ in
            let x1 = uniform(), x2 = uniform()
            var label = x1 + 0.3 * x2 > 0.65 ? 1 : 0
            if uniform() < 0.05 { label = 1 - label }
            let agrees = uniform() < 0.8
            let country = (label == 1) == agrees ? "north" : "south"
            return Row(x1: x1, x2: x2, country: country, label: label)
        }
    }

    /// The rows as CSV with columns x1, country, label, x2 (the label in the middle, on purpose).
    static func csv(_ rows: [Row]) -> String {
        "x1,country,label,x2\n" + rows.map { "\($0.x1),\($0.country),\($0.label),\($0.x2)\n" }.joined()
    }

    /// The rows as CSV whose label y = 2·x1 + x2 + a little noise, for regression.
    static func regressionCSV(_ rows: [Row]) -> String {
        "x1,x2,country,y\n" + rows.enumerated().map { "\($1.x1),\($1.x2),\($1.country),\(2 * $1.x1 + $1.x2 + ($0 % 2 == 0 ? 0.01 : -0.01))\n" }.joined()
    }
}

/// Model servers of the modes a test asks for, started by the real supervisor on free loopback ports.
final class EvaluationServers {
    let folder: TemporaryDirectory
    let loops: EventLoopGroup
    let client: HTTPClient
    let supervisor: Supervisor
    private var started: [VersionID] = []
    private var groups: [pid_t] = []

    init() throws {
        folder = try TemporaryDirectory(prefix: "slipway-evaluation")
        try folder.write("artifact/server.py", EvaluationModelServer.script)
        loops = try EventLoopGroup(loops: 1)
        client = HTTPClient(group: loops)
        supervisor = try Supervisor(stateFolder: folder.path + "/state", logFolder: folder.path + "/logs", client: client)
    }

    /// A safety net for tests that stop early: whatever is still running is killed.
    deinit {
        for group in groups { kill(-group, SIGKILL) }
        client.shutdown()
        loops.shutdown()
    }

    /// Starts a server in `mode` and returns where to reach it.
    func start(_ mode: String) async throws -> InferenceEndpoint {
        let id = VersionID(model: "m", version: mode)
        let spec = ServerSpec(id: id, command: ["python3", "${artifact}/server.py", "${port}", "${params.mode}"],
                              artifact: folder.path + "/artifact", params: ["mode": mode], readyTimeout: .seconds(90))
        let backend = try await supervisor.start(spec).get()
        started.append(id)
        if let pid = await supervisor.processID(of: id) { groups.append(pid) }
        return InferenceEndpoint(port: backend.port, model: "m")
    }

    /// Stops every server started here.
    func stop() async {
        for id in started { await supervisor.stop(id) }
        started = []
        groups = []
    }

    /// An endpoint where nothing listens: a port the kernel gave and took back.
    static func unreachable() throws -> InferenceEndpoint {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(INADDR_LOOPBACK).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return InferenceEndpoint(port: Int(UInt16(bigEndian: address.sin_port)), model: "m")
    }
}

/// Gate specs decoded from manifest text, as a repository would hold them.
enum EvaluationManifests {
    /// The one gate of a minimal Model whose `gates` list holds `gate` (a flow mapping).
    static func gate(_ gate: String) throws -> GateSpec {
        let text = """
        apiVersion: slipway.dev/v1
        kind: Model
        metadata: {name: m, owners: [team]}
        spec:
          train: {command: [python3, train.py, "${output}"]}
          gates:
            - \(gate)
          serve: {command: [python3, serve.py, "${port}"]}
          rollout: {steps: [{weight: 100, pause: 1s}]}

        """
        let catalog = Catalog.load([SourceFile(path: "model.yaml", text: text)], complete: false)
        guard let spec = catalog.models.first?.gates.first else {
            throw ManifestProblem(description: catalog.diagnostics.map { "\($0)" }.joined(separator: "\n"))
        }
        return spec
    }

    static func baseline(_ fields: String) throws -> BaselineGate {
        guard case .baseline(let spec) = try gate("{name: b, type: baseline, \(fields)}").check else { throw ManifestProblem(description: "not a baseline gate") }
        return spec
    }

    static func explainability(_ fields: String) throws -> ExplainabilityGate {
        guard case .explainability(let spec) = try gate("{name: e, type: explainability, \(fields)}").check else {
            throw ManifestProblem(description: "not an explainability gate")
        }
        return spec
    }

    struct ManifestProblem: Error, CustomStringConvertible {
        var description: String
    }
}
