import Foundation
import Git
import Manifests

/// The Approval manifests of a revision, each checked against the signature of the commit that
/// last changed its file: only an SSH signature that `allowed_signers` maps to the reviewer the
/// manifest names makes it a record; anything else is a refusal with its reason.
public enum ManifestApprovals {
    /// Checks every Approval among `manifests` (as read at `revision`).
    public static func collect(_ manifests: [Manifest], signers lookup: SignersLookup, repository: Repository,
                               revision: ObjectID) async throws -> CollectedApprovals {
        var collected = CollectedApprovals()
        var commits: [String: ObjectID] = [:]
        for manifest in manifests {
            guard case .approval(let approval) = manifest.body else { continue }
            let place = ApprovalPlace(file: manifest.file, line: manifest.location.line)
            func refuse(_ reason: ApprovalRefusal.Reason, _ why: String) {
                collected.refusals.append(ApprovalRefusal(place: place.description, reviewer: approval.reviewer,
                                                          decision: .init(approval.decision), reason, why))
            }
            guard case .found(let signers) = lookup else {
                if case .missing(let why) = lookup { refuse(.noAllowedSigners, why) }
                continue
            }
            let commit: ObjectID
            if let known = commits[manifest.file] {
                commit = known
            } else if let found = try await repository.lastChange(of: manifest.file, from: revision) {
                commit = found
                commits[manifest.file] = found
            } else {
                throw SignatureCheckError(message: "\(manifest.file) was read from revision \(revision.short), but the revision has no such file")
            }
            guard let signature = try await repository.signature(of: commit) else {
                refuse(.unsigned, "commit \(commit.short), which last changed \(manifest.file), is not signed; commit it with `git commit -S` and an SSH key listed in \(signers.file)")
                continue
            }
            guard signature.format == .ssh else {
                refuse(.notSSHSigned, "commit \(commit.short) is signed with \(signature.format.rawValue), but approvals count only with SSH signatures (git config gpg.format ssh)")
                continue
            }
            let signedAt = try await repository.commit(commit).committer.date
            switch try await signers.verify(signature, as: approval.reviewer, at: signedAt) {
            case .verified(let principal, let key):
                collected.records.append(ApprovalRecord(approval, place: place, signature: ManifestSignature(
                    commit: commit.hex, principal: principal, key: key, signedAt: signedAt)))
            case .otherPrincipal(let principals, let key):
                refuse(.reviewerIsNotSigner, "the manifest names reviewer \(approval.reviewer), but commit \(commit.short) is signed with the key of \(principals.joined(separator: ", ")) (\(key)) in \(signers.file)")
            case .stranger(let key):
                refuse(.stranger, "commit \(commit.short) is signed with key \(key), which \(signers.file) does not list")
            case .invalid(let reason):
                refuse(.badSignature, "the signature of commit \(commit.short) does not verify for \(approval.reviewer): \(reason)")
            }
        }
        return collected
    }
}
