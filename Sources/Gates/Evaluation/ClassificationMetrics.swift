/// Accuracy, precision, recall and F1 of predicted labels against actual ones.
///
/// Where a denominator counts what the model did (no positive prediction), the metric is 0, as
/// scikit-learn's `zero_division=0`; where it counts what the data holds (no positive row), the
/// metric is undefined, since no model could do better or worse on that holdout.
enum ClassificationMetrics {
    /// The fraction of rows whose predicted label is the actual one.
    static func accuracy(actual: [String], predicted: [String]) -> MetricValue {
        guard !actual.isEmpty else { return .undefined("there are no rows") }
        let right = zip(actual, predicted).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        return .value(Double(right) / Double(actual.count))
    }

    /// tp / (tp + fp) for the `positive` class; 0 when nothing is predicted positive.
    static func precision(actual: [String], predicted: [String], positive: String) -> MetricValue {
        let counts = Counts(actual: actual, predicted: predicted, positive: positive)
        let predictedPositive = counts.truePositives + counts.falsePositives
        return .value(predictedPositive == 0 ? 0 : Double(counts.truePositives) / Double(predictedPositive))
    }

    /// tp / (tp + fn) for the `positive` class; undefined when no row is actually positive.
    static func recall(actual: [String], predicted: [String], positive: String) -> MetricValue {
        let counts = Counts(actual: actual, predicted: predicted, positive: positive)
        let actualPositive = counts.truePositives + counts.falseNegatives
        guard actualPositive > 0 else { return .undefined("the holdout has no row labelled '\(positive)'") }
        return .value(Double(counts.truePositives) / Double(actualPositive))
    }

    /// The harmonic mean of precision and recall; 0 when both are 0.
    static func f1(actual: [String], predicted: [String], positive: String) -> MetricValue {
        guard let recall = recall(actual: actual, predicted: predicted, positive: positive).number else {
            return .undefined("the holdout has no row labelled '\(positive)'")
        }
        let precision = precision(actual: actual, predicted: predicted, positive: positive).number ?? 0
        return .value(precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall))
    }

    /// True and false positives and false negatives for one class.
    private struct Counts {
        var truePositives = 0, falsePositives = 0, falseNegatives = 0

        init(actual: [String], predicted: [String], positive: String) {
            for (a, p) in zip(actual, predicted) {
                switch (a == positive, p == positive) {
                case (true, true): truePositives += 1
                case (false, true): falsePositives += 1
                case (true, false): falseNegatives += 1
                case (false, false): break
                }
            }
        }
    }
}
