/// A file's path (repository-relative, or as the user named it) and its text.
public struct SourceFile: Sendable {
    public var path: String
    public var text: String
    /// The offset of the first byte that is not part of a UTF-8 character, when the file was read
    /// from bytes that are not UTF-8: such a file is reported, never read with replacement characters.
    public var invalidUTF8At: Int?

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// A file read from disk or git, as bytes that should be UTF-8.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        if let text = String(validating: bytes, as: UTF8.self) {
            self.text = text
        } else {
            self.text = ""
            self.invalidUTF8At = Self.firstInvalidUTF8(in: bytes)
        }
    }

    /// The offset of the first byte of `bytes` that starts no valid UTF-8 character.
    private static func firstInvalidUTF8(in bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return offset
            }
        }
    }

    /// Whether the file's name marks it as a possible manifest.
    public static func isCandidate(_ path: String) -> Bool {
        path.hasSuffix(".yaml") || path.hasSuffix(".yml") || path.hasSuffix(".json")
    }
}

/// Every manifest of a repository (or of the files given), with every problem found in them.
public struct Catalog: Sendable {
    /// The manifests that decoded without error: the only ones anything may act on.
    public private(set) var manifests: [Manifest] = []
    /// Manifests whose documents had errors; still checked against the rest, so every problem is reported at once.
    private var flawed: [Manifest] = []
    /// All problems, in reading order.
    public private(set) var diagnostics: [Diagnostic] = []
    /// Files holding at least one document that claims to be a Slipway manifest, valid or not. They are
    /// no part of any model's code: changing one changes a run key only through what its manifests say.
    /// A file that does not parse, or holds only other documents (a `config.json`), is not one of them.
    public private(set) var manifestFiles: Set<String> = []
    /// Documents read that are not Slipway manifests (other YAML or JSON in the repository).
    public private(set) var skippedDocuments = 0
    public private(set) var filesRead = 0

    public var models: [Model] { manifests.compactMap { if case .model(let m) = $0.body { m } else { nil } } }
    public var pipelines: [Pipeline] { manifests.compactMap { if case .pipeline(let p) = $0.body { p } else { nil } } }
    public var policies: [Policy] { manifests.compactMap { if case .policy(let p) = $0.body { p } else { nil } } }
    public var approvals: [Approval] { manifests.compactMap { if case .approval(let a) = $0.body { a } else { nil } } }
    public var policy: Policy? { policies.first }

    public var isValid: Bool { diagnostics.errorCount == 0 }

    /// Files with at least one error; their manifests must not be acted on.
    public var filesWithErrors: Set<String> { Set(diagnostics.filter { $0.severity == .error }.map(\.file)) }

    /// Reads and checks `files`. `fileExists`, when given, is asked about every path a manifest refers to;
    /// `symlinkTarget`, when given, says where such a path points when it is a symlink (nil when it is
    /// not), for a file a manifest names must be the file itself: a committed `train.csv -> /etc/passwd`
    /// would otherwise be read, digested and handed to a trainer.
    /// `complete` says that `files` are all the repository's manifests; when false, the checks that need
    /// every manifest (unique names, an Approval's model) are left out. `recordAreas` keeps what
    /// comparing two revisions needs (`Model.areas`).
    public static func load(_ files: [SourceFile], fileExists: ((String) -> Bool)? = nil,
                            symlinkTarget: ((String) -> String?)? = nil, complete: Bool = true,
                            recordAreas: Bool = false) -> Catalog {
        var catalog = Catalog()
        for (file, result) in zip(files, files.concurrentMap({ read($0, recordAreas: recordAreas) })) {
            catalog.filesRead += 1
            if result.holdsManifest { catalog.manifestFiles.insert(file.path) }
            catalog.manifests += result.manifests
            catalog.flawed += result.flawed
            catalog.skippedDocuments += result.skippedDocuments
            catalog.diagnostics += result.diagnostics
        }
        catalog.checkAcrossFiles(fileExists: fileExists, symlinkTarget: symlinkTarget, complete: complete)
        catalog.diagnostics = catalog.diagnostics.sortedByPlace()
        return catalog
    }

    /// Adds problems found outside the manifests' text (a file of the revision that cannot be used),
    /// keeping the diagnostics in reading order.
    public mutating func report(_ extra: [Diagnostic]) {
        diagnostics = (diagnostics + extra).sortedByPlace()
    }

    /// Rewrites the file names of manifests and diagnostics (repository paths to the paths a user typed).
    public mutating func renameFiles(_ rename: (String) -> String) {
        for i in manifests.indices { manifests[i].file = rename(manifests[i].file) }
        for i in diagnostics.indices { diagnostics[i].file = rename(diagnostics[i].file) }
        manifestFiles = Set(manifestFiles.map(rename))
    }

    /// What reading one file found: it depends on that file alone, so files are read in parallel.
    private struct FileResult: Sendable {
        var manifests: [Manifest] = []
        var flawed: [Manifest] = []
        var skippedDocuments = 0
        var diagnostics: [Diagnostic] = []
        /// Whether a document of the file claims to be a manifest, decoded or not.
        var holdsManifest = false
    }

    private static func read(_ file: SourceFile, recordAreas: Bool) -> FileResult {
        var result = FileResult()
        if let offset = file.invalidUTF8At {
            result.diagnostics.append(Diagnostic(file: file.path, location: SourceLocation(line: 1, column: 1),
                                                 message: "the file is not UTF-8 text (byte \(offset) is not part of a UTF-8 character); save it as UTF-8"))
            return result
        }
        let documents: [Document]
        do {
            documents = file.path.hasSuffix(".json") ? [try JSONReader.document(in: file.text)] : try YAMLReader.documents(in: file.text)
        } catch {
            result.diagnostics.append(Diagnostic(file: file.path, location: error.location, message: error.message))
            return result
        }
        let context = DecodingContext(file: file.path, recordAreas: recordAreas)
        for document in documents {
            guard Manifest.claims(document.root) else {
                result.skippedDocuments += 1
                continue
            }
            result.holdsManifest = true
            // A document with any error is left out whole: nothing may act on a half-read manifest.
            let errorsBefore = context.diagnostics.errorCount
            if let manifest = Manifest.decode(document, file: file.path, context) {
                if context.diagnostics.errorCount == errorsBefore { result.manifests.append(manifest) } else { result.flawed.append(manifest) }
            }
        }
        result.diagnostics = context.diagnostics
        return result
    }

    private mutating func checkAcrossFiles(fileExists: ((String) -> Bool)?, symlinkTarget: ((String) -> String?)?, complete: Bool) {
        func error(_ manifest: Manifest, _ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
            diagnostics.append(Diagnostic(file: manifest.file, location: location ?? manifest.metadata.nameLocation,
                                          message: message, hint: hint))
        }

        let everything = manifests + flawed
        var firstOfName: [String: Manifest] = [:]
        for manifest in everything where complete {
            let key = "\(manifest.kind.rawValue)/\(manifest.metadata.name)"
            if let first = firstOfName[key] {
                error(manifest, "\(manifest.kind.rawValue) '\(manifest.metadata.name)' is also defined at \(first.file):\(first.metadata.nameLocation); names must be unique")
            } else {
                firstOfName[key] = manifest
            }
        }
        let policies = everything.filter { $0.kind == .Policy }
        for extra in policies.dropFirst() {
            error(extra, "a repository has one Policy; '\(policies[0].metadata.name)' is already defined at \(policies[0].file)")
        }

        // Names of flawed manifests count too, so that one mistake is not reported again as a missing reference.
        let pipelinesByName = Dictionary(everything.compactMap { if case .pipeline(let p) = $0.body { (p.name, p) } else { nil } },
                                         uniquingKeysWith: { a, _ in a })
        let modelNames = Set(everything.compactMap { if case .model(let m) = $0.body { m.name } else { nil } })
        let policy = everything.lazy.compactMap { if case .policy(let p) = $0.body { p } else { nil } }.first
        for manifest in everything {
            switch manifest.body {
            case .model(let model):
                if case .pipeline(let name, let location) = model.train.runner {
                    if let pipeline = pipelinesByName[name] {
                        let context = DecodingContext(file: manifest.file)
                        for step in pipeline.steps {
                            Placeholders.check(step.command, "spec.train (pipeline '\(name)', step '\(step.name)')", at: location,
                                               allowed: .pipelineStep, data: Set(model.data.map(\.name)),
                                               params: Set(pipeline.params.keys).union(model.train.params.keys),
                                               steps: Set(step.needs), context)
                        }
                        diagnostics += context.diagnostics
                    } else {
                        error(manifest, "spec.train.pipeline names '\(name)', which no Pipeline in the repository defines", at: location,
                              hint: Suggestion.hint(for: name, among: Array(pipelinesByName.keys)))
                    }
                }
                checkPolicy(policy, on: model, manifest, error)
                if let fileExists { checkFiles(of: model, manifest, fileExists) }
                if let symlinkTarget { checkSymlinks(of: model, manifest, symlinkTarget) }
            case .approval(let approval):
                if complete && !modelNames.contains(approval.model) {
                    error(manifest, "spec.model names '\(approval.model)', which no Model in the repository defines", at: approval.location,
                          hint: Suggestion.hint(for: approval.model, among: Array(modelNames)))
                }
            case .policy(let p):
                if let signers = p.allowedSigners, let fileExists, !fileExists(signers.path) {
                    error(manifest, "spec.allowedSigners: '\(signers.written)' does not exist (\(signers.path))", at: signers.location)
                }
                if let signers = p.allowedSigners, let target = symlinkTarget?(signers.path) {
                    error(manifest, Self.symlinkMessage("spec.allowedSigners", signers, target), at: signers.location,
                          hint: Self.symlinkHint)
                }
            case .pipeline:
                break
            }
        }
    }

    private func checkPolicy(_ policy: Policy?, on model: Model, _ manifest: Manifest,
                             _ error: (Manifest, String, SourceLocation?, String?) -> Void) {
        for gate in model.gates {
            guard case .governance(let g) = gate.check, let group = g.reviewerGroup else { continue }
            if let policy {
                if policy.reviewers[group] == nil {
                    error(manifest, "gate '\(gate.name)': approvals.from names reviewer group '\(group)', which the Policy '\(policy.metadata.name)' does not define",
                          g.reviewerGroupLocation, Suggestion.hint(for: group, among: Array(policy.reviewers.keys)))
                }
            } else {
                error(manifest, "gate '\(gate.name)': approvals.from names reviewer group '\(group)', but the repository has no Policy defining reviewers",
                      g.reviewerGroupLocation, nil)
            }
        }
        guard let policy else { return }
        let kinds = Set(model.gates.map(\.kind))
        for required in policy.requiredGates where !kinds.contains(required) {
            error(manifest, "model '\(model.name)' has no gate of type '\(required.rawValue)', which the Policy '\(policy.metadata.name)' requires",
                  nil, nil)
        }
        if policy.requireOwners && model.metadata.owners.isEmpty {
            error(manifest, "model '\(model.name)' names no owners (metadata.owners), which the Policy '\(policy.metadata.name)' requires", nil, nil)
        }
    }

    /// Reports every file `model` names that is a symlink.
    private mutating func checkSymlinks(of model: Model, _ manifest: Manifest, _ symlinkTarget: (String) -> String?) {
        let referenced = model.dataPaths.map { ("data set '\($0.dataset)'", $0.path) } + model.gateInputs
        for (what, path) in referenced {
            guard let target = symlinkTarget(path.path) else { continue }
            diagnostics.append(Diagnostic(file: manifest.file, location: path.location,
                                          message: Self.symlinkMessage(what, path, target), hint: Self.symlinkHint))
        }
    }

    private static func symlinkMessage(_ what: String, _ path: LocatedPath, _ target: String) -> String {
        let shown = String(target.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        return "\(what): '\(path.written)' is a symlink to '\(shown)' (\(path.path)); a file a manifest names must be a regular file, not a link"
    }

    private static let symlinkHint = "commit the file itself, or name it where it is"

    private mutating func checkFiles(of model: Model, _ manifest: Manifest, _ fileExists: (String) -> Bool) {
        let referenced = model.dataPaths.map { ("data set '\($0.dataset)'", $0.path) } + model.gateInputs
        for (what, path) in referenced where !fileExists(path.path) {
            diagnostics.append(Diagnostic(file: manifest.file, location: path.location,
                                          message: "\(what): '\(path.written)' does not exist (\(path.path))"))
        }
    }
}
