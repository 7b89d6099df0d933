import Manifests

/// A holdout's labels ready to judge any model's predictions by the metrics of one kind of model.
struct HoldoutEvaluation: Sendable {
    /// Whether the metrics are RMSE, MAE and R² (else the classification ones).
    let regression: Bool
    /// The class counted as positive, in canonical form.
    let positive: String
    /// Each row's label in canonical form.
    let actualLabels: [String]
    /// Each row's label as a number, for regression.
    let actualNumbers: [Double]

    /// Prepares `holdout`'s labels for metrics of `metric`'s kind; regression needs numeric labels.
    init(_ holdout: Holdout, metric: Metric, positiveLabel: String) throws(HoldoutError) {
        regression = metric.isRegression
        positive = ClassLabel.canonical(positiveLabel)
        actualLabels = regression ? [] : holdout.labels.map(ClassLabel.canonical)
        actualNumbers = regression ? try holdout.numericLabels() : []
    }

    /// Every applicable metric of `predictions`; regression needs numeric predictions.
    func report(_ predictions: Predictions, from endpoint: InferenceEndpoint) throws(ScoringError) -> MetricReport {
        guard regression else {
            return MetricReport.classification(actual: actualLabels, predictions: predictions, positive: positive)
        }
        guard let numbers = predictions.numbers else {
            let example = predictions.labels.first { Double($0) == nil } ?? ""
            throw ScoringError("\(EndpointScorer.describe(endpoint)) predicts '\(example)', which is not a number; a regression metric needs numeric predictions")
        }
        return MetricReport.regression(actual: actualNumbers, predicted: numbers)
    }

    /// The trivial baseline's metrics and what it predicts, in words.
    func trivial() -> (model: String, report: MetricReport) {
        if regression {
            let (mean, predicted) = TrivialBaseline.mean(actual: actualNumbers)
            return ("the mean label, \(Figure.text(mean))", MetricReport.regression(actual: actualNumbers, predicted: predicted))
        }
        let (label, predictions) = TrivialBaseline.majorityClass(actual: actualLabels)
        return ("the majority class '\(label)' with the holdout's class frequencies as probabilities",
                MetricReport.classification(actual: actualLabels, predictions: predictions, positive: positive))
    }
}
