import CGit2
import Foundation

extension Repository {
    /// The remote a mirror fetches from.
    static let mirrorRemote = "origin"

    /// `cloneMirror` on a thread of its own: a clone can block on the network for minutes, and must
    /// not hold a thread of the cooperative pool (the reconciler's and every other actor's) meanwhile.
    public static func mirror(from url: String, into path: String) async throws -> Repository {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue(label: "slipway.git clone \(path)").async {
                continuation.resume(with: Result { try cloneMirror(from: url, into: path) })
            }
        }
    }

    /// A bare mirror of `url` (a local path, `file://` URL, or any transport libgit2 has) at
    /// `path`, with every remote ref copied as is (`+refs/*:refs/*`). A mirror of the same URL
    /// already at `path` is reused as it is; call `fetch()` to bring it up to date.
    public static func cloneMirror(from url: String, into path: String) throws -> Repository {
        Libgit2.ensureInitialised()
        let operation = "mirror \(url) into \(path)"
        if let existing = try existingMirror(at: path, of: url, operation) { return existing }
        // Clone next to the target and move it into place, so a clone cut short by a crash never
        // looks like a finished mirror.
        let target = URL(fileURLWithPath: path)
        let parent = target.deletingLastPathComponent().path
        let stagingPrefix = ".\(target.lastPathComponent).clone-"
        let staging = parent + "/" + stagingPrefix + UUID().uuidString.prefix(8)
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw GitError(operation: operation, repository: url, message: "cannot create the folder \(parent): \(error.localizedDescription)")
        }
        // Staged clones left by an earlier crash are useless now.
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where leftover.hasPrefix(stagingPrefix) {
            try? FileManager.default.removeItem(atPath: parent + "/" + leftover)
        }
        do {
            try clone(url, into: staging, operation)
        } catch let error as GitError {
            try? FileManager.default.removeItem(atPath: staging)
            throw error.isTransient ? error.with(hint: "Check that the remote is reachable; Slipway retries later") : error
        }
        guard rename(staging, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: staging)
            throw GitError(operation: operation, repository: url, message: "cannot move the new mirror into \(path): \(reason)")
        }
        return try open(at: path)
    }

    /// The mirror already at `path`; nil when there is nothing (or an empty folder) there.
    private static func existingMirror(at path: String, of url: String, _ operation: String) throws -> Repository? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        if isFolder.boolValue, (try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty == true { return nil }
        let handle: RepositoryHandle
        do {
            handle = try RepositoryHandle(path: path)
        } catch let error as GitError {
            throw GitError(
                operation: operation, repository: path,
                message: "\(path) is neither empty nor a git repository (\(error.message))",
                code: error.code, errorClass: error.errorClass,
                hint: "Point Slipway at an empty or missing folder, or remove \(path)")
        }
        let existingURL = try withMirrorRemote(of: handle, at: path, operation) { String(cString: git_remote_url($0)) }
        guard existingURL == url else {
            throw GitError(
                operation: operation, repository: path,
                message: "\(path) already mirrors \(existingURL), not \(url)",
                hint: "Use another folder for \(url), or remove \(path) to mirror the new URL there")
        }
        return Repository(path: path, handle: handle)
    }

    private static func clone(_ url: String, into path: String, _ operation: String) throws {
        var options = git_clone_options()
        try Libgit2.call(operation, in: url) { git_clone_options_init(&options, UInt32(GIT_CLONE_OPTIONS_VERSION)) }
        options.bare = 1
        let attempts = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        defer { attempts.deallocate() }
        Credential.install(in: &options.fetch_opts.callbacks, attempts: attempts)
        options.remote_cb = { remote, repository, name, url, _ in
            git_remote_create_with_fetchspec(remote, repository, name, url, "+refs/*:refs/*")
        }
        try Libgit2.with(operation, in: url, make: { git_clone(&$0, url, path, &options) }, free: git_repository_free) { repository in
            _ = try Libgit2.with(operation, in: path, make: { git_repository_config(&$0, repository) }, free: git_config_free) { config in
                // Marks the remote as a mirror, as `git clone --mirror` does, for git commands run by hand.
                try Libgit2.call(operation, in: path) { git_config_set_bool(config, "remote.\(mirrorRemote).mirror", 1) }
            }
            let handle = repository
            try Libgit2.with(operation, in: path, make: { git_remote_lookup(&$0, handle, mirrorRemote) }, free: git_remote_free) { remote in
                try connect(remote, path, operation)
                defer { git_remote_disconnect(remote) }
                try followHead(of: remote, in: handle, at: path, operation)
            }
        }
    }

    /// Opens a fetch connection to `remote`, which `git_remote_fetch` then reuses.
    static func connect(_ remote: OpaquePointer, _ path: String, _ operation: String) throws {
        var callbacks = git_remote_callbacks()
        try Libgit2.call(operation, in: path) { git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION)) }
        let attempts = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        defer { attempts.deallocate() }
        Credential.install(in: &callbacks, attempts: attempts)
        try Libgit2.call(operation, in: path) { git_remote_connect(remote, GIT_DIRECTION_FETCH, &callbacks, nil, nil) }
    }

    /// Points HEAD at the branch the connected remote's HEAD names, as `git clone --mirror`
    /// does; the mirror refspec copies only `refs/*`, so HEAD has to be set by hand. A remote
    /// without a default branch (an empty one) leaves HEAD as it is.
    static func followHead(of remote: OpaquePointer, in repository: OpaquePointer, at path: String, _ operation: String) throws {
        var branch: String?
        do {
            try Libgit2.call(operation, in: path) {
                var buffer = git_buf()
                defer { git_buf_dispose(&buffer) }
                let result = git_remote_default_branch(&buffer, remote)
                if result == 0 { branch = String(decoding: buffer.bytes, as: UTF8.self) }
                return result
            }
        } catch let error as GitError where error.isNotFound {
            return
        }
        guard let branch else { return }
        try Libgit2.call(operation, in: path) { git_repository_set_head(repository, branch) }
    }

    /// Lends the mirror's remote to `body`.
    func withMirrorRemote<Result>(_ operation: String, _ body: (OpaquePointer) throws -> Result) throws -> Result {
        try Self.withMirrorRemote(of: handle, at: path, operation, body)
    }

    private static func withMirrorRemote<Result>(
        of handle: RepositoryHandle, at path: String, _ operation: String, _ body: (OpaquePointer) throws -> Result
    ) throws -> Result {
        do {
            return try Libgit2.with(operation, in: path, make: { git_remote_lookup(&$0, handle.pointer, mirrorRemote) }, free: git_remote_free, body)
        } catch let error as GitError where error.isNotFound {
            throw error.with(hint: "\(path) has no remote '\(mirrorRemote)', so it is not a mirror made by Slipway; remove it or use another folder")
        }
    }
}
