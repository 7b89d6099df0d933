import Manifests
import Pipelines

/// The explainability gate's limits applied to measured importances; every broken one reported.
struct ImportanceLimits {
    let spec: ExplainabilityGate

    /// What the limits found: the broken ones in words, and the figures.
    struct Findings {
        var violations: [String] = []
        var evidence: [String: JSONValue] = [:]
    }

    func check(candidate: [FeatureImportance], stable: [FeatureImportance]?) -> Findings {
        var findings = Findings()
        let byFeature = Dictionary(candidate.map { ($0.feature, $0) }, uniquingKeysWith: { first, _ in first })
        var forbidden: [String: JSONValue] = [:]
        for feature in spec.forbid {
            guard let importance = byFeature[feature] else {
                forbidden[feature] = .string("not a feature of the model's input, so the model cannot use it")
                continue
            }
            forbidden[feature] = Figure.json(importance.mean)
            if importance.mean > spec.maxForbidden {
                let spread = importance.spread.map { " (± \(Figure.text($0)) over \(spec.repeats) shuffles)" } ?? ""
                findings.violations.append("forbidden feature '\(feature)' has importance \(Figure.text(importance.mean))\(spread), "
                                           + "above maxForbidden \(Figure.text(spec.maxForbidden))")
            }
        }
        findings.evidence["forbidden"] = .object(forbidden)
        findings.evidence["maxForbidden"] = Figure.json(spec.maxForbidden)

        let shares = FeatureImportance.shares(candidate)
        if let maxShare = spec.maxShare {
            findings.evidence["maxShare"] = Figure.json(maxShare)
            if shares.isEmpty { findings.evidence["shareNote"] = .string("no feature has a positive importance, so there are no shares") }
            for (feature, share) in shares.sorted(by: { $0.key < $1.key }) where share > maxShare {
                findings.violations.append("feature '\(feature)' carries \(Figure.text(share)) of the total positive importance, above maxShare \(Figure.text(maxShare))")
            }
        }

        findings.evidence["minAgreement"] = Figure.json(spec.minAgreement)
        guard let stable else {
            findings.evidence["agreement"] = .string("not checked: there are no stable importances to compare with")
            return findings
        }
        guard let agreement = RankingAgreement.ndcg(candidate: candidate, stable: stable) else {
            findings.evidence["agreement"] = .string("not checked: stable gives no feature a positive importance, so it has no ranking to keep")
            return findings
        }
        findings.evidence["agreement"] = Figure.json(agreement)
        if agreement < spec.minAgreement {
            let order = { (items: [FeatureImportance]) in FeatureImportance.ranked(items).map(\.feature).joined(separator: ", ") }
            findings.violations.append("the candidate's ranking of features agrees with stable's to nDCG \(Figure.text(agreement)), below minAgreement "
                                       + "\(Figure.text(spec.minAgreement)) (candidate: \(order(candidate)); stable: \(order(stable)))")
        }
        return findings
    }
}
