import Foundation
import Git

/// A real git repository in a temp folder, driven by the `git` command, for tests.
///
/// Commits get a fixed author and committer and a clock that advances one minute per commit,
/// so the same steps always give the same commit ids (signed commits aside: their key is new
/// each time). User and system git configuration are ignored.
public final class GitFixture {
    /// A failed `git` (or `ssh-keygen`) command.
    public struct CommandFailure: Error, CustomStringConvertible {
        /// The command line.
        public let command: String
        /// Its exit status.
        public let status: Int32
        /// What it wrote to standard error.
        public let standardError: String

        /// The command, its status and its error output.
        public var description: String { "`\(command)` exited with \(status): \(standardError)" }
    }

    /// An SSH key pair that signs commits.
    public struct SigningKey: Sendable {
        /// The private key file (no passphrase).
        public let privateKeyPath: String
        /// The public key line (`ssh-ed25519 AAAA… comment`).
        public let publicKey: String
        /// The email the key signs for, as an `allowed_signers` line names it.
        public let email: String

        /// A line for an OpenSSH `allowed_signers` file.
        public var allowedSignersLine: String { "\(email) \(publicKey)" }
    }

    /// The author of every commit.
    public static let author = (name: "Ada Lovelace", email: "ada@example.com")
    /// The committer of every commit.
    public static let committer = (name: "Slipway Fixture", email: "fixture@example.com")
    /// The time of the first commit (2023-11-14T22:13:20Z); later commits add a minute each.
    public static let firstCommitTime = 1_700_000_000
    /// The UTC offset every commit records.
    public static let timeZone = "+0200"

    /// The temp folder holding the work tree and the fixture's own files (keys, logs).
    public let directory: TemporaryDirectory
    /// The work tree (and its `.git`).
    public let path: String
    /// The commits made so far, which sets the next commit's time.
    private var commitCount = 0
    private var key: SigningKey?

    /// A new repository with branch `main` and no commits.
    public init(prefix: String = "slipway-git") throws {
        directory = try TemporaryDirectory(prefix: prefix)
        path = directory.path + "/work"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
    }

    /// The repository as a `file://` URL.
    public var fileURL: String { "file://" + path }

    /// Runs `git` in the work tree and returns its standard output, trimmed.
    @discardableResult
    public func git(_ arguments: String..., environment: [String: String] = [:], input: String? = nil) throws -> String {
        try run("git", arguments, environment: environment, input: input.map { Data($0.utf8) })
    }

    /// Writes `contents` to `relativePath` in the work tree, creating folders as needed.
    public func write(_ relativePath: String, _ contents: String, executable: Bool = false) throws {
        try write(relativePath, bytes: Array(contents.utf8), executable: executable)
    }

    /// Writes raw bytes to `relativePath` in the work tree, creating folders as needed.
    public func write(_ relativePath: String, bytes: [UInt8], executable: Bool = false) throws {
        let file = URL(fileURLWithPath: path).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: file.path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: file.path)) != nil {
            try FileManager.default.removeItem(at: file)
        }
        try Data(bytes).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: file.path)
    }

    /// Sets or clears the executable bit of a work-tree file.
    public func setExecutable(_ relativePath: String, _ executable: Bool) throws {
        try FileManager.default.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: path + "/" + relativePath)
    }

    /// Makes `relativePath` a symlink to `destination`, replacing what was there.
    public func symlink(_ relativePath: String, to destination: String) throws {
        let file = URL(fileURLWithPath: path).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: file)
        try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: destination)
    }

    /// Deletes a work-tree file or folder.
    public func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(atPath: path + "/" + relativePath)
    }

    /// Stages everything and commits it; with `signed`, signs the commit with `signingKey()`.
    @discardableResult
    public func commit(_ message: String, signed: Bool = false) throws -> ObjectID {
        try git("add", "-A")
        var arguments = ["commit", "-q", "--allow-empty", "-m", message]
        if signed {
            let key = try signingKey()
            arguments = ["-c", "gpg.format=ssh", "-c", "user.signingkey=\(key.privateKeyPath)"] + arguments + ["-S"]
        }
        try run("git", arguments, environment: nextCommitEnvironment())
        return try head()
    }

    /// The commit HEAD points to.
    public func head() throws -> ObjectID { try id("HEAD") }

    /// The commit `revision` names, as `git rev-parse` sees it.
    public func id(_ revision: String) throws -> ObjectID {
        let hex = try git("rev-parse", "--verify", "\(revision)^{commit}")
        guard let id = ObjectID(hex: hex) else { throw CommandFailure(command: "git rev-parse \(revision)", status: 0, standardError: "not an id: \(hex)") }
        return id
    }

    /// Creates branch `name` at `revision`.
    public func branch(_ name: String, at revision: String = "HEAD") throws {
        try git("branch", name, revision)
    }

    /// Switches the work tree to branch `name`.
    public func checkout(_ name: String) throws {
        try git("checkout", "-q", name)
    }

    /// Tags `revision`: a lightweight tag, or an annotated one when `message` is given.
    public func tag(_ name: String, at revision: String = "HEAD", message: String? = nil) throws {
        if let message {
            try run("git", ["tag", "-a", name, "-m", message, revision], environment: nextCommitEnvironment())
        } else {
            try git("tag", name, revision)
        }
    }

    /// Moves the current branch back to `revision`, dropping later commits from it, as a
    /// history rewrite before a force-push does.
    public func resetHard(to revision: String) throws {
        try git("reset", "-q", "--hard", revision)
    }

    /// Commits `files` (path → contents) as one new commit on `main` through `git fast-import`,
    /// replacing the whole tree: the quickest way to build very large trees.
    @discardableResult
    public func importCommit(_ files: [(path: String, contents: String)], message: String) throws -> ObjectID {
        commitCount += 1
        let time = Self.firstCommitTime + 60 * commitCount
        var stream = ""
        for (index, file) in files.enumerated() {
            stream += "blob\nmark :\(index + 1)\ndata \(file.contents.utf8.count)\n\(file.contents)\n"
        }
        let parent = (try? head()).map { "from \($0.hex)\n" } ?? ""
        stream += "commit refs/heads/main\n"
        stream += "author \(Self.author.name) <\(Self.author.email)> \(time) \(Self.timeZone)\n"
        stream += "committer \(Self.committer.name) <\(Self.committer.email)> \(time) \(Self.timeZone)\n"
        stream += "data \(message.utf8.count)\n\(message)\n\(parent)deleteall\n"
        for (index, file) in files.enumerated() {
            stream += "M 100644 :\(index + 1) \"\(file.path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"\n"
        }
        stream += "\n"
        try run("git", ["fast-import", "--quiet"], input: Data(stream.utf8))
        return try id("refs/heads/main")
    }

    /// One entry of a tree written by `writeTree`: the name is raw bytes, so that names git itself
    /// refuses (`..`, `a/b`, `.GIT`, invalid UTF-8) can be written, as an attacker's tool would.
    public struct RawEntry {
        /// The git mode as a tree stores it: `100644`, `100755`, `120000`, `40000` or `160000`.
        public var mode: String
        public var name: [UInt8]
        /// The object's id, in hex.
        public var id: String

        public init(_ mode: String, _ name: [UInt8], _ id: String) {
            self.mode = mode
            self.name = name
            self.id = id
        }

        public init(_ mode: String, _ name: String, _ id: String) {
            self.init(mode, Array(name.utf8), id)
        }

        /// A file entry holding `blob`.
        public static func file(_ name: String, _ blob: String) -> RawEntry { RawEntry("100644", name, blob) }
        /// A symlink entry whose target is `blob`.
        public static func symlink(_ name: String, _ blob: String) -> RawEntry { RawEntry("120000", name, blob) }
        /// A folder entry for `tree`.
        public static func folder(_ name: String, _ tree: String) -> RawEntry { RawEntry("40000", name, tree) }
    }

    /// Writes `contents` as a blob and returns its id (hex).
    public func writeBlob(_ contents: String) throws -> String {
        try run("git", ["hash-object", "-w", "--stdin"], input: Data(contents.utf8))
    }

    /// Writes a tree holding exactly `entries`, unchecked (`hash-object --literally`), and returns its
    /// id (hex). Entries are written in git's order (by name, folders as if they ended in `/`).
    public func writeTree(_ entries: [RawEntry]) throws -> String {
        func key(_ entry: RawEntry) -> [UInt8] { entry.name + (entry.mode == "40000" ? [UInt8(ascii: "/")] : []) }
        var bytes: [UInt8] = []
        for entry in entries.sorted(by: { key($0).lexicographicallyPrecedes(key($1)) }) {
            bytes += Array("\(entry.mode) ".utf8) + entry.name + [0]
            var hex = Substring(entry.id)
            while !hex.isEmpty {
                guard let byte = UInt8(hex.prefix(2), radix: 16) else {
                    throw CommandFailure(command: "writeTree", status: 0, standardError: "not an object id: \(entry.id)")
                }
                bytes.append(byte)
                hex = hex.dropFirst(2)
            }
        }
        return try run("git", ["hash-object", "-t", "tree", "--literally", "-w", "--stdin"], input: Data(bytes))
    }

    /// Commits `tree` (an id from `writeTree`) on `main`, after the current head if there is one.
    @discardableResult
    public func commitTree(_ tree: String, message: String) throws -> ObjectID {
        let parent = (try? head()).map { ["-p", $0.hex] } ?? []
        let hex = try run("git", ["commit-tree", tree, "-m", message] + parent, environment: nextCommitEnvironment())
        try git("update-ref", "refs/heads/main", hex)
        return try id(hex)
    }

    /// Commits the tree of HEAD with `extra` entries added to `folder` ("" is the root), written
    /// unchecked: how a crafted commit (`..`, `.GIT`, a symlink beside a folder of the same name) is made.
    @discardableResult
    public func commitAdding(_ extra: [RawEntry], in folder: String = "", message: String) throws -> ObjectID {
        var components = folder.split(separator: "/").map(String.init)
        var tree = try writeTree(try entries(of: folder) + extra)
        while let last = components.popLast() {
            let parent = components.joined(separator: "/")
            tree = try writeTree(try entries(of: parent).filter { $0.name != Array(last.utf8) } + [.folder(last, tree)])
        }
        return try commitTree(tree, message: message)
    }

    /// The entries of the tree at `folder` in HEAD, as `git ls-tree` lists them.
    private func entries(of folder: String) throws -> [RawEntry] {
        let listing = try git("ls-tree", "-z", folder.isEmpty ? "HEAD^{tree}" : "HEAD:\(folder)")
        return listing.split(separator: "\0").compactMap { line in
            guard let tab = line.firstIndex(of: "\t") else { return nil }
            let fields = line[..<tab].split(separator: " ")
            guard fields.count == 3 else { return nil }
            let mode = fields[0].hasPrefix("0") ? String(fields[0].dropFirst()) : String(fields[0])
            return RawEntry(mode, String(line[line.index(after: tab)...]), String(fields[2]))
        }
    }

    /// The fixture's SSH signing key, made with `ssh-keygen` on first use.
    public func signingKey() throws -> SigningKey {
        if let key { return key }
        let file = directory.path + "/signing-key"
        try run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", Self.author.email, "-f", file])
        let publicKey = try String(contentsOfFile: file + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let made = SigningKey(privateKeyPath: file, publicKey: publicKey, email: Self.author.email)
        key = made
        return made
    }

    /// Author and committer identity and the next tick of the fixture's clock.
    private func nextCommitEnvironment() -> [String: String] {
        commitCount += 1
        let date = "\(Self.firstCommitTime + 60 * commitCount) \(Self.timeZone)"
        return [
            "GIT_AUTHOR_NAME": Self.author.name, "GIT_AUTHOR_EMAIL": Self.author.email, "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": Self.committer.name, "GIT_COMMITTER_EMAIL": Self.committer.email, "GIT_COMMITTER_DATE": date,
        ]
    }

    /// Runs a command in the work tree with user configuration shut out; stderr goes to a file so
    /// that a chatty command cannot fill a pipe and stall.
    @discardableResult
    private func run(_ tool: String, _ arguments: [String], environment extra: [String: String] = [:], input: Data? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["LC_ALL"] = "C"
        environment.merge(extra) { $1 }
        process.environment = environment

        let scratch = directory.path + "/run-\(UUID().uuidString.prefix(8))"
        defer {
            try? FileManager.default.removeItem(atPath: scratch + ".stderr")
            try? FileManager.default.removeItem(atPath: scratch + ".stdin")
        }
        guard FileManager.default.createFile(atPath: scratch + ".stderr", contents: nil),
              FileManager.default.createFile(atPath: scratch + ".stdin", contents: input ?? Data()) else {
            throw CommandFailure(command: tool, status: -1, standardError: "cannot create scratch files in \(directory.path)")
        }
        process.standardError = FileHandle(forWritingAtPath: scratch + ".stderr")
        process.standardInput = FileHandle(forReadingAtPath: scratch + ".stdin")
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            let standardError = (try? String(contentsOfFile: scratch + ".stderr", encoding: .utf8)) ?? ""
            throw CommandFailure(command: ([tool] + arguments).joined(separator: " "), status: process.terminationStatus, standardError: standardError)
        }
        return text
    }
}
