import Git
import Journal
import Manifests

/// Everything a training run depends on. Its canonical JSON, hashed, is the run key:
/// the same inputs give the same key, and a run with that key is reused instead of repeated.
///
/// - `spec`: the training spec in canonical form — command or pipeline steps, timeout, limits,
///   environment, data sets by name and location (`Model.trainingSpec`);
/// - `params`: the training parameters, the pipeline's defaults overridden by the model's;
/// - `code`: the SHA-256 of the listing `path NUL mode NUL blob-id LF` of every file under the
///   model's folder, sorted by path, leaving out manifest files, the declared data files and the
///   files only gates read (holdout sets, request bodies, model card);
/// - `data`: each data set's content — its git blob id for a file in the repository, its declared
///   `sha256:` pin for an external file (verified before use);
/// - `executor`: the identity of what runs the training (its kind, version and platform).
public struct RunInputs: Sendable, Codable, Equatable {
    public var model: String
    public var spec: String
    public var params: String
    public var code: String
    public var data: [String: String]
    public var executor: String

    /// The run key: SHA-256 of the inputs' canonical JSON.
    public var key: RunKey { RunKey(SHA256.hash(canonical.text)) }

    /// The inputs as canonical JSON (sorted keys, no white space).
    public var canonical: CanonicalJSON {
        .object([
            "model": .string(model),
            "spec": .string(spec),
            "params": .string(params),
            "code": .string(code),
            "data": .object(data.mapValues { .string($0) }),
            "executor": .string(executor),
        ])
    }

    public init(model: String, spec: String, params: String, code: String, data: [String: String], executor: String) {
        self.model = model
        self.spec = spec
        self.params = params
        self.code = code
        self.data = data
        self.executor = executor
    }

    /// The inputs of `model` at a commit, from the commit's file listing.
    ///
    /// `files` is the recursive listing of the commit (or at least of the model's folder and its
    /// data files); `manifestFiles` the paths of files holding manifests (`Catalog.manifestFiles`).
    /// `DesiredState` is the one caller that works out a revision's keys; everything else reads them there.
    public static func of(_ model: Model, pipeline: Pipeline?, files: [TreeEntry], manifestFiles: Set<String>,
                          executor: String) throws(RunInputsError) -> RunInputs {
        let dataPaths = Set(model.dataPaths.map(\.path.path))
        let gateInputs = Set(model.gateInputs.map(\.path.path))
        var code = SHA256()
        let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for entry in files.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) })
        where RepositoryPath.isInside(entry.path, folder: model.folder) && entry.kind != .directory
            && !manifestFiles.contains(entry.path) && !dataPaths.contains(entry.path) && !gateInputs.contains(entry.path) {
            code.update("\(entry.path)\0\(String(entry.mode, radix: 8))\0\(entry.id.hex)\n")
        }
        var data: [String: String] = [:]
        for set in model.data {
            switch set.source {
            case .repository(let path):
                guard let entry = byPath[path.path] else {
                    throw RunInputsError(message: "data set '\(set.name)': '\(path.path)' is not in the commit")
                }
                // A symlink's blob is its target's name: digesting it would key the run on a path, and
                // training would read whatever the path names on the machine.
                guard entry.kind == .file || entry.kind == .executable else {
                    throw RunInputsError(message: "data set '\(set.name)': '\(path.path)' is a \(entry.kind.rawValue) in the commit, not a file")
                }
                data[set.name] = "git:" + entry.id.hex
            case .external(_, let pin):
                data[set.name] = pin
            }
        }
        return RunInputs(model: model.name, spec: model.trainingSpec(pipeline: pipeline).text,
                         params: model.trainingParams(pipeline: pipeline).text, code: code.finalize().description,
                         data: data, executor: executor)
    }
}

/// Run inputs that cannot be worked out (a data file missing from the commit).
public struct RunInputsError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
