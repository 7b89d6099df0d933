import Pipelines

/// The model that knows only the labels: what a candidate must beat to be worth serving.
enum TrivialBaseline {
    /// Always the most frequent class (the first in class order on a tie), with each class's
    /// frequency as its probability. The frequencies are the holdout's: the gate sees no training
    /// data, and on a holdout drawn like the training set they are the training prior.
    static func majorityClass(actual: [String]) -> (label: String, predictions: Predictions) {
        var counts: [String: Int] = [:]
        for label in actual { counts[label, default: 0] += 1 }
        let classes = ClassLabel.sorted(counts.keys)
        let most = counts.values.max() ?? 0
        let majority = classes.first { counts[$0] == most } ?? ""
        let total = Double(max(actual.count, 1))
        let prior = classes.map { Double(counts[$0]!) / total }
        var values: [Double] = []
        values.reserveCapacity(actual.count * classes.count)
        for _ in actual { values += prior }
        let predictions = Predictions(labels: Array(repeating: majority, count: actual.count), numbers: nil,
                                      probabilities: .perClass(classes: classes, columns: classes.count, values: values))
        return (majority, predictions)
    }

    /// Always the mean of the labels.
    static func mean(actual: [Double]) -> (mean: Double, predictions: [Double]) {
        let mean = actual.isEmpty ? 0 : actual.reduce(0, +) / Double(actual.count)
        return (mean, Array(repeating: mean, count: actual.count))
    }
}
