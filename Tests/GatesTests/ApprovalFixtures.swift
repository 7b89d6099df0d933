import Foundation
@testable import Gates
import Git
import Manifests
import Pipelines
import TestSupport

/// A person with an SSH signing key, made with `ssh-keygen` for the test.
struct Person {
    let name: String
    let email: String
    let privateKey: String
    let publicKey: String

    var allowedSignersLine: String { "\(email) \(publicKey)" }
}

/// A repository holding a model, a Policy with a reviewer group and allowed signers, and the
/// approvals a test commits, signed by whom it chooses.
final class ApprovalRepository {
    static let runKey = "sha256:" + String(repeating: "1a", count: 32)
    static let artifact = "sha256:" + String(repeating: "2b", count: 32)
    static var candidate: Candidate { Candidate(runKey: runKey, artifact: artifact) }

    let git: GitFixture
    /// Wrote the model: the author of the change that produced the candidate (and a group member).
    let ada: Person
    let alice: Person
    let bob: Person
    /// In allowed_signers, not in the reviewer group.
    let carol: Person
    /// Not in allowed_signers at all.
    let mallory: Person
    /// The commit that produced the candidate.
    private(set) var change: ObjectID?
    private var commits = 0

    init() throws {
        let git = try GitFixture(prefix: "slipway-approvals")
        self.git = git
        func person(_ name: String) throws -> Person {
            let file = git.directory.path + "/key-\(name)"
            try Self.keygen(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", file])
            let publicKey = try String(contentsOfFile: file + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            return Person(name: name.capitalized, email: "\(name)@example.com", privateKey: file, publicKey: publicKey)
        }
        (ada, alice, bob, carol, mallory) = (try person("ada"), try person("alice"), try person("bob"), try person("carol"), try person("mallory"))
    }

    /// The Policy: risk-reviewers are ada, alice and bob; carol is in another group; mallory is unknown.
    func policyText(allowedSigners: Bool = true) -> String {
        """
        apiVersion: slipway.dev/v1
        kind: Policy
        metadata: {name: governance}
        spec:
          reviewers:
            risk-reviewers: [ada@example.com, alice@example.com, bob@example.com]
            platform: [carol@example.com]
        \(allowedSigners ? "  allowedSigners: reviewers/allowed_signers\n" : "")  requiredGates: [governance]
          modelCard: {sections: [Intended use, Limitations]}
          forbiddenFeatures: [gender]

        """
    }

    /// A model whose governance gate wants `required` approvals from risk-reviewers.
    static func modelText(required: Int, owners: String = "[team-risk]", columns: String = "amount: {type: number}, label: {type: integer}",
                          extraGates: String = "") -> String {
        """
        apiVersion: slipway.dev/v1
        kind: Model
        metadata: {name: fraud, owners: \(owners)}
        spec:
          data:
            - {name: train, path: train.csv, schema: {columns: {\(columns)}}}
          train: {command: [python3, train.py, --out, "${output}"]}
          gates:
            - {name: governance, type: governance, approvals: {required: \(required), from: risk-reviewers}}\(extraGates)
          serve: {command: [python3, serve.py, --port, "${port}"]}

        """
    }

    static let card = "# Fraud model\n\n## Intended use\nScoring card payments.\n\n## Limitations\nEuropean data only.\n"

    /// Commits the Policy, its allowed signers (all but mallory), and the model, authored by ada.
    @discardableResult
    func commitModel(required: Int = 1, allowedSigners: Bool = true, signed: Bool = false, author: Person? = nil) throws -> ObjectID {
        try git.write("policy.yaml", policyText(allowedSigners: allowedSigners))
        try git.write("reviewers/allowed_signers", [ada, alice, bob, carol].map(\.allowedSignersLine).joined(separator: "\n") + "\n")
        try git.write("models/fraud/model.yaml", Self.modelText(required: required))
        try git.write("models/fraud/train.csv", "amount,label\n1.0,0\n")
        try git.write("models/fraud/MODEL_CARD.md", Self.card)
        let id = try commit("fraud model", author: author ?? ada, signedBy: signed ? ada : nil)
        change = id
        return id
    }

    /// An Approval manifest's text.
    static func approvalText(name: String, reviewer: String, decision: String = "approve", model: String = "fraud",
                             runKey: String = runKey, artifact: String = artifact, expires: String? = nil) -> String {
        """
        apiVersion: slipway.dev/v1
        kind: Approval
        metadata: {name: \(name)}
        spec:
          model: \(model)
          candidate: {runKey: "\(runKey)", artifact: "\(artifact)"}
          decision: \(decision)
          reviewer: \(reviewer)
        \(expires.map { "  expires: \"\($0)\"\n" } ?? "")
        """
    }

    /// Writes an Approval by `reviewer` to `approvals/FILE.yaml` and commits it, signed by `signer`.
    @discardableResult
    func approve(_ file: String, reviewer: Person, signedBy signer: Person?, decision: String = "approve",
                 artifact: String = artifact, expires: String? = nil) throws -> ObjectID {
        try git.write("approvals/\(file).yaml", Self.approvalText(name: file, reviewer: reviewer.email, decision: decision,
                                                                   artifact: artifact, expires: expires))
        return try commit("approval by \(reviewer.email)", author: reviewer, signedBy: signer)
    }

    /// Stages everything and commits it as `author`, signed with `signer`'s key when given; each
    /// commit is a minute after the one before.
    @discardableResult
    func commit(_ message: String, author: Person, signedBy signer: Person? = nil) throws -> ObjectID {
        try git.git("add", "-A")
        commits += 1
        let date = "\(1_767_000_000 + 60 * commits) +0000"
        let people = [
            "GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email, "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": author.name, "GIT_COMMITTER_EMAIL": author.email, "GIT_COMMITTER_DATE": date,
        ]
        if let signer {
            try git.git("-c", "gpg.format=ssh", "-c", "user.signingkey=\(signer.privateKey)", "commit", "-q", "--allow-empty", "-S",
                        "-m", message, environment: people)
        } else {
            try git.git("commit", "-q", "--allow-empty", "-m", message, environment: people)
        }
        return try git.head()
    }

    /// The approvals at HEAD, collected as the daemon does, and the candidate's change.
    func collect(at revision: String = "HEAD") async throws -> (CollectedApprovals, CandidateChange, Catalog) {
        let repository = try Repository.open(at: git.path)
        let commit = try await repository.resolve(revision)
        let files = try await repository.readFiles(at: commit, where: { SourceFile.isCandidate($0) })
        let catalog = Catalog.load(files.map { SourceFile(path: $0.entry.path, text: String(decoding: $0.bytes, as: UTF8.self)) })
        let signers = try await SignersLookup.read(for: catalog.policy, from: repository, at: commit)
        let approvals = try await ManifestApprovals.collect(catalog.manifests, signers: signers, repository: repository, revision: commit)
        guard let changeCommit = self.change else { throw FixtureProblem(message: "commitModel() was not called") }
        let change = try await CandidateChange.read(repository, commit: changeCommit, signers: signers.signers)
        return (approvals, change, catalog)
    }

    /// The governance gate's result for the candidate at HEAD, with API sign-offs added.
    func evaluate(signOffs: [ApprovalRecord] = [], clock: ManualClock = ManualClock(),
                  candidate: Candidate = candidate) async throws -> GateResult {
        let (approvals, change, catalog) = try await collect()
        guard let model = catalog.models.first, case .governance(let spec)? = model.gates.first?.check else {
            throw FixtureProblem(message: catalog.diagnostics.map(\.description).joined(separator: "\n"))
        }
        let gate = GovernanceCheck(name: "governance", spec: spec, policy: catalog.policy, model: model,
                                   approvals: approvals.adding(signOffs), change: change, clock: clock)
        return await gate.evaluate(GateSubject(model: "fraud", candidate: candidate, folder: git.path + "/models/fraud"))
    }

    static func keygen(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureProblem(message: "ssh-keygen \(arguments) exited with \(process.terminationStatus)") }
    }
}

/// A fixture that did not come out as the test meant.
struct FixtureProblem: Error {
    let message: String
}

extension GateResult {
    /// The refusals in the evidence, as (reason, message).
    var refusals: [(reason: String, message: String)] {
        guard case .object(let root) = evidence, case .object(let approvals)? = root["approvals"],
              case .array(let refused)? = approvals["refused"] else { return [] }
        return refused.compactMap {
            guard case .object(let row) = $0, case .string(let reason)? = row["reason"], case .string(let message)? = row["message"] else { return nil }
            return (reason, message)
        }
    }

    /// The reviewers whose approvals counted, from the evidence.
    var counted: [String] {
        guard case .object(let root) = evidence, case .object(let approvals)? = root["approvals"],
              case .array(let rows)? = approvals["counted"] else { return [] }
        return rows.compactMap { if case .object(let row) = $0, case .string(let reviewer)? = row["reviewer"] { reviewer } else { nil } }
    }
}
