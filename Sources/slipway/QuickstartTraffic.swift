import Foundation
import HTTP
import Synchronization

/// Single-row inference requests sent through the router without pause, as live clients would,
/// counting the answers by the version that gave them.
final class QuickstartTraffic: Sendable {
    struct Tally {
        var total = 0
        var failed = 0
        /// Failed requests by the version that answered them ("" when none did).
        var failedBy: [String: Int] = [:]

        func failedByBadCanary(_ version: String) -> Int { failedBy[version] ?? 0 }
    }

    private let client: HTTPClient
    private let port: Int
    private let model: String
    private let counts = Mutex(Tally())
    static let row = #"{"inputs":[{"name":"amount","shape":[1],"datatype":"FP64","data":[120.5]},{"name":"hour","shape":[1],"datatype":"FP64","data":[3]},{"name":"velocity","shape":[1],"datatype":"FP64","data":[4.2]},{"name":"noise","shape":[1],"datatype":"FP64","data":[0.1]}]}"#

    init(client: HTTPClient, port: Int, model: String) {
        self.client = client
        self.port = port
        self.model = model
    }

    func tally() -> Tally { counts.withLock { $0 } }

    /// Two clients, each sending its next request when the last is answered, until cancelled.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    while !Task.isCancelled { await self.sendOne() }
                }
            }
        }
    }

    private func sendOne() async {
        let request = HTTPRequest(method: "POST", target: "/v2/models/\(model)/infer",
                                  headers: HTTPHeaders([("Host", "127.0.0.1"), ("Content-Type", "application/json")]), body: Array(Self.row.utf8))
        let response = try? await client.send(request, to: Upstream(host: "127.0.0.1", port: port), timeout: .seconds(30))
        counts.withLock { tally in
            tally.total += 1
            if response?.status != 200 {
                tally.failed += 1
                tally.failedBy[response?.headers["x-slipway-version"] ?? "", default: 0] += 1
            }
        }
    }
}
