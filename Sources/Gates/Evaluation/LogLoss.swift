import Glibc

/// The mean negative log-likelihood of the actual classes.
enum LogLoss {
    /// Probabilities are clipped to [1e-15, 1 − 1e-15] so that one confident mistake costs a
    /// large but finite amount.
    static let clip = 1e-15

    /// The mean of −ln p over rows, where p is the probability the model gave each row's actual class.
    static func compute(actualClassProbabilities: [Double]) -> MetricValue {
        guard !actualClassProbabilities.isEmpty else { return .undefined("there are no rows") }
        let total = actualClassProbabilities.reduce(0.0) { $0 - log(min(max($1, clip), 1 - clip)) }
        return .value(total / Double(actualClassProbabilities.count))
    }
}
