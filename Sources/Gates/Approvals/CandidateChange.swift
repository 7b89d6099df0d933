import Foundation
import Git

/// Who made the change a candidate was trained from. None of them may approve the candidate:
/// identities compare by email (case aside), and by `allowed_signers` principal when the change is signed.
public struct CandidateChange: Sendable, Equatable {
    /// The commit the candidate's run trained from.
    public var commit: String
    public var authorEmail: String
    public var committerEmail: String
    /// The principals `allowed_signers` lists for the key that signed the commit, when it carries
    /// a sound SSH signature.
    public var signers: [String]

    public init(commit: String, authorEmail: String, committerEmail: String, signers: [String] = []) {
        self.commit = commit
        self.authorEmail = authorEmail
        self.committerEmail = committerEmail
        self.signers = signers
    }

    /// The people of commit `id`; its signature is looked up in `signers` when there are some.
    public static func read(_ repository: Repository, commit id: ObjectID, signers: AllowedSigners?) async throws -> CandidateChange {
        let info = try await repository.commit(id)
        var change = CandidateChange(commit: id.hex, authorEmail: info.author.email, committerEmail: info.committer.email)
        if let signers, let signature = try await repository.signature(of: id), signature.format == .ssh,
           let principals = try await signers.principals(of: signature, at: info.committer.date) {
            change.signers = principals
        }
        return change
    }

    /// Why `record` is by someone who made the change, or nil when it is not.
    func conflict(with record: ApprovalRecord) -> String? {
        let identities = record.identities
        let short = String(commit.prefix(7))
        if identities.contains(authorEmail.lowercased()) {
            return "\(authorEmail) authored commit \(short), which produced the candidate; the author of a change cannot approve it"
        }
        if identities.contains(committerEmail.lowercased()) {
            return "\(committerEmail) committed \(short), which produced the candidate; the committer of a change cannot approve it"
        }
        if let signer = signers.first(where: { identities.contains($0.lowercased()) }) {
            return "\(signer) signed commit \(short), which produced the candidate; the signer of a change cannot approve it"
        }
        return nil
    }
}
