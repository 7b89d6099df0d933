import Pipelines

/// How much a model's metric depends on one feature.
public struct FeatureImportance: Sendable, Equatable {
    public var feature: String
    /// The mean drop of the metric, in its better direction, when the feature is shuffled (or the
    /// explainer's figure).
    public var mean: Double
    /// The standard deviation of the drop over the repeats (divided by the number of repeats);
    /// nil when the figure came from an explainer.
    public var spread: Double?

    public init(feature: String, mean: Double, spread: Double?) {
        self.feature = feature
        self.mean = mean
        self.spread = spread
    }

    /// `{"feature": {"mean": …, "std": …}}` for a list of importances.
    static func json(_ importances: [FeatureImportance], shares: [String: Double]) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: importances.map { item in
            var fields: [String: JSONValue] = ["mean": Figure.json(item.mean)]
            if let spread = item.spread { fields["std"] = Figure.json(spread) }
            if let share = shares[item.feature] { fields["share"] = Figure.json(share) }
            return (item.feature, .object(fields))
        }))
    }

    /// Each feature's fraction of the total positive importance; empty when no feature has any.
    static func shares(_ importances: [FeatureImportance]) -> [String: Double] {
        let total = importances.reduce(0.0) { $0 + max($1.mean, 0) }
        guard total > 0 else { return [:] }
        return Dictionary(uniqueKeysWithValues: importances.map { ($0.feature, max($0.mean, 0) / total) })
    }

    /// Most important first; ties by name, so that a ranking never depends on input order.
    static func ranked(_ importances: [FeatureImportance]) -> [FeatureImportance] {
        importances.sorted { $0.mean != $1.mean ? $0.mean > $1.mean : $0.feature < $1.feature }
    }
}
