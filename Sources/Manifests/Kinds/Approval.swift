import Foundation

/// `kind: Approval` — a reviewer's decision on one candidate, bound to its digest.
public struct Approval: Sendable, Equatable {
    public enum Decision: String, Sendable, CaseIterable { case approve, reject }

    public var metadata: Metadata
    public var location: SourceLocation
    public var model: String
    /// The candidate's run key (`sha256:…`).
    public var runKey: String
    /// The candidate's artifact digest (`sha256:…`).
    public var artifact: String
    /// Gates the decision covers (default: the model's governance gates).
    public var gates: [String]
    public var decision: Decision
    public var reviewer: String
    public var comment: String?
    public var expires: Date?

    static func decode(spec node: Node, metadata: Metadata, _ context: DecodingContext) -> Approval? {
        guard var map = context.mapping(node, "spec") else { return nil }
        let model = map.required("model").flatMap { context.name($0, "spec.model") }
        var runKey: String? = nil
        var artifact: String? = nil
        if let candidateNode = map.required("candidate"), var c = context.mapping(candidateNode, "spec.candidate") {
            runKey = c.required("runKey").flatMap { digest($0, "spec.candidate.runKey", context) }
            artifact = c.required("artifact").flatMap { digest($0, "spec.candidate.artifact", context) }
            c.rejectUnknownFields()
        }
        let gates = map.strings("gates") ?? []
        let decision = map.required("decision").flatMap { context.choice($0, "spec.decision", as: Decision.self) }
        let reviewer = map.required("reviewer").flatMap { context.string($0, "spec.reviewer") }
        let comment = map.string("comment")
        var expires: Date? = nil
        if let expiresNode = map.optional("expires"), let text = context.string(expiresNode, "spec.expires") {
            expires = ISO8601DateFormatter().date(from: text)
            if expires == nil {
                context.error("spec.expires: '\(text)' is not an RFC 3339 time such as 2026-12-31T00:00:00Z", at: expiresNode.location)
            }
        }
        map.rejectUnknownFields()
        guard let model, let runKey, let artifact, let decision, let reviewer else { return nil }
        return Approval(metadata: metadata, location: node.location, model: model, runKey: runKey, artifact: artifact,
                        gates: gates, decision: decision, reviewer: reviewer, comment: comment, expires: expires)
    }

    private static func digest(_ node: Node, _ field: String, _ context: DecodingContext) -> String? {
        guard let text = context.string(node, field) else { return nil }
        guard text.wholeMatch(of: /sha256:[0-9a-f]{64}/) != nil else {
            context.error("\(field): '\(text)' is not a digest of the form sha256:<64 lowercase hex digits>", at: node.location)
            return nil
        }
        return text
    }
}
