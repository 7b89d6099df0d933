import HTTP

/// Why one request of a load test counts as an error.
public enum LoadErrorClass: String, Sendable, CaseIterable, Codable, Comparable {
    /// Nothing listened on the port.
    case refused
    /// The connection could not be made for another reason (no route, no local port or descriptor left).
    case connectFailed
    /// No complete response before the request's timeout.
    case timeout
    /// The server reset or closed the connection before a complete response.
    case closed
    /// The server answered 4xx.
    case clientError = "4xx"
    /// The server answered 5xx.
    case serverError = "5xx"
    /// The response broke HTTP/1.1.
    case malformed
    /// Not sent: as many requests were already in flight as the test allows.
    case overCap

    /// The class of a transport failure.
    public init(_ kind: HTTPClientError.Kind) {
        switch kind {
        case .connectionRefused: self = .refused
        case .connectFailed: self = .connectFailed
        case .timeout: self = .timeout
        case .connectionClosed: self = .closed
        case .malformedResponse: self = .malformed
        }
    }

    /// The class of a response status, or nil when the status counts as success.
    public init?(status: Int) {
        switch status {
        case 400..<500: self = .clientError
        case 500...: self = .serverError
        default: return nil
        }
    }

    /// Whether the error says the server could not be reached at all.
    public var isUnreachable: Bool { self == .refused || self == .connectFailed }

    /// The order of the cases: transport failures, then statuses, then the cap.
    public static func < (a: LoadErrorClass, b: LoadErrorClass) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
