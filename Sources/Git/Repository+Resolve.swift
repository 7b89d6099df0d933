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

    /// Every ref that points straight at an object, by full name; symbolic refs such as HEAD
    /// are left out.
    public func references() throws -> [String: ObjectID] {
        let operation = "list refs"
        return try with(operation, make: { git_reference_iterator_new(&$0, handle.pointer) }, free: git_reference_iterator_free) { iterator in
            var targets: [String: ObjectID] = [:]
            while true {
                var reference: OpaquePointer?
                let result = try call(operation) {
                    let result = git_reference_next(&reference, iterator)
                    return result == GIT_ITEROVER.rawValue ? 1 : result
                }
                guard result == 0, let reference else { break }
                defer { git_reference_free(reference) }
                if git_reference_type(reference) == GIT_REFERENCE_DIRECT, let target = git_reference_target(reference) {
                    targets[String(cString: git_reference_name(reference))] = ObjectID(target.pointee)
                }
            }
            return targets
        }
    }
}
