import Git
import Manifests

/// The Policy's `allowed_signers` file at a revision, or why there is none to check signatures with.
public enum SignersLookup: Sendable {
    case found(AllowedSigners)
    /// A sentence saying why no signature can be checked.
    case missing(String)

    /// The allowed signers, when found.
    public var signers: AllowedSigners? {
        if case .found(let signers) = self { signers } else { nil }
    }

    /// Reads the file `policy.allowedSigners` names from `revision`.
    public static func read(for policy: Policy?, from repository: Repository, at revision: ObjectID) async throws -> SignersLookup {
        guard let policy else {
            return .missing("the repository has no Policy, so no allowedSigners file says whose signatures count")
        }
        guard let file = policy.allowedSigners else {
            return .missing("the Policy '\(policy.metadata.name)' names no allowedSigners file, so no signature can be checked")
        }
        guard let blob = try await repository.readFiles(at: revision, paths: [file.path]).first else {
            return .missing("the Policy's allowedSigners file '\(file.path)' is not in revision \(revision.short)")
        }
        return .found(try AllowedSigners(file: file.path, contents: blob.bytes))
    }
}
