import Glibc

/// How well the candidate's ranking of features keeps stable's most important ones on top.
enum RankingAgreement {
    /// nDCG of the candidate's ranking, with stable's importances as relevance:
    /// rel(f) = max(stable's importance of f, 0), DCG = Σᵢ rel(fᵢ) / log₂(i + 1) over the
    /// candidate's ranking f₁, f₂, … (most important first), and nDCG = DCG / IDCG, where IDCG is
    /// the DCG of stable's own ranking. 1 when the candidate orders features as stable does; nil
    /// when stable gives no feature a positive importance, so there is no ranking to keep.
    static func ndcg(candidate: [FeatureImportance], stable: [FeatureImportance]) -> Double? {
        let relevance = Dictionary(stable.map { ($0.feature, max($0.mean, 0)) }, uniquingKeysWith: max)
        func dcg(_ ranking: [String]) -> Double {
            ranking.enumerated().reduce(0.0) { $0 + (relevance[$1.element] ?? 0) / log2(Double($1.offset + 2)) }
        }
        let ideal = dcg(relevance.sorted { $0.value > $1.value }.map(\.key))
        guard ideal > 0 else { return nil }
        return dcg(FeatureImportance.ranked(candidate).map(\.feature)) / ideal
    }
}
