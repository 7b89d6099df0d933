/// Why a proxied request counts as failed for the version that took it.
public enum ErrorClass: String, Sendable, CaseIterable, Codable {
    /// The model server answered with a 5xx status.
    case serverError = "5xx"
    /// The model server answered with a 4xx status.
    case clientError = "4xx"
    /// Nothing listened on the version's port; the request was never sent.
    case refused
    /// No complete answer arrived before the router's upstream timeout.
    case timeout
    /// The connection failed or closed mid-answer, or the answer broke HTTP.
    case broken

    /// Whether the answer is the version's fault. A 4xx says the client sent something the model
    /// cannot take: counted and shown, but never held against the version in a canary analysis.
    public var countsAgainstVersion: Bool { self != .clientError }
}
