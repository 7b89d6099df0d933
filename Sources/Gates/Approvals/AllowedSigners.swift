import Foundation
import Git
import Glibc

/// An OpenSSH `allowed_signers` file (principals and their keys) read from the repository, and
/// the `ssh-keygen -Y` checks of commit signatures against it. Git signs commits in the `git`
/// namespace; keys are judged valid at the commit's time, as `git verify-commit` does.
public struct AllowedSigners: Sendable {
    /// The repository path the file was read from, for messages.
    public var file: String
    public var contents: [UInt8]
    private let keygen: SSHKeygen

    /// The file `file` with `contents`; throws when `ssh-keygen` cannot be found.
    public init(file: String, contents: [UInt8]) throws {
        self.file = file
        self.contents = contents
        self.keygen = try SSHKeygen.locate()
    }

    /// Checks that `signature` is `reviewer`'s, made with a key valid for them at `time`.
    public func verify(_ signature: CommitSignature, as reviewer: String, at time: Date) async throws -> SignerVerdict {
        let check = try Check(self, signature)
        let verified = try await check.run(["-Y", "verify", "-f", check.signers, "-I", reviewer, "-n", "git", "-s", check.signature,
                                            Self.verifyTime(time)], input: check.payload)
        if verified.status == 0 { return .verified(principal: reviewer, key: Self.keyFingerprint(in: verified.output)) }
        // ssh-keygen names the temp copy; the reviewer knows the file by its repository path.
        let reason = verified.said.replacingOccurrences(of: check.signers, with: file)
        guard let key = try await check.soundKey() else { return .invalid(reason: reason) }
        let principals = try await check.principals(at: time)
        if principals.contains(reviewer) { return .invalid(reason: reason) }
        if !principals.isEmpty { return .otherPrincipal(principals: principals, key: key) }
        // A line that lists the key but refuses it (outside its validity, another namespace) is
        // quoted by ssh-keygen as FILE:LINE: the key is known, the signature still does not count.
        if verified.errorOutput.contains(check.signers + ":") { return .invalid(reason: reason) }
        return .stranger(key: key)
    }

    /// The principals this file lists at `time` for the key of a sound `signature`; nil when the
    /// signature does not verify against its own key.
    public func principals(of signature: CommitSignature, at time: Date) async throws -> [String]? {
        let check = try Check(self, signature)
        guard try await check.soundKey() != nil else { return nil }
        return try await check.principals(at: time)
    }

    /// The files of one signature check, in a private folder that lives as long as the check.
    private struct Check {
        let folder: PrivateFolder
        let keygen: SSHKeygen
        let signers: String
        let signature: String
        let payload: String

        init(_ allowed: AllowedSigners, _ commitSignature: CommitSignature) throws {
            folder = try PrivateFolder()
            keygen = allowed.keygen
            signers = try folder.write("allowed_signers", allowed.contents)
            signature = try folder.write("commit.sig", Array(commitSignature.signature.utf8))
            payload = try folder.write("commit.payload", commitSignature.signedPayload)
        }

        func run(_ arguments: [String], input: String? = nil) async throws -> SSHKeygen.Outcome {
            try await keygen.run(arguments, input: input, in: folder)
        }

        /// The fingerprint of the signature's own key when the signature verifies against it.
        func soundKey() async throws -> String? {
            let outcome = try await run(["-Y", "check-novalidate", "-n", "git", "-s", signature], input: payload)
            return outcome.status == 0 ? AllowedSigners.keyFingerprint(in: outcome.output) : nil
        }

        /// The principals the file lists for the signature's key at `time`.
        func principals(at time: Date) async throws -> [String] {
            let outcome = try await run(["-Y", "find-principals", "-f", signers, "-s", signature, AllowedSigners.verifyTime(time)])
            guard outcome.status == 0 else { return [] }
            return outcome.output.split(whereSeparator: \.isNewline).map { String($0) }.filter { !$0.isEmpty }
        }
    }

    /// The `-O verify-time=` option for `time`, in UTC.
    private static func verifyTime(_ time: Date) -> String {
        var seconds = time_t(time.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let text = String(format: "%04d%02d%02d%02d%02d%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                          parts.tm_hour, parts.tm_min, parts.tm_sec)
        return "-Overify-time=\(text)Z"
    }

    /// The last word of `Good "git" signature … with ED25519 key SHA256:…`.
    private static func keyFingerprint(in output: String) -> String {
        output.split(whereSeparator: \.isWhitespace).last.map(String.init) ?? ""
    }
}
