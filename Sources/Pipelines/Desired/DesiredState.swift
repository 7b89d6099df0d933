import Git
import Manifests

/// The desired state of one revision, built once: every model's manifest, run inputs, run key and
/// problems. The daemon, `slipway plan` and `slipway run` all read run keys here, so the key the
/// planner waits for is the key training records.
///
/// A model's code is every file under its folder except the files holding manifests
/// (`Catalog.manifestFiles`: a file with at least one Slipway document, valid or not), its declared
/// data files and the files only its gates read. A `config.json` that holds no manifest is code.
public struct DesiredState: Sendable {
    /// The revision's commit.
    public let revision: ObjectID
    /// The manifests read at the revision.
    public let catalog: Catalog
    /// Every model the catalog defines without error, by name.
    public let models: [String: DesiredModel]

    /// Works out the desired state from the revision's manifests and its recursive file listing.
    /// `executor` is the identity of what trains (`LocalExecutor.identity`): it is part of every run key.
    /// `symlinks` (path → target) and `refused` (entries the listing left out, `TreeRules`) make a
    /// model whose folder or files they concern a problem, so that nothing of it is exported or trained.
    public init(revision: ObjectID, catalog: Catalog, files: [TreeEntry], executor: String,
                symlinks: [String: String] = [:], refused: [RefusedEntry] = []) {
        self.revision = revision
        self.catalog = catalog
        var models: [String: DesiredModel] = [:]
        for model in catalog.models where models[model.name] == nil {
            let pipeline: Pipeline? = if case .pipeline(let p, _) = model.train.runner { catalog.pipelines.first { $0.name == p } } else { nil }
            do {
                try Self.checkTree(of: model, at: revision, symlinks: symlinks, refused: refused)
                let inputs = try RunInputs.of(model, pipeline: pipeline, files: files, manifestFiles: catalog.manifestFiles,
                                              executor: executor)
                models[model.name] = DesiredModel(name: model.name, revision: revision.hex, model: model, pipeline: pipeline, inputs: inputs)
            } catch {
                var desired = DesiredModel(name: model.name, revision: revision.hex, model: model, runKey: nil, problem: "\(error)")
                desired.pipeline = pipeline
                models[model.name] = desired
            }
        }
        self.models = models
    }

    /// Refuses a model whose folder or named files hold a refused tree entry, or whose folder holds a
    /// symlink pointing outside it: its folder is exported alone, and must not reach anything else.
    static func checkTree(of model: Model, at revision: ObjectID, symlinks: [String: String], refused: [RefusedEntry]) throws(RunInputsError) {
        let named = (model.dataPaths.map(\.path) + model.gateInputs.map(\.path)).map(\.path)
        if let entry = refused.first(where: { entry in
            entry.isInside(model.folder) || named.contains { $0 == entry.path || $0.hasPrefix(entry.path + "/") }
        }) {
            throw RunInputsError(message: "commit \(revision.short) holds \(entry); nothing of the model is exported")
        }
        if let link = TreeRules.escapingSymlinks(under: model.folder, in: symlinks).first {
            throw RunInputsError(message: "commit \(revision.short): \(escapeMessage(link, folder: model.folder))")
        }
    }

    /// How a symlink leaving a model's folder is reported, by the daemon and by `validate`.
    public static func escapeMessage(_ link: (path: String, target: String), folder: String) -> String {
        "symlink '\(link.path)' points to '\(TreeRules.printable(link.target))', outside the model's folder '\(folder.isEmpty ? "." : folder)', which is exported alone"
    }

    /// What the revision wants for `name`; a model without a valid manifest says why, from the revision's errors.
    public func model(_ name: String) -> DesiredModel {
        if let desired = models[name] { return desired }
        let errors = catalog.diagnostics.filter { $0.severity == .error }
        let detail = errors.isEmpty ? "its manifest is not in the revision" : errors.prefix(3).map(\.description).joined(separator: "; ")
        return DesiredModel(name: name, revision: revision.hex, model: nil, runKey: nil,
                            problem: "no valid manifest for \(name) at \(revision.short): \(detail)")
    }
}
