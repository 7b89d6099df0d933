import Foundation
import HTTP

/// Talks to a running daemon's API: address from `--server` or `SLIPWAY_SERVER`, token from
/// `--token` or `SLIPWAY_TOKEN`.
struct DaemonClient {
    static let options: [OptionSpec] = [
        .value("server", "URL", "The daemon's API (default $SLIPWAY_SERVER or http://127.0.0.1:7070)."),
        .value("token", "TOKEN", "A bearer token from the daemon's tokens file (default $SLIPWAY_TOKEN)."),
    ]

    let server: String
    let upstream: Upstream
    let token: String?

    init(_ arguments: ParsedArguments) throws {
        let environment = ProcessInfo.processInfo.environment
        try self.init(server: arguments.value("server") ?? environment["SLIPWAY_SERVER"] ?? "http://127.0.0.1:7070",
                      token: arguments.value("token") ?? environment["SLIPWAY_TOKEN"])
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
