import Journal

/// The run key: SHA-256 of everything a training run depends on (`RunInputs`). Same key ⇒ same run.
///
/// Journal events and candidates still carry it as its text, `sha256:<hex>`.
public struct RunKey: Hashable, Sendable, CustomStringConvertible {
    public let digest: Digest

    public init(_ digest: Digest) {
        self.digest = digest
    }

    /// Parses `sha256:<hex>`; nil for anything else.
    public init?(_ text: String) {
        guard let digest = Digest(text) else { return nil }
        self.digest = digest
    }

    /// The key as `sha256:<hex>`, as the journal records it.
    public var description: String { digest.description }
}
