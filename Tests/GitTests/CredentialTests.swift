import CGit2
import Testing
@testable import Git

@Suite struct CredentialTests {
    static let ssh = GIT_CREDENTIAL_SSH_KEY.rawValue
    static let https = GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue

    @Test func sshPrefersAnExplicitKeyThenTheAgent() {
        #expect(Credential.choose(allowedTypes: Self.ssh, userFromURL: "deploy",
                                  environment: ["SLIPWAY_GIT_SSH_KEY": "/keys/id", "SSH_AUTH_SOCK": "/run/agent"])
                == .sshKey(user: "deploy", privateKey: "/keys/id", passphrase: nil))
        #expect(Credential.choose(allowedTypes: Self.ssh, userFromURL: nil, environment: ["SSH_AUTH_SOCK": "/run/agent"])
                == .sshAgent(user: "git"))
        #expect(Credential.choose(allowedTypes: Self.ssh, userFromURL: nil, environment: [:]) == nil)
    }

    @Test func httpsUsesTheToken() {
        #expect(Credential.choose(allowedTypes: Self.https, userFromURL: nil,
                                  environment: ["SLIPWAY_GIT_TOKEN": "t0k", "SLIPWAY_GIT_USERNAME": "bot"])
                == .userPassword(user: "bot", password: "t0k"))
        #expect(Credential.choose(allowedTypes: Self.https, userFromURL: nil, environment: ["SLIPWAY_GIT_SSH_KEY": "/k"]) == nil)
    }

    @Test func offersNothingLibgit2DidNotAskFor() {
        #expect(Credential.choose(allowedTypes: Self.https, userFromURL: nil, environment: ["SSH_AUTH_SOCK": "/run/agent"]) == nil)
    }
}
