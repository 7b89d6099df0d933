import CGit2
import Foundation

extension Repository {
    /// The metadata of commit `id`.
    public func commit(_ id: ObjectID) throws -> CommitInfo {
        try withCommit(id, "read commit \(id.short)") { commit in
            let parents = (0..<git_commit_parentcount(commit)).map { ObjectID(git_commit_parent_id(commit, $0).pointee) }
            return CommitInfo(
                id: id,
                tree: ObjectID(git_commit_tree_id(commit).pointee),
                author: Identity(git_commit_author(commit).pointee),
                committer: Identity(git_commit_committer(commit).pointee),
                message: git_commit_message(commit).map { String(cString: $0) } ?? "",
                summary: git_commit_summary(commit).map { String(cString: $0) } ?? "",
                parents: parents)
        }
    }

    /// The signature of commit `id` and the payload it signs; nil when the commit is not signed.
    public func signature(of id: ObjectID) throws -> CommitSignature? {
        let operation = "extract the signature of commit \(id.short)"
        // Look the commit up first, so that a missing or damaged commit is an error and only
        // "this commit has no signature" turns into nil below.
        try withCommit(id, operation) { _ in }
        var oid = id.oid
        var extracted: CommitSignature?
        do {
            try call(operation) {
                var signature = git_buf()
                var payload = git_buf()
                defer {
                    git_buf_dispose(&signature)
                    git_buf_dispose(&payload)
                }
                let result = git_commit_extract_signature(&signature, &payload, handle.pointer, &oid, nil)
                if result == 0 {
                    extracted = CommitSignature(signature: String(decoding: signature.bytes, as: UTF8.self), signedPayload: payload.bytes)
                }
                return result
            }
        } catch let error as GitError where error.isNotFound {
            return nil
        }
        return extracted
    }
}

extension Identity {
    /// Copies a libgit2 signature.
    init(_ signature: git_signature) {
        self.init(
            name: String(cString: signature.name),
            email: String(cString: signature.email),
            date: Date(timeIntervalSince1970: TimeInterval(signature.when.time)),
            utcOffsetMinutes: Int(signature.when.offset))
    }
}

extension git_buf {
    /// The buffer's bytes.
    var bytes: [UInt8] {
        guard let ptr else { return [] }
        return Array(UnsafeRawBufferPointer(start: ptr, count: size))
    }
}
