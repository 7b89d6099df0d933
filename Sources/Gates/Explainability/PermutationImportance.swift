import Pipelines
import Manifests

/// Permutation importance through a serving endpoint: shuffle one feature column, score the
/// holdout again, and see how much the metric gets worse.
struct PermutationImportance: Sendable {
    let holdout: Holdout
    let evaluation: HoldoutEvaluation
    let metric: Metric
    let repeats: Int
    let seed: Int
    let scorer: EndpointScorer

    /// The model's metric on the holdout as it is, and each feature's importance, in column order.
    func measure(at endpoint: InferenceEndpoint) async throws(ScoringError) -> (metric: Double, importances: [FeatureImportance]) {
        let intact = try await value(of: holdout.features, at: endpoint)
        var importances: [FeatureImportance] = []
        for (index, column) in holdout.features.enumerated() {
            var drops: [Double] = []
            for round in 0..<repeats {
                var features = holdout.features
                features[index] = column.reordered(order(feature: index, round: round))
                let shuffled = try await value(of: features, at: endpoint)
                drops.append(metric.higherIsBetter ? intact - shuffled : shuffled - intact)
            }
            let mean = drops.reduce(0, +) / Double(drops.count)
            let variance = drops.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / Double(drops.count)
            importances.append(FeatureImportance(feature: column.name, mean: mean, spread: variance.squareRoot()))
        }
        return (intact, importances)
    }

    /// The row order of `feature`'s shuffle in `round`: fixed by the seed, the column's position
    /// and the round alone, so candidate and stable see the very same shuffles.
    func order(feature: Int, round: Int) -> [Int] {
        var generator = SplitMix64(seed: UInt64(bitPattern: Int64(seed)) ^ (UInt64(feature) << 32) ^ UInt64(round))
        return generator.permutation(of: holdout.rowCount)
    }

    private func value(of features: [FeatureColumn], at endpoint: InferenceEndpoint) async throws(ScoringError) -> Double {
        let report = try evaluation.report(try await scorer.score(features, at: endpoint), from: endpoint)
        switch report[metric] {
        case .value(let number): return number
        case .undefined(let reason):
            throw ScoringError("\(EndpointScorer.describe(endpoint)): \(metric.rawValue) is undefined on holdout \(holdout.path): \(reason)")
        }
    }
}
