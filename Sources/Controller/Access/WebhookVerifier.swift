import Foundation
import HTTP
import Journal

/// Decides whether a webhook delivery comes from a git host that knows the configured secret.
public struct WebhookVerifier: Sendable, CustomStringConvertible, CustomReflectable {
    /// The secret's bytes; nil when none is configured.
    private let secret: [UInt8]?

    /// A verifier for `secret`; nil or empty means none is configured, and every delivery is refused.
    public init(secret: String?) {
        self.secret = secret.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
    }

    /// Checks one request by its headers and its body exactly as received.
    public func verify(headers: HTTPHeaders, body: [UInt8]) -> WebhookVerdict {
        guard let secret else { return .refused(.noSecretConfigured) }
        let github = ["X-Hub-Signature-256", "X-Hub-Signature", "X-GitHub-Event"].contains(where: headers.contains)
        let gitlab = ["X-Gitlab-Token", "X-Gitlab-Event"].contains(where: headers.contains)
        let refusal: WebhookRefusal?
        let provider: WebhookProvider
        switch (github, gitlab) {
        case (true, true): return .refused(.conflictingStyles)
        case (false, false): return .refused(.unknownStyle)
        case (true, false):
            provider = .github
            refusal = checkSignature(headers: headers, body: body, secret: secret)
        case (false, true):
            provider = .gitlab
            refusal = checkToken(headers: headers, secret: secret)
        }
        if let refusal { return .refused(refusal) }
        return .accepted(event(from: provider, headers: headers, body: body))
    }

    /// GitHub style: `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the raw body.
    private func checkSignature(headers: HTTPHeaders, body: [UInt8], secret: [UInt8]) -> WebhookRefusal? {
        let header = "X-Hub-Signature-256"
        let values = headers.values(header)
        guard let value = values.first else { return .missingHeader(.github, header: header) }
        guard values.count == 1 else { return .repeatedHeader(header, count: values.count) }
        guard value.hasPrefix("sha256=") else { return .malformedSignature(.missingPrefix) }
        let digits = value.dropFirst("sha256=".count)
        guard digits.utf8.count == 64 else { return .malformedSignature(.digitCount(digits.utf8.count)) }
        guard let sent = Hex.decode(digits) else { return .malformedSignature(.notHex) }
        let expected = HMAC.sha256(key: secret, message: body)
        return HMAC.equal(sent, expected) ? nil : .wrongSignature
    }

    /// GitLab style: `X-Gitlab-Token` carries the secret itself.
    private func checkToken(headers: HTTPHeaders, secret: [UInt8]) -> WebhookRefusal? {
        let header = "X-Gitlab-Token"
        let values = headers.values(header)
        guard let value = values.first else { return .missingHeader(.gitlab, header: header) }
        guard values.count == 1 else { return .repeatedHeader(header, count: values.count) }
        return HMAC.equal(Array(value.utf8), secret) ? nil : .wrongToken
    }

    /// The event of an authenticated delivery; the body is read only once it is known to be genuine.
    private func event(from provider: WebhookProvider, headers: HTTPHeaders, body: [UInt8]) -> WebhookEvent {
        let name = headers[provider == .github ? "X-GitHub-Event" : "X-Gitlab-Event"]
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        return WebhookEvent(
            provider: provider, name: name,
            ref: object?["ref"] as? String, after: object?["after"] as? String
        )
    }

    /// Says whether a secret is configured, never what it is.
    public var description: String { "WebhookVerifier(secret: \(secret == nil ? "none" : "configured"))" }

    /// Keeps the secret out of `dump` and debug output.
    public var customMirror: Mirror { Mirror(self, children: ["secret": secret == nil ? "none" : "configured"]) }
}
