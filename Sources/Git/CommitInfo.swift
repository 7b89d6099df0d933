import Foundation

/// Who made a commit and when, as recorded in the commit.
public struct Identity: Hashable, Sendable {
    /// The person's name.
    public let name: String
    /// The person's email address.
    public let email: String
    /// The instant of the commit.
    public let date: Date
    /// The UTC offset of the person's clock at that instant, in minutes (east positive).
    public let utcOffsetMinutes: Int

    /// Builds an identity.
    public init(name: String, email: String, date: Date, utcOffsetMinutes: Int) {
        self.name = name
        self.email = email
        self.date = date
        self.utcOffsetMinutes = utcOffsetMinutes
    }
}

/// The metadata of one commit.
public struct CommitInfo: Hashable, Sendable {
    /// The commit's id.
    public let id: ObjectID
    /// The id of the commit's root tree.
    public let tree: ObjectID
    /// Who wrote the change.
    public let author: Identity
    /// Who recorded the commit.
    public let committer: Identity
    /// The full message.
    public let message: String
    /// The first paragraph of the message, on one line.
    public let summary: String
    /// The parents' ids, first parent first; empty for a root commit.
    public let parents: [ObjectID]
}

/// The signature of a signed commit and the exact bytes it signs.
public struct CommitSignature: Hashable, Sendable {
    /// The kind of signature, read from its armour.
    public enum Format: String, Sendable {
        case ssh, openpgp, x509, unknown
    }

    /// The armoured signature (the commit's `gpgsig` header).
    public let signature: String
    /// The commit as it was signed: the commit object without its `gpgsig` header.
    public let signedPayload: [UInt8]

    /// The kind of signature.
    public var format: Format {
        if signature.hasPrefix("-----BEGIN SSH SIGNATURE-----") { return .ssh }
        if signature.hasPrefix("-----BEGIN PGP SIGNATURE-----") { return .openpgp }
        if signature.hasPrefix("-----BEGIN SIGNED MESSAGE-----") { return .x509 }
        return .unknown
    }
}
