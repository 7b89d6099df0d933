import Manifests
import Pipelines

/// Every metric that applies to one model's predictions on a holdout set.
public struct MetricReport: Sendable, Equatable {
    /// Each applicable metric's value or why it has none.
    public var values: [Metric: MetricValue]
    /// Actual against predicted labels, for classification.
    public var confusion: ConfusionMatrix?

    /// The value of `metric`, undefined when it does not apply to this kind of model.
    public subscript(metric: Metric) -> MetricValue {
        values[metric] ?? .undefined("\(metric.rawValue) does not apply to a \(metric.isRegression ? "classification" : "regression") model")
    }

    /// Accuracy, precision, recall, F1, AUC, log loss and the confusion matrix; AUC and log loss
    /// need the model's probabilities and are undefined without them.
    public static func classification(actual: [String], predictions: Predictions, positive: String) -> MetricReport {
        let predicted = predictions.labels
        var values: [Metric: MetricValue] = [
            .accuracy: ClassificationMetrics.accuracy(actual: actual, predicted: predicted),
            .precision: ClassificationMetrics.precision(actual: actual, predicted: predicted, positive: positive),
            .recall: ClassificationMetrics.recall(actual: actual, predicted: predicted, positive: positive),
            .f1: ClassificationMetrics.f1(actual: actual, predicted: predicted, positive: positive),
        ]
        if let probabilities = predictions.probabilities {
            switch probabilities.scores(for: positive, actual: actual, predicted: predicted) {
            case .success(let scores): values[.auc] = ROCAUC.compute(actual: actual, scores: scores, positive: positive)
            case .failure(let problem): values[.auc] = .undefined(problem.reason)
            }
            switch probabilities.actualClassProbabilities(actual: actual, predicted: predicted, positive: positive) {
            case .success(let p): values[.logLoss] = LogLoss.compute(actualClassProbabilities: p)
            case .failure(let problem): values[.logLoss] = .undefined(problem.reason)
            }
        } else {
            let missing = MetricValue.undefined("the model returns no 'probabilities' output")
            values[.auc] = missing
            values[.logLoss] = missing
        }
        return MetricReport(values: values, confusion: ConfusionMatrix(actual: actual, predicted: predicted))
    }

    /// RMSE, MAE and R².
    public static func regression(actual: [Double], predicted: [Double]) -> MetricReport {
        MetricReport(values: [
            .rmse: RegressionMetrics.rmse(actual: actual, predicted: predicted),
            .mae: RegressionMetrics.mae(actual: actual, predicted: predicted),
            .r2: RegressionMetrics.r2(actual: actual, predicted: predicted),
        ], confusion: nil)
    }

    /// `{"metrics": {name: value or {"undefined": why}}, "confusionMatrix": …}`.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "metrics": .object(Dictionary(uniqueKeysWithValues: values.map { ($0.rawValue, $1.json) })),
        ]
        if let confusion { object["confusionMatrix"] = confusion.json }
        return .object(object)
    }
}
