/// The Open Inference Protocol (KServe V2) endpoints the router answers, read from a request path.
enum InferencePath: Equatable {
    /// `GET /v2/health/live`.
    case live
    /// `GET /v2/health/ready`.
    case ready
    /// `GET /metrics`, in Prometheus text format.
    case metrics
    /// `GET /v2/models/{name}`.
    case modelMetadata(String)
    /// `GET /v2/models/{name}/ready`.
    case modelReady(String)
    /// `POST /v2/models/{name}/infer`, or `/v2/models/{name}/versions/{v}/infer` pinned to `v`.
    case infer(model: String, version: String?)

    /// Reads `path`; nil when it names no endpoint the router knows.
    init?(_ path: Substring) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        switch Array(parts) {
        case ["v2", "health", "live"]: self = .live
        case ["v2", "health", "ready"]: self = .ready
        case ["metrics"]: self = .metrics
        case let p where p.count == 3 && p[0] == "v2" && p[1] == "models" && !p[2].isEmpty:
            self = .modelMetadata(String(p[2]))
        case let p where p.count == 4 && p[0] == "v2" && p[1] == "models" && !p[2].isEmpty && p[3] == "ready":
            self = .modelReady(String(p[2]))
        case let p where p.count == 4 && p[0] == "v2" && p[1] == "models" && !p[2].isEmpty && p[3] == "infer":
            self = .infer(model: String(p[2]), version: nil)
        case let p where p.count == 6 && p[0] == "v2" && p[1] == "models" && !p[2].isEmpty
            && p[3] == "versions" && !p[4].isEmpty && p[5] == "infer":
            self = .infer(model: String(p[2]), version: String(p[4]))
        default: return nil
        }
    }
}
