/// What checking one commit signature against `allowed_signers` for one reviewer found.
public enum SignerVerdict: Sendable, Equatable {
    /// The signature verifies for the reviewer, made with the key of this fingerprint.
    case verified(principal: String, key: String)
    /// A sound signature by a key that `allowed_signers` lists for other principals only.
    case otherPrincipal(principals: [String], key: String)
    /// A sound signature by a key that `allowed_signers` does not list.
    case stranger(key: String)
    /// The signature does not verify (a tampered commit, a wrong namespace, a key outside its
    /// validity), with what `ssh-keygen` said.
    case invalid(reason: String)
}
