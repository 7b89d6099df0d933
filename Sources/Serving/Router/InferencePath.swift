import Glibc

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
    /// `path` is `HTTPRequest.path`, which starts with a slash for every target but `*` (an
    /// absolute-form target gives its path). Runs for every request, so it compares bytes rather than strings.
    init?(_ path: Substring) {
        var path = path
        guard let endpoint = path.withUTF8(Self.endpoint) else { return nil }
        self = endpoint
    }

    private static func endpoint(_ path: UnsafeBufferPointer<UInt8>) -> InferencePath? {
        guard let firstSlash = path.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        let rest = UnsafeBufferPointer(rebasing: path[(firstSlash + 1)...])
        guard let named = after("v2/models/", in: rest) else {
            if equal(rest, "v2/health/live") { return .live }
            if equal(rest, "v2/health/ready") { return .ready }
            if equal(rest, "metrics") { return .metrics }
            return nil
        }
        let nameEnd = named.firstIndex(of: UInt8(ascii: "/")) ?? named.count
        guard nameEnd > 0 else { return nil }
        let model = String(decoding: UnsafeBufferPointer(rebasing: named[..<nameEnd]), as: UTF8.self)
        let tail = UnsafeBufferPointer(rebasing: named[nameEnd...])
        if tail.isEmpty { return .modelMetadata(model) }
        if equal(tail, "/infer") { return .infer(model: model, version: nil) }
        if equal(tail, "/ready") { return .modelReady(model) }
        guard let versioned = after("/versions/", in: tail),
              let versionEnd = versioned.firstIndex(of: UInt8(ascii: "/")), versionEnd > 0,
              equal(UnsafeBufferPointer(rebasing: versioned[versionEnd...]), "/infer")
        else { return nil }
        return .infer(model: model, version: String(decoding: UnsafeBufferPointer(rebasing: versioned[..<versionEnd]), as: UTF8.self))
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount && memcmp(bytes.baseAddress!, text.utf8Start, bytes.count) == 0
    }

    /// What follows `prefix` in `bytes`; nil when `bytes` do not start with it.
    private static func after(_ prefix: StaticString, in bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard bytes.count >= prefix.utf8CodeUnitCount,
              memcmp(bytes.baseAddress!, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0
        else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[prefix.utf8CodeUnitCount...])
    }
}
