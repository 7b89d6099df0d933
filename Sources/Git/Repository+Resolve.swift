import CGit2

extension Repository {
    /// The commit that `revision` names: a branch, a tag (annotated tags are peeled), a full ref,
    /// a full or abbreviated commit id, or a revspec such as `HEAD~1`.
    public func resolve(_ revision: String) throws -> ObjectID {
        let operation = "resolve revision '\(revision)'"
        do {
            return try with(operation, make: { git_revparse_single(&$0, handle.pointer, revision) }, free: git_object_free) { object in
                try with(operation, make: { git_object_peel(&$0, object, GIT_OBJECT_COMMIT) }, free: git_object_free) { commit in
                    ObjectID(git_object_id(commit).pointee)
                }
            }
        } catch let error as GitError where error.isNotFound {
            if try isEmpty() {
                throw GitError(
                    operation: operation, repository: path,
                    message: "the repository has no commits yet, so revision '\(revision)' does not exist",
                    code: error.code, errorClass: error.errorClass,
                    hint: "Push a first commit to the repository, then try again")
            }
            throw GitError(
                operation: operation, repository: path,
                message: "revision '\(revision)' was not found (\(error.message))",
                code: error.code, errorClass: error.errorClass,
                hint: "Check the branch, tag or commit name; `git -C \(path) show-ref` lists the refs that exist")
        }
    }
}
