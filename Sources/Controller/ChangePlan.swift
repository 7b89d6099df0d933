import Gates
import Git
import Manifests
import Pipelines

/// What merging one revision onto another would do to each model.
///
/// Whether a model retrains, and why, comes from comparing the run inputs of the two revisions'
/// `DesiredState`s, the same inputs the daemon keys its runs with: `plan` says retrain exactly when
/// the daemon will want a new run key.
public struct ChangePlan: Sendable, Encodable {
    /// Why a model would be trained again.
    public enum RetrainReason: String, Sendable, Encodable, CaseIterable {
        /// The training command, pipeline, limits, environment or data locations changed.
        case spec
        /// A file under the model's folder changed (other than files holding manifests, declared data and
        /// gate inputs; a `config.json` holding no manifest is code), or the folder moved.
        case code
        /// A data file's content (blob id) or an external file's pin changed, or a data set was added or removed.
        case data
        /// A training parameter changed.
        case params
    }

    public struct ModelChange: Sendable, Encodable {
        public enum Action: String, Sendable, Encodable {
            /// A new model: trained, gated and rolled out.
            case create
            /// The model is gone from the repository: its serving stops.
            case delete
            /// A new run key: trained, then gated and rolled out.
            case retrain
            /// Only gates, serving, rollout, schedule or metadata changed: no training.
            case update
            /// The manifest no longer decodes: the last good version keeps serving.
            case invalid
        }

        public var model: String
        public var file: String
        public var action: Action
        public var retrainReasons: [RetrainReason]
        /// Areas that changed without needing a retrain: gates, serve, rollout, retrain, gate inputs, metadata.
        public var changedAreas: [String]
        /// Human details: which files, parameters or data sets changed.
        public var details: [String]
        /// Gates that run again on the current candidate because their definition changed or they are new
        /// (only for `update`: a retrain gates its new candidate with every gate).
        public var gatesRerun: [String] = []
    }

    public var from: String
    public var to: String
    public var models: [ModelChange]
    /// Repository-wide changes: Policy, approvals.
    public var otherChanges: [String]
    /// Models read and found unchanged.
    public var unchangedModels: Int
    /// YAML and JSON files at `to` that nothing in the change can affect, so they were not read.
    public var filesNotRead = 0
    /// Problems in the manifests at `to`.
    public var diagnostics: [Diagnostic]

    public var isValid: Bool { diagnostics.errorCount == 0 }

    /// Compares the desired states of two revisions, given the paths that changed between them.
    public static func compare(from old: DesiredState, to new: DesiredState, changedPaths: Set<String>,
                               fromName: String, toName: String) -> ChangePlan {
        let oldModels = Dictionary(old.catalog.models.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let newModels = Dictionary(new.catalog.models.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let manifestFiles = old.catalog.manifestFiles.union(new.catalog.manifestFiles)
        let filesWithErrors = new.catalog.filesWithErrors
        let oldFiles = modelFiles(old.catalog), newFiles = modelFiles(new.catalog)

        var changes: [ModelChange] = []
        var unchanged = 0
        for name in Set(oldModels.keys).union(newModels.keys).sorted() {
            switch (oldModels[name], newModels[name]) {
            case (nil, let model?):
                changes.append(ModelChange(model: name, file: newFiles[name, default: ""], action: .create, retrainReasons: [],
                                           changedAreas: [], details: ["new model in \(model.folder.isEmpty ? "the repository root" : model.folder)"]))
            case (_?, nil):
                let oldFile = oldFiles[name, default: ""]
                if filesWithErrors.contains(oldFile) {
                    changes.append(ModelChange(model: name, file: oldFile, action: .invalid, retrainReasons: [], changedAreas: [],
                                               details: ["\(oldFile) has errors at \(toName); the last good version keeps serving"]))
                } else {
                    changes.append(ModelChange(model: name, file: oldFile, action: .delete, retrainReasons: [], changedAreas: [],
                                               details: ["no manifest defines it at \(toName); its serving stops"]))
                }
            case (_, let after?) where filesWithErrors.contains(newFiles[name, default: ""]):
                changes.append(ModelChange(model: name, file: newFiles[name, default: ""], action: .invalid, retrainReasons: [],
                                           changedAreas: [], details: ["\(after.name) has errors at \(toName); the last good version keeps serving"]))
            case (_?, _?):
                let change = compare(old.model(name), new.model(name), changedPaths: changedPaths, manifestFiles: manifestFiles,
                                     fromName: fromName, file: newFiles[name, default: ""])
                if let change { changes.append(change) } else { unchanged += 1 }
            case (nil, nil):
                break
            }
        }
        return ChangePlan(from: fromName, to: toName, models: changes, otherChanges: otherChanges(old.catalog, new.catalog),
                          unchangedModels: unchanged, diagnostics: new.catalog.diagnostics)
    }

    /// One model present and valid at both revisions: retrain when its run inputs differ, with a reason
    /// for each part that differs; otherwise which areas changed.
    private static func compare(_ old: DesiredModel, _ new: DesiredModel, changedPaths: Set<String>, manifestFiles: Set<String>,
                                fromName: String, file: String) -> ModelChange? {
        guard let before = old.model, let after = new.model else { return nil }
        var reasons: [RetrainReason] = []
        var details: [String] = []
        if let a = old.inputs, let b = new.inputs {
            if a.spec != b.spec {
                reasons.append(.spec)
                details.append(old.pipeline != nil && new.pipeline != nil && before.train.runner == after.train.runner
                               ? "spec: pipeline '\(new.pipeline!.name)' or the training spec changed" : "spec: the training spec changed")
            }
            if a.code != b.code {
                reasons.append(.code)
                details.append("code: " + codeChange(before, after, changedPaths: changedPaths, manifestFiles: manifestFiles))
            }
            if a.data != b.data {
                reasons.append(.data)
                details.append("data: " + dataChange(before, after, a.data, b.data))
            }
            if a.params != b.params {
                reasons.append(.params)
                details.append("params: " + paramDifferences(before.trainingParams(pipeline: old.pipeline), after.trainingParams(pipeline: new.pipeline)))
            }
        } else {
            // Only a data file missing from a commit leaves a valid manifest without run inputs.
            reasons.append(.data)
            details.append("data: at \(fromName), \(old.problem ?? "the run inputs could not be worked out")")
        }

        let gateInputs = Set((before.gateInputs + after.gateInputs).map(\.path.path))
        var areas: [String] = []
        for area in Model.areaNames where before.areas[area] != after.areas[area] {
            areas.append(area)
        }
        if !gateInputs.isDisjoint(with: changedPaths) { areas.append("gate inputs") }
        if before.metadata.owners != after.metadata.owners || before.metadata.labels != after.metadata.labels
            || before.metadata.description != after.metadata.description {
            areas.append("metadata")
        }
        if reasons.isEmpty && areas.isEmpty { return nil }
        if !areas.isEmpty { details.append("changed without retraining: " + areas.joined(separator: ", ")) }
        let oldGates = Dictionary(before.gates.map { ($0.name, $0.specDigest) }, uniquingKeysWith: { a, _ in a })
        let rerun = reasons.isEmpty ? after.gates.filter { oldGates[$0.name] != $0.specDigest }.map(\.name) : []
        return ModelChange(model: after.name, file: file, action: reasons.isEmpty ? .update : .retrain,
                           retrainReasons: reasons, changedAreas: areas, details: details, gatesRerun: rerun)
    }

    /// Which of the model's code changed, in words.
    private static func codeChange(_ before: Model, _ after: Model, changedPaths: Set<String>, manifestFiles: Set<String>) -> String {
        if before.folder != after.folder { return "the model moved from '\(before.folder)' to '\(after.folder)'" }
        let dataPaths = Set((before.dataPaths + after.dataPaths).map(\.path.path))
        let gateInputs = Set((before.gateInputs + after.gateInputs).map(\.path.path))
        let code = changedPaths.filter {
            RepositoryPath.isInside($0, folder: after.folder) && !manifestFiles.contains($0)
                && !dataPaths.contains($0) && !gateInputs.contains($0)
        }
        // Empty when a file of the folder began or ceased to hold a manifest: it left or joined the code.
        return code.isEmpty ? "a file under '\(after.folder)' began or ceased to hold a manifest" : summarize(code.sorted())
    }

    /// Which data sets' contents changed, in words.
    private static func dataChange(_ before: Model, _ after: Model, _ a: [String: String], _ b: [String: String]) -> String {
        let oldSources = Dictionary(before.data.map { ($0.name, $0.source) }, uniquingKeysWith: { x, _ in x })
        let newSources = Dictionary(after.data.map { ($0.name, $0.source) }, uniquingKeysWith: { x, _ in x })
        return Set(a.keys).union(b.keys).sorted().compactMap { name -> String? in
            guard a[name] != b[name] else { return nil }
            switch (oldSources[name], newSources[name]) {
            case (nil, _?): return "\(name) (new)"
            case (_?, nil): return "\(name) (removed)"
            case (.external(_, let x)?, .external(_, let y)?): return "\(name) (pin \(x.suffix(8)) → \(y.suffix(8)))"
            case (_, .repository(let path)?): return "\(name) (\(path.path) changed)"
            default: return "\(name) (changed)"
            }
        }.joined(separator: ", ")
    }

    private static func otherChanges(_ old: Catalog, _ new: Catalog) -> [String] {
        var notes: [String] = []
        switch (old.policy, new.policy) {
        case (nil, let p?): notes.append("policy '\(p.metadata.name)' added: every model's gates are judged against it")
        case (let p?, nil): notes.append("policy '\(p.metadata.name)' removed")
        case (let a?, let b?) where a.withoutLocations != b.withoutLocations:
            notes.append("policy '\(b.metadata.name)' changed: governance gates are evaluated again")
        default: break
        }
        let oldApprovals = Set(old.approvals.map(\.metadata.name))
        for approval in new.approvals where !oldApprovals.contains(approval.metadata.name) {
            notes.append("approval '\(approval.metadata.name)' added: \(approval.reviewer) \(approval.decision == .approve ? "approves" : "rejects") '\(approval.model)' candidate \(approval.artifact.prefix(19))…")
        }
        let newApprovals = Set(new.approvals.map(\.metadata.name))
        for approval in old.approvals where !newApprovals.contains(approval.metadata.name) {
            notes.append("approval '\(approval.metadata.name)' removed")
        }
        return notes
    }

    /// Each model's manifest file, by model name.
    private static func modelFiles(_ catalog: Catalog) -> [String: String] {
        Dictionary(catalog.manifests.filter { $0.kind == .Model }.map { ($0.metadata.name, $0.file) }, uniquingKeysWith: { a, _ in a })
    }

    private static func summarize(_ paths: [String]) -> String {
        let shown = paths.prefix(5).joined(separator: ", ")
        return paths.count > 5 ? "\(shown) and \(paths.count - 5) more" : shown
    }

    private static func paramDifferences(_ a: CanonicalJSON, _ b: CanonicalJSON) -> String {
        guard case .object(let old) = a, case .object(let new) = b else { return "changed" }
        return Set(old.keys).union(new.keys).sorted().compactMap { key -> String? in
            switch (old[key], new[key]) {
            case (let x?, let y?) where x != y: return "\(key) \(x.text) → \(y.text)"
            case (nil, let y?): return "\(key) set to \(y.text)"
            case (_?, nil): return "\(key) removed"
            default: return nil
            }
        }.joined(separator: ", ")
    }
}

extension Policy {
    /// The policy with every source location blanked, for comparing two revisions by content.
    var withoutLocations: Policy {
        var p = self
        let zero = SourceLocation(line: 0, column: 0)
        p.metadata.nameLocation = zero
        p.allowedSigners?.location = zero
        return p
    }
}

extension ChangePlan {
    /// The plan for moving `repository` from revision `from` to revision `to`, read from git objects only.
    ///
    /// Only what a change can touch is parsed: manifest files that changed, manifests whose folder
    /// holds a changed path, and manifests that may depend on something outside their folder —
    /// their text names a parent folder (`..`), a pipeline or a Policy, or holds an escape. The
    /// rest are unchanged by construction and counted as such.
    public static func between(_ repository: Repository, from: String, to: String) async throws -> ChangePlan {
        let old = try await repository.resolve(from)
        let new = try await repository.resolve(to)
        let changed = Set(try await repository.changes(from: old, to: new).map(\.path))
        let fromName = Revision(name: from, commit: old).description, toName = Revision(name: to, commit: new).description
        if changed.isEmpty {
            return ChangePlan(from: fromName, to: toName, models: [], otherChanges: [], unchangedModels: 0, diagnostics: [])
        }

        var touchedFolders: Set<String> = []
        for path in changed {
            var folder = RepositoryPath.folder(of: path)
            while touchedFolders.insert(folder).inserted, !folder.isEmpty { folder = RepositoryPath.folder(of: folder) }
        }
        let (newEntries, newManifests, newRefused) = try await repository.listAndRead(at: new, where: ManifestSource.isManifestCandidate)
        let read = newManifests.filter { file in
            changed.contains(file.entry.path) || touchedFolders.contains(RepositoryPath.folder(of: file.entry.path))
                || mayReachOutside(file.bytes)
        }
        let readPaths = Set(read.map(\.entry.path)).union(changed.filter(ManifestSource.isManifestCandidate))
        let oldManifests = try await repository.readFiles(at: old, paths: readPaths.sorted())
        let newPaths = Set(newEntries.map(\.path))

        let source = { (files: [TreeFile]) in files.map { SourceFile(path: $0.entry.path, bytes: $0.bytes) } }
        let before = Catalog.load(source(oldManifests), complete: false, recordAreas: true)
        var after = Catalog.load(source(read), fileExists: { newPaths.contains($0) }, complete: false, recordAreas: true)
        after.report(ManifestSource.diagnostics(for: newRefused, at: new))
        // The same files are read at both revisions, so a manifest file left unread counts as code at both and
        // changes no comparison. Both sides are keyed for one executor: which one does not change what differs.
        let (oldEntries, _, oldRefused) = try await repository.listAndRead(at: old, where: { _ in false })
        let executor = "plan"
        var plan = compare(from: DesiredState(revision: old, catalog: before, files: oldEntries, executor: executor, refused: oldRefused),
                           to: DesiredState(revision: new, catalog: after, files: newEntries, executor: executor, refused: newRefused),
                           changedPaths: changed, fromName: fromName, toName: toName)
        plan.filesNotRead = newManifests.count - read.count
        return plan
    }

    /// Whether a manifest's text may make it depend on files outside its folder, so it must be read.
    static func mayReachOutside(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count {
                switch b[i] {
                case UInt8(ascii: "\\"): return true
                case UInt8(ascii: "."): if i + 1 < b.count && b[i + 1] == UInt8(ascii: ".") { return true }
                case UInt8(ascii: "p"), UInt8(ascii: "P"):
                    if starts(b, at: i + 1, with: "ipeline") || (b[i] == UInt8(ascii: "P") && starts(b, at: i + 1, with: "olicy")) {
                        return true
                    }
                default: break
                }
                i += 1
            }
            return false
        }
    }

    private static func starts(_ b: UnsafeBufferPointer<UInt8>, at i: Int, with text: StaticString) -> Bool {
        guard i + text.utf8CodeUnitCount <= b.count else { return false }
        for k in 0..<text.utf8CodeUnitCount where b[i + k] != text.utf8Start[k] { return false }
        return true
    }
}
