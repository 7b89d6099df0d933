/// What a server decides from a request's head alone, before any of its body is read.
///
/// A server that authenticates, or bounds bodies per route, says so here: a refused request costs
/// the head, never the body.
public enum HeadVerdict: Sendable {
    /// Read the body, up to `maxBodyBytes` (the server's `maxBodyBytes` when nil; a longer one is
    /// answered 413), then call the handler.
    case accept(maxBodyBytes: Int?)
    /// Answer `response` and close the connection; the body is not read and the handler is not called.
    case refuse(HTTPResponse)
}
