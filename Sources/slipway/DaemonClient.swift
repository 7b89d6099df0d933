import Foundation
import HTTP

/// Talks to a running daemon's API: address from `--server` or `SLIPWAY_SERVER`, token from
/// `--token` or `SLIPWAY_TOKEN`; with `--state DIR` (or `SLIPWAY_STATE`), the daemon of that state
/// folder and its local operator token when neither is given.
struct DaemonClient {
    static let options: [OptionSpec] = [
        .value("server", "URL", "The daemon's API (default $SLIPWAY_SERVER, the --state folder's daemon, or http://127.0.0.1:7070)."),
        .value("token", "TOKEN", "A bearer token from the daemon's tokens file (default $SLIPWAY_TOKEN, or the --state folder's 'local' token)."),
        .value("state", "DIR", "The daemon's state folder, to find its API and local operator token (default $SLIPWAY_STATE)."),
    ]

    let server: String
    let upstream: Upstream
    let token: String?

    init(_ arguments: ParsedArguments) throws {
        let environment = ProcessInfo.processInfo.environment
        let state = arguments.value("state") ?? environment["SLIPWAY_STATE"]
        try self.init(server: arguments.value("server") ?? environment["SLIPWAY_SERVER"] ?? state.flatMap(Self.api(of:)) ?? "http://127.0.0.1:7070",
                      token: arguments.value("token") ?? environment["SLIPWAY_TOKEN"] ?? state.flatMap(Self.localToken(in:)))
    }

    /// The API address the daemon of `state` wrote to its `daemon.json`.
    static func api(of state: String) -> String? {
        guard let data = FileManager.default.contents(atPath: state + "/daemon.json") else { return nil }
        return (try? JSONDecoder().decode([String: String].self, from: data))?["api"]
    }

    /// The operator token named `local` that a fresh state folder gets, from its tokens file.
    static func localToken(in state: String) -> String? {
        guard let text = try? String(contentsOfFile: state + "/tokens", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count == 3, fields[0] == "operator", fields[1] == "local" { return String(fields[2]) }
        }
        return nil
    }

    init(server: String, token: String?) throws {
        self.server = server
        guard server.hasPrefix("http://"), let colon = server.dropFirst(7).lastIndex(of: ":"),
              let port = Int(server[server.index(after: colon)...].prefix { $0.isNumber }) else {
            throw UsageError(description: "--server takes http://HOST:PORT, found '\(server)'")
        }
        upstream = Upstream(host: String(server.dropFirst(7)[..<colon]), port: port)
        self.token = token
    }

    /// Sends one call and returns the status and body; a daemon that does not answer is an error saying so.
    func call(_ method: String, _ path: String, body: [String: String]? = nil) async throws -> (Int, Data) {
        let loops = try EventLoopGroup(loops: 1)
        let client = HTTPClient(group: loops)
        defer {
            client.shutdown()
            loops.shutdown()
        }
        var headers = HTTPHeaders([("Host", upstream.description), ("Content-Type", "application/json")])
        if let token { headers.add("Authorization", "Bearer \(token)") }
        let bytes = try body.map { Array(try JSONEncoder().encode($0)) } ?? []
        do {
            let response = try await client.send(HTTPRequest(method: method, target: path, headers: headers, body: bytes),
                                                 to: upstream, timeout: .seconds(60))
            return (response.status, Data(response.body))
        } catch {
            throw CommandError(description: "the daemon at http://\(upstream) did not answer: \(error)")
        }
    }

    /// The error message of a refused call.
    static func message(_ body: Data) -> String {
        (try? JSONDecoder().decode([String: String].self, from: body))?["error"] ?? String(decoding: body, as: UTF8.self)
    }
}
