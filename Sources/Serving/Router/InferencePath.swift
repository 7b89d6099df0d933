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
    ///
    /// Whatever precedes the first slash is ignored (the server only lets targets through that
    /// start with one). Runs for every request, so it slices the path rather than splitting it.
    init?(_ path: Substring) {
        guard let firstSlash = path.utf8.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        let rest = path[path.utf8.index(after: firstSlash)...]
        switch rest {
        case "v2/health/live": self = .live
        case "v2/health/ready": self = .ready
        case "metrics": self = .metrics
        default:
            guard let named = Self.after("v2/models/", in: rest) else { return nil }
            let nameEnd = named.utf8.firstIndex(of: UInt8(ascii: "/")) ?? named.endIndex
            let name = named[..<nameEnd]
            guard !name.isEmpty else { return nil }
            let model = String(name)
            switch named[nameEnd...] {
            case "": self = .modelMetadata(model)
            case "/ready": self = .modelReady(model)
            case "/infer": self = .infer(model: model, version: nil)
            case let tail:
                guard let versioned = Self.after("/versions/", in: tail),
                      let versionEnd = versioned.utf8.firstIndex(of: UInt8(ascii: "/")),
                      versioned[versionEnd...] == "/infer", versionEnd > versioned.startIndex
                else { return nil }
                self = .infer(model: model, version: String(versioned[..<versionEnd]))
            }
        }
    }

    /// What follows `prefix` in `text`; nil when `text` does not start with it.
    private static func after(_ prefix: String, in text: Substring) -> Substring? {
        guard text.utf8.starts(with: prefix.utf8) else { return nil }
        return text[text.utf8.index(text.startIndex, offsetBy: prefix.utf8.count)...]
    }
}
