/// Whether a webhook request is authentic: its event, or why it was refused.
public enum WebhookVerdict: Sendable, Equatable {
    case accepted(WebhookEvent)
    case refused(WebhookRefusal)
}

/// What was wrong with a refused webhook; no case carries the secret or anything derived from it.
public enum WebhookRefusal: Sendable, Equatable, CustomStringConvertible {
    /// The daemon has no webhook secret, so no delivery can be authenticated.
    case noSecretConfigured
    /// Neither GitHub nor GitLab headers were sent.
    case unknownStyle
    /// Both GitHub and GitLab headers were sent.
    case conflictingStyles
    /// The provider's authentication header is absent.
    case missingHeader(WebhookProvider, header: String)
    /// An authentication header was sent more than once.
    case repeatedHeader(String, count: Int)
    /// `X-Hub-Signature-256` is not `sha256=` and 64 hex digits.
    case malformedSignature(SignatureDefect)
    /// `X-Hub-Signature-256` is well formed but is not the HMAC of this body under the secret.
    case wrongSignature
    /// `X-Gitlab-Token` is not the secret.
    case wrongToken

    /// How a malformed `X-Hub-Signature-256` departs from `sha256=<64 hex digits>`.
    public enum SignatureDefect: Sendable, Equatable {
        case missingPrefix
        case digitCount(Int)
        case notHex
    }

    public var description: String {
        switch self {
        case .noSecretConfigured:
            "no webhook secret is configured, so no delivery can be authenticated; configure one for the "
                + "daemon and the same one in the git host's webhook settings"
        case .unknownStyle:
            "neither a GitHub signature (X-Hub-Signature-256) nor a GitLab token (X-Gitlab-Token) was sent"
        case .conflictingStyles:
            "both GitHub (X-Hub-Signature-256, X-GitHub-Event) and GitLab (X-Gitlab-Token, X-Gitlab-Event) "
                + "headers were sent; a delivery uses one style"
        case .missingHeader(let provider, let header):
            "this \(provider) delivery has no \(header) header; set the secret in the webhook's settings "
                + "on \(provider)"
        case .repeatedHeader(let header, let count):
            "\(header) was sent \(count) times; exactly one is expected"
        case .malformedSignature(let defect):
            "X-Hub-Signature-256 is malformed (\(defect.explanation)); expected sha256= and 64 hex digits"
        case .wrongSignature:
            "X-Hub-Signature-256 does not match the body: the webhook's secret differs from the configured one, "
                + "or the body was changed on the way"
        case .wrongToken:
            "X-Gitlab-Token does not match the configured secret"
        }
    }
}

extension WebhookRefusal.SignatureDefect {
    /// The defect in a few words.
    var explanation: String {
        switch self {
        case .missingPrefix: "it does not start with sha256="
        case .digitCount(let count): "it has \(count) characters after sha256="
        case .notHex: "a character after sha256= is not a hex digit"
        }
    }
}
