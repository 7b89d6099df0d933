/// Why a message was refused while it was being read.
///
/// The server answers each with its status and closes the connection; the client reports it
/// as a broken response.
enum HTTPParseError: Error, Equatable {
    /// The bytes break the grammar or frame the body ambiguously (400).
    case malformed(String)
    /// The head is longer than the limit (431).
    case headersTooLarge
    /// The head holds more fields than the limit (431).
    case tooManyHeaders
    /// The body is longer than the limit (413).
    case bodyTooLarge
    /// A well-formed version other than 1.0 and 1.1 (505).
    case unsupportedVersion

    /// The status the server answers with.
    var status: Int {
        switch self {
        case .malformed: 400
        case .headersTooLarge, .tooManyHeaders: 431
        case .bodyTooLarge: 413
        case .unsupportedVersion: 505
        }
    }

    /// Words for a log line or an error body.
    var reason: String {
        switch self {
        case .malformed(let why): why
        case .headersTooLarge: "the request head is larger than the server accepts"
        case .tooManyHeaders: "the request has more header fields than the server accepts"
        case .bodyTooLarge: "the body is larger than the server accepts"
        case .unsupportedVersion: "only HTTP/1.0 and HTTP/1.1 are spoken here"
        }
    }
}

/// How the body of a message is delimited.
enum BodyFraming: Equatable {
    /// No body.
    case none
    /// Exactly this many bytes.
    case length(Int)
    /// Chunked transfer coding.
    case chunked
    /// Everything until the peer closes (responses only).
    case untilClose
}
