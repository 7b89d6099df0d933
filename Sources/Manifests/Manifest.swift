/// One Slipway manifest: a document with `apiVersion: slipway.dev/v1`, a kind, metadata and spec.
public struct Manifest: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case Model, Pipeline, Policy, Approval
    }

    public enum Body: Sendable, Equatable {
        case model(Model)
        case pipeline(Pipeline)
        case policy(Policy)
        case approval(Approval)
    }

    public static let apiVersion = "slipway.dev/v1"

    /// The repository-relative file the manifest was read from.
    public var file: String
    public var location: SourceLocation
    public var body: Body

    public var kind: Kind {
        switch body {
        case .model: return .Model
        case .pipeline: return .Pipeline
        case .policy: return .Policy
        case .approval: return .Approval
        }
    }

    public var metadata: Metadata {
        switch body {
        case .model(let m): return m.metadata
        case .pipeline(let p): return p.metadata
        case .policy(let p): return p.metadata
        case .approval(let a): return a.metadata
        }
    }

    /// Whether a document claims to be a Slipway manifest (so that other YAML in a repo is left alone).
    static func claims(_ root: Node) -> Bool {
        if case .string(let version)? = root["apiVersion"]?.value { return version.hasPrefix("slipway.dev/") }
        if case .string(let kind)? = root["kind"]?.value, root["apiVersion"] == nil { return Kind(rawValue: kind) != nil }
        return false
    }

    /// Decodes one document, reporting every problem to `context`; nil when it has errors that leave no manifest.
    static func decode(_ document: Document, file: String, _ context: DecodingContext) -> Manifest? {
        guard var map = context.mapping(document.root, "") else { return nil }
        let versionNode = map.required("apiVersion")
        if let versionNode, let version = context.string(versionNode, "apiVersion"), version != apiVersion {
            context.error("apiVersion '\(version)' is not supported; this Slipway reads \(apiVersion)", at: versionNode.location)
        }
        let kind = map.required("kind").flatMap { context.choice($0, "kind", as: Kind.self) }
        let metadata = map.required("metadata").flatMap { Metadata.decode($0, context) }
        let spec = map.required("spec")
        map.rejectUnknownFields()
        guard let kind, let metadata, let spec else { return nil }

        let folder = RepositoryPath.folder(of: file)
        let body: Body?
        switch kind {
        case .Model: body = Model.decode(spec: spec, metadata: metadata, folder: folder, context).map(Body.model)
        case .Pipeline: body = Pipeline.decode(spec: spec, metadata: metadata, folder: folder, context).map(Body.pipeline)
        case .Policy: body = Policy.decode(spec: spec, metadata: metadata, folder: folder, context).map(Body.policy)
        case .Approval: body = Approval.decode(spec: spec, metadata: metadata, context).map(Body.approval)
        }
        return body.map { Manifest(file: file, location: document.location, body: $0) }
    }
}
