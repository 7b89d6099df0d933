import Pipelines

/// Counts of rows by actual class (rows) and predicted class (columns), labels in class order.
public struct ConfusionMatrix: Sendable, Equatable {
    /// Every label seen in the actual or predicted values, in class order.
    public var labels: [String]
    /// `counts[i][j]`: rows whose actual label is `labels[i]` and predicted label `labels[j]`.
    public var counts: [[Int]]

    /// Tallies `actual` against `predicted` (same length, labels already canonical).
    public init(actual: [String], predicted: [String]) {
        labels = ClassLabel.sorted(Set(actual).union(predicted))
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        counts = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
        for (a, p) in zip(actual, predicted) { counts[index[a]!][index[p]!] += 1 }
    }

    /// `{"labels": [...], "counts": [[...]]}`, rows actual, columns predicted.
    public var json: JSONValue {
        .object(["labels": .array(labels.map(JSONValue.string)),
                 "counts": .array(counts.map { .array($0.map { .number(Double($0)) }) }),
                 "rows": .string("actual"), "columns": .string("predicted")])
    }
}
