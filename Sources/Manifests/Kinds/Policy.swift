/// `kind: Policy` — repository-wide governance: reviewers, required gates, signing.
public struct Policy: Sendable, Equatable {
    public var metadata: Metadata
    /// Reviewer groups: group name → reviewer identities (the principals of `allowedSigners`).
    public var reviewers: [String: [String]]
    /// An OpenSSH `allowed_signers` file mapping reviewers to their signing keys.
    public var allowedSigners: LocatedPath?
    /// Gate types every model must have.
    public var requiredGates: [GateSpec.Kind]
    /// Sections a model card must have.
    public var modelCardSections: [String]
    /// Features no model may train on.
    public var forbiddenFeatures: [String]
    /// Whether every model must name its owners.
    public var requireOwners: Bool

    public static let defaultModelCardSections = ["Intended use", "Limitations", "Training data", "Evaluation", "Ethical considerations"]

    static func decode(spec node: Node, metadata: Metadata, folder: String, _ context: DecodingContext) -> Policy? {
        guard var map = context.mapping(node, "spec") else { return nil }
        var reviewers: [String: [String]] = [:]
        if let groupsNode = map.optional("reviewers"), let groups = context.mapping(groupsNode, "spec.reviewers") {
            for pair in groups.pairs {
                if let problem = Name.problem(with: pair.key) { context.error("spec.reviewers.\(pair.key): \(problem)", at: pair.keyLocation) }
                if let members = context.strings(pair.value, groups.path(pair.key)) {
                    if members.isEmpty { context.error("reviewer group '\(pair.key)' has no members", at: pair.value.location) }
                    reviewers[pair.key] = members
                }
            }
        }
        let signers = map.path("allowedSigners", folder: folder)
        var required: [GateSpec.Kind] = []
        if let requiredNode = map.optional("requiredGates"), let items = context.sequence(requiredNode, "spec.requiredGates") {
            required = items.enumerated().compactMap { context.choice($1, "spec.requiredGates[\($0)]", as: GateSpec.Kind.self) }
        }
        var sections = defaultModelCardSections
        if let cardNode = map.optional("modelCard"), var card = context.mapping(cardNode, "spec.modelCard") {
            sections = card.strings("sections") ?? sections
            card.rejectUnknownFields()
        }
        let forbidden = map.strings("forbiddenFeatures") ?? []
        let requireOwners = map.bool("requireOwners") ?? true
        map.rejectUnknownFields()
        return Policy(metadata: metadata, reviewers: reviewers, allowedSigners: signers, requiredGates: required,
                      modelCardSections: sections, forbiddenFeatures: forbidden, requireOwners: requireOwners)
    }
}
