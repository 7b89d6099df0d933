/// Errors of predicted numbers against actual ones.
enum RegressionMetrics {
    /// The root of the mean squared error.
    static func rmse(actual: [Double], predicted: [Double]) -> MetricValue {
        guard !actual.isEmpty else { return .undefined("there are no rows") }
        let squares = zip(actual, predicted).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return .value((squares / Double(actual.count)).squareRoot())
    }

    /// The mean absolute error.
    static func mae(actual: [Double], predicted: [Double]) -> MetricValue {
        guard !actual.isEmpty else { return .undefined("there are no rows") }
        let total = zip(actual, predicted).reduce(0.0) { $0 + abs($1.0 - $1.1) }
        return .value(total / Double(actual.count))
    }

    /// 1 − SS_res / SS_tot: the fraction of the labels' variance the predictions explain;
    /// undefined when every label is the same, as there is no variance to explain.
    static func r2(actual: [Double], predicted: [Double]) -> MetricValue {
        guard !actual.isEmpty else { return .undefined("there are no rows") }
        let mean = actual.reduce(0, +) / Double(actual.count)
        let total = actual.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) }
        guard total > 0 else { return .undefined("every label is \(Figure.text(mean)), so there is no variance to explain") }
        let residual = zip(actual, predicted).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return .value(1 - residual / total)
    }
}
