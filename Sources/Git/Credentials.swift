import CGit2
import Glibc

/// How Slipway authenticates to a remote, from the daemon's environment:
///
/// - ssh: `SLIPWAY_GIT_SSH_KEY` (a private key file; `SLIPWAY_GIT_SSH_PASSPHRASE` if it has one),
///   else the running ssh-agent (`SSH_AUTH_SOCK`);
/// - https: `SLIPWAY_GIT_USERNAME` (default `git`) and `SLIPWAY_GIT_TOKEN` (a token or password).
///
/// One attempt per connection: a refused credential fails the fetch with libgit2's message
/// instead of asking again forever.
public enum Credential: Equatable, Sendable {
    case sshKey(user: String, privateKey: String, passphrase: String?)
    case sshAgent(user: String)
    case userPassword(user: String, password: String)

    /// The credential to offer for the kinds libgit2 accepts, or nil when the environment has none.
    public static func choose(allowedTypes: UInt32, userFromURL: String?, environment: [String: String]) -> Credential? {
        if allowedTypes & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 {
            let user = userFromURL ?? "git"
            if let key = environment["SLIPWAY_GIT_SSH_KEY"], !key.isEmpty {
                return .sshKey(user: user, privateKey: key, passphrase: environment["SLIPWAY_GIT_SSH_PASSPHRASE"])
            }
            if environment["SSH_AUTH_SOCK"] != nil { return .sshAgent(user: user) }
        }
        if allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0, let token = environment["SLIPWAY_GIT_TOKEN"] {
            return .userPassword(user: environment["SLIPWAY_GIT_USERNAME"] ?? userFromURL ?? "git", password: token)
        }
        return nil
    }

    /// Makes the libgit2 credential object.
    func make(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>) -> Int32 {
        switch self {
        case .sshKey(let user, let key, let passphrase):
            return git_credential_ssh_key_new(out, user, nil, key, passphrase)
        case .sshAgent(let user):
            return git_credential_ssh_key_from_agent(out, user)
        case .userPassword(let user, let password):
            return git_credential_userpass_plaintext_new(out, user, password)
        }
    }

    /// Installs the credential callback in `callbacks`; `attempts` must outlive the operation.
    static func install(in callbacks: inout git_remote_callbacks, attempts: UnsafeMutablePointer<Int>) {
        attempts.pointee = 0
        callbacks.payload = UnsafeMutableRawPointer(attempts)
        callbacks.credentials = { out, _, userFromURL, allowedTypes, payload in
            guard let out, let attempts = payload?.assumingMemoryBound(to: Int.self) else { return GIT_PASSTHROUGH.rawValue }
            attempts.pointee += 1
            guard attempts.pointee == 1 else { return GIT_PASSTHROUGH.rawValue }
            var environment: [String: String] = [:]
            for name in ["SLIPWAY_GIT_SSH_KEY", "SLIPWAY_GIT_SSH_PASSPHRASE", "SSH_AUTH_SOCK", "SLIPWAY_GIT_USERNAME", "SLIPWAY_GIT_TOKEN"] {
                if let value = getenv(name) { environment[name] = String(cString: value) }
            }
            let user = userFromURL.map { String(cString: $0) }
            guard let credential = Credential.choose(allowedTypes: allowedTypes, userFromURL: user, environment: environment) else {
                return GIT_PASSTHROUGH.rawValue
            }
            return credential.make(out)
        }
    }
}
