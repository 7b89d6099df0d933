/// What a model predicted for each holdout row, in row order.
public struct Predictions: Sendable, Equatable {
    /// Each row's prediction as a class label (numbers in canonical form: `1`, not `1.0`).
    public var labels: [String]
    /// Each row's prediction as a number, when every prediction is one (regression needs them).
    public var numbers: [Double]?
    /// The `probabilities` output, when the model returns one.
    public var probabilities: ClassProbabilities?

    public init(labels: [String], numbers: [Double]?, probabilities: ClassProbabilities?) {
        self.labels = labels
        self.numbers = numbers
        self.probabilities = probabilities
    }

    /// The number of rows predicted.
    public var count: Int { labels.count }
}
