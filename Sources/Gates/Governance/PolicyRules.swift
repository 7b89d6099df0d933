import Manifests

/// One Policy rule held against a model, and what came of it.
struct PolicyRule: Encodable, Equatable {
    var rule: String
    var passed: Bool
    /// What was found, in a sentence (why it is broken, when it is).
    var detail: String

    /// The Policy's rules on `model`: owners, required gate types, forbidden features; none without a Policy.
    static func check(_ policy: Policy?, on model: Model) -> [PolicyRule] {
        guard let policy else { return [] }
        let name = "the Policy '\(policy.metadata.name)'"
        var rules: [PolicyRule] = []
        if policy.requireOwners {
            rules.append(model.metadata.owners.isEmpty
                ? PolicyRule(rule: "owners", passed: false, detail: "model '\(model.name)' names no owners (metadata.owners), which \(name) requires")
                : PolicyRule(rule: "owners", passed: true, detail: "owned by \(model.metadata.owners.joined(separator: ", "))"))
        }
        for kind in policy.requiredGates {
            let rule = "required gate type \(kind.rawValue)"
            if let gate = model.gates.first(where: { $0.kind == kind }) {
                rules.append(PolicyRule(rule: rule, passed: true, detail: "gate '\(gate.name)' is of type \(kind.rawValue)"))
            } else {
                rules.append(PolicyRule(rule: rule, passed: false, detail: "model '\(model.name)' has no gate of type \(kind.rawValue), which \(name) requires"))
            }
        }
        if !policy.forbiddenFeatures.isEmpty {
            let forbidden = Set(policy.forbiddenFeatures.map { $0.lowercased() })
            let used = model.data.flatMap { set in
                (set.schema?.columns ?? []).filter { forbidden.contains($0.name.lowercased()) }.map { "'\($0.name)' in data set '\(set.name)'" }
            }
            rules.append(used.isEmpty
                ? PolicyRule(rule: "forbidden features", passed: true,
                             detail: "no data set's schema has a column among \(policy.forbiddenFeatures.joined(separator: ", "))")
                : PolicyRule(rule: "forbidden features", passed: false,
                             detail: "model '\(model.name)' trains on \(used.joined(separator: ", ")), which \(name) forbids"))
        }
        return rules
    }
}
