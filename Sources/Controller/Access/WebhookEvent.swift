/// The git host whose webhook format a request follows.
public enum WebhookProvider: String, Sendable, Equatable, CustomStringConvertible {
    /// `X-Hub-Signature-256` (HMAC-SHA256 of the body) and `X-GitHub-Event`; Gitea and Forgejo send the same.
    case github
    /// `X-Gitlab-Token` (the secret itself) and `X-Gitlab-Event`.
    case gitlab

    public var description: String { self == .github ? "GitHub" : "GitLab" }
}

/// An authentic webhook delivery: who sent it, what kind it is, and what was pushed.
public struct WebhookEvent: Sendable, Equatable {
    public var provider: WebhookProvider
    /// `X-GitHub-Event` or `X-Gitlab-Event`, e.g. `push` or `Push Hook`; nil when the header is absent.
    public var name: String?
    /// The pushed ref (`refs/heads/main`), from a JSON body's `ref`.
    public var ref: String?
    /// The commit the ref points to after the push, from a JSON body's `after`.
    public var after: String?

    public init(provider: WebhookProvider, name: String?, ref: String? = nil, after: String? = nil) {
        self.provider = provider
        self.name = name
        self.ref = ref
        self.after = after
    }
}
