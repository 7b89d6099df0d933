import Foundation

/// Where an approval came from: a signed manifest in the repository or the daemon's API.
public enum ApprovalSource: Sendable, Equatable {
    /// An Approval manifest merged into the repository, whose commit is signed by the reviewer.
    case manifest(ApprovalPlace, ManifestSignature)
    /// A sign-off recorded through the daemon's API with a reviewer's token.
    case signOff(APISignOff)

    /// `file:line` of the manifest, or the API sign-off and its journal entry.
    public var place: String {
        switch self {
        case .manifest(let place, _): return place.description
        case .signOff(let signOff): return signOff.description
        }
    }
}

/// The file and line of an Approval manifest document.
public struct ApprovalPlace: Sendable, Hashable, CustomStringConvertible {
    /// The repository-relative file.
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// What the signature check of an Approval manifest's commit established.
public struct ManifestSignature: Sendable, Equatable {
    /// The commit that last changed the manifest's file: the one whose signature counts.
    public var commit: String
    /// The `allowed_signers` principal the signature verified for.
    public var principal: String
    /// The signing key's fingerprint (`SHA256:…`).
    public var key: String
    /// The commit's committer time, at which the key had to be valid.
    public var signedAt: Date

    public init(commit: String, principal: String, key: String, signedAt: Date) {
        self.commit = commit
        self.principal = principal
        self.key = key
        self.signedAt = signedAt
    }
}

/// A sign-off given through the daemon's API, as journaled.
public struct APISignOff: Sendable, Equatable, CustomStringConvertible {
    /// The journal entry that holds the `approval.recorded` event.
    public var journalEntry: Int
    /// The name of the token the reviewer authenticated with (never the secret).
    public var token: String

    public init(journalEntry: Int, token: String) {
        self.journalEntry = journalEntry
        self.token = token
    }

    public var description: String { "API sign-off (journal entry \(journalEntry), token '\(token)')" }
}
