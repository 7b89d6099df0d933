import Pipelines
import Foundation
import Manifests
import Testing
@testable import Gates

/// Metrics against values worked out by hand (and scikit-learn's documented examples).
@Suite struct EvaluationMetricsTests {
    static func close(_ value: MetricValue, _ expected: Double, tolerance: Double = 1e-9) -> Bool {
        guard let number = value.number else { return false }
        return abs(number - expected) <= tolerance
    }

    @Test func classificationCountsOnASmallExample() {
        // tp 3, fn 1, fp 1, tn 3.
        let actual = ["1", "1", "1", "0", "0", "0", "0", "1"]
        let predicted = ["1", "0", "1", "0", "1", "0", "0", "1"]
        #expect(ClassificationMetrics.accuracy(actual: actual, predicted: predicted) == .value(0.75))
        #expect(ClassificationMetrics.precision(actual: actual, predicted: predicted, positive: "1") == .value(0.75))
        #expect(ClassificationMetrics.recall(actual: actual, predicted: predicted, positive: "1") == .value(0.75))
        #expect(Self.close(ClassificationMetrics.f1(actual: actual, predicted: predicted, positive: "1"), 0.75))
        // For class 0: tp 3, fp 1 (actual 1 predicted 0), fn 1.
        #expect(ClassificationMetrics.precision(actual: actual, predicted: predicted, positive: "0") == .value(0.75))
    }

    @Test func precisionAndF1DifferWhenErrorsAreLopsided() {
        // tp 1, fp 3, fn 0: precision 1/4, recall 1, F1 = 2·0.25·1 / 1.25 = 0.4.
        let actual = ["1", "0", "0", "0"]
        let predicted = ["1", "1", "1", "1"]
        #expect(ClassificationMetrics.precision(actual: actual, predicted: predicted, positive: "1") == .value(0.25))
        #expect(ClassificationMetrics.recall(actual: actual, predicted: predicted, positive: "1") == .value(1))
        #expect(Self.close(ClassificationMetrics.f1(actual: actual, predicted: predicted, positive: "1"), 0.4))
    }

    @Test func noPositivePredictionIsZeroButNoPositiveRowIsUndefined() {
        #expect(ClassificationMetrics.precision(actual: ["1", "0"], predicted: ["0", "0"], positive: "1") == .value(0))
        #expect(ClassificationMetrics.f1(actual: ["1", "0"], predicted: ["0", "0"], positive: "1") == .value(0))
        guard case .undefined(let why) = ClassificationMetrics.recall(actual: ["0", "0"], predicted: ["1", "0"], positive: "1") else {
            Issue.record("recall without positive rows has a value")
            return
        }
        #expect(why.contains("no row labelled '1'"))
        #expect(ClassificationMetrics.f1(actual: ["0", "0"], predicted: ["1", "0"], positive: "1").number == nil)
    }

    @Test func aucOfKnownExamples() {
        // scikit-learn's roc_auc_score example: 0.75.
        #expect(ROCAUC.compute(actual: ["0", "0", "1", "1"], scores: [0.1, 0.4, 0.35, 0.8], positive: "1") == .value(0.75))
        #expect(ROCAUC.compute(actual: ["0", "1"], scores: [0.2, 0.9], positive: "1") == .value(1))
        #expect(ROCAUC.compute(actual: ["0", "1"], scores: [0.9, 0.2], positive: "1") == .value(0))
        // A tie between a positive and a negative counts half.
        #expect(ROCAUC.compute(actual: ["0", "1"], scores: [0.5, 0.5], positive: "1") == .value(0.5))
        #expect(ROCAUC.compute(actual: ["0", "1", "1"], scores: [0.5, 0.5, 0.9], positive: "1") == .value(0.75))
    }

    @Test func aucOfOneClassIsUndefined() {
        guard case .undefined(let why) = ROCAUC.compute(actual: ["1", "1"], scores: [0.2, 0.3], positive: "1") else {
            Issue.record("AUC of one class has a value")
            return
        }
        #expect(why.contains("both classes"))
        #expect(ROCAUC.compute(actual: ["0", "0"], scores: [0.2, 0.3], positive: "1").number == nil)
    }

    /// Counts every (positive, negative) pair: 1 when the positive scores higher, ½ on a tie.
    static func pairwiseAUC(_ actual: [String], _ scores: [Double]) -> Double {
        var wins = 0.0, pairs = 0.0
        for i in actual.indices where actual[i] == "1" {
            for j in actual.indices where actual[j] != "1" {
                pairs += 1
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0
            }
        }
        return wins / pairs
    }

    @Test(arguments: 0..<25) func aucAgreesWithPairwiseCounting(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed))
        let count = 2 + generator.below(60)
        // Few distinct scores, so that ties are common.
        let scores = (0..<count).map { _ in Double(generator.below(7)) / 6 }
        var actual = (0..<count).map { _ in generator.below(3) == 0 ? "1" : "0" }
        actual[0] = "1"
        actual[1] = "0"
        let auc = ROCAUC.compute(actual: actual, scores: scores, positive: "1")
        #expect(Self.close(auc, Self.pairwiseAUC(actual, scores), tolerance: 1e-12), "\(actual) \(scores)")
    }

    @Test func logLossOfAKnownExample() {
        // scikit-learn's log_loss example: classes ham < spam, 0.21616187468057912.
        let probabilities = ClassProbabilities.perClass(classes: nil, columns: 2, values: [0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.35, 0.65])
        let actual = ["spam", "ham", "ham", "spam"]
        let report = MetricReport.classification(
            actual: actual, predictions: Predictions(labels: ["spam", "ham", "ham", "spam"], numbers: nil, probabilities: probabilities),
            positive: "spam")
        #expect(Self.close(report[.logLoss], 0.21616187468057912, tolerance: 1e-12))
        #expect(report[.auc] == .value(1))
    }

    @Test func logLossClipsCertainMistakes() {
        #expect(Self.close(LogLoss.compute(actualClassProbabilities: [0]), -log(1e-15), tolerance: 1e-9))
        #expect(Self.close(LogLoss.compute(actualClassProbabilities: [1]), -log(1 - 1e-15), tolerance: 1e-18))
        #expect(LogLoss.compute(actualClassProbabilities: [0, 1]).number!.isFinite)
    }

    @Test func positiveClassProbabilitiesServeAUCAndLogLoss() {
        let predictions = Predictions(labels: ["0", "1", "1"], numbers: [0, 1, 1], probabilities: .positive([0.2, 0.6, 0.9]))
        let report = MetricReport.classification(actual: ["0", "0", "1"], predictions: predictions, positive: "1")
        #expect(report[.auc] == .value(1))
        // p(actual) = 0.8, 0.4, 0.9.
        #expect(Self.close(report[.logLoss], -(log(0.8) + log(0.4) + log(0.9)) / 3))
    }

    @Test func missingOrMismatchedProbabilitiesLeaveAUCAndLogLossUndefined() {
        let none = MetricReport.classification(actual: ["0", "1"], predictions: Predictions(labels: ["0", "1"], numbers: nil, probabilities: nil), positive: "1")
        #expect(none[.auc] == .undefined("the model returns no 'probabilities' output"))
        #expect(none[.accuracy] == .value(1))
        let threeColumns = Predictions(labels: ["0", "1"], numbers: nil, probabilities: .perClass(classes: nil, columns: 3, values: [0.2, 0.3, 0.5, 0.1, 0.8, 0.1]))
        let report = MetricReport.classification(actual: ["0", "1"], predictions: threeColumns, positive: "1")
        guard case .undefined(let why) = report[.auc] else {
            Issue.record("AUC computed from columns of unknown classes")
            return
        }
        #expect(why.contains("3 columns") && why.contains("2 classes"))
        let named = Predictions(labels: ["0", "1"], numbers: nil, probabilities: .perClass(classes: ["0", "1", "2"], columns: 3, values: [0.2, 0.3, 0.5, 0.1, 0.8, 0.1]))
        #expect(MetricReport.classification(actual: ["0", "1"], predictions: named, positive: "1")[.auc] == .value(1))
        let onePositiveColumnThreeClasses = Predictions(labels: ["0", "1", "2"], numbers: nil, probabilities: .positive([0.1, 0.9, 0.2]))
        #expect(MetricReport.classification(actual: ["0", "1", "2"], predictions: onePositiveColumnThreeClasses, positive: "1")[.logLoss].number == nil)
    }

    @Test func confusionMatrixOrdersNumericLabelsByValue() {
        let matrix = ConfusionMatrix(actual: ["10", "2", "2", "10"], predicted: ["10", "10", "2", "2"])
        #expect(matrix.labels == ["2", "10"])
        #expect(matrix.counts == [[1, 1], [1, 1]])
        let words = ConfusionMatrix(actual: ["cat", "dog", "cat"], predicted: ["cat", "cat", "bird"])
        #expect(words.labels == ["bird", "cat", "dog"])
        #expect(words.counts == [[0, 0, 0], [1, 1, 0], [0, 1, 0]])
    }

    @Test(arguments: [("1", "1"), ("1.0", "1"), ("01", "1"), ("-2.50", "-2.5"), ("yes", "yes"), ("", ""), ("nan", "nan"), ("1e3", "1000")])
    func labelsAreCompared(_ text: String, canonically expected: String) {
        #expect(ClassLabel.canonical(text) == expected)
    }

    @Test func regressionErrorsOfAKnownExample() {
        // scikit-learn's examples: MSE 0.375, MAE 0.5, R² 0.9486081370449679.
        let actual = [3, -0.5, 2, 7], predicted = [2.5, 0.0, 2, 8]
        let report = MetricReport.regression(actual: actual, predicted: predicted)
        #expect(Self.close(report[.rmse], 0.375.squareRoot()))
        #expect(report[.mae] == .value(0.5))
        #expect(Self.close(report[.r2], 0.9486081370449679, tolerance: 1e-12))
        #expect(report[.accuracy].number == nil)
        #expect(report.confusion == nil)
    }

    @Test func rSquaredOfConstantLabelsIsUndefined() {
        #expect(RegressionMetrics.r2(actual: [2, 2, 2], predicted: [1, 2, 3]).number == nil)
        #expect(RegressionMetrics.rmse(actual: [2, 2, 2], predicted: [1, 2, 3]) == .value((2.0 / 3).squareRoot()))
    }

    @Test func majorityClassBaselineUsesThePrior() {
        let (label, predictions) = TrivialBaseline.majorityClass(actual: ["0", "1", "0"])
        #expect(label == "0")
        let report = MetricReport.classification(actual: ["0", "1", "0"], predictions: predictions, positive: "1")
        #expect(Self.close(report[.accuracy], 2.0 / 3))
        #expect(report[.auc] == .value(0.5))
        #expect(Self.close(report[.logLoss], -(2.0 / 3 * log(2.0 / 3) + 1.0 / 3 * log(1.0 / 3))))
        #expect(report[.precision] == .value(0))
        #expect(report[.recall] == .value(0))
    }

    @Test func majorityClassTieGoesToTheFirstClass() {
        #expect(TrivialBaseline.majorityClass(actual: ["10", "9", "9", "10"]).label == "9")
        #expect(TrivialBaseline.majorityClass(actual: ["b", "a"]).label == "a")
    }

    @Test func meanBaselineHasTheLabelsSpreadAsError() {
        let (mean, predicted) = TrivialBaseline.mean(actual: [1, 2, 3, 6])
        #expect(mean == 3)
        let report = MetricReport.regression(actual: [1, 2, 3, 6], predicted: predicted)
        // Deviations -2, -1, 0, 3: squares sum 14, absolutes 6.
        #expect(Self.close(report[.rmse], (14.0 / 4).squareRoot()))
        #expect(report[.mae] == .value(1.5))
        #expect(report[.r2] == .value(0))
    }

    @Test func reportJSONHoldsEveryMetricAndTheMatrix() throws {
        let report = MetricReport.classification(actual: ["0", "1"], predictions: Predictions(labels: ["0", "0"], numbers: nil, probabilities: nil), positive: "1")
        let text = String(decoding: try JSONEncoder().encode(report.json), as: UTF8.self)
        for name in ["accuracy", "precision", "recall", "f1", "auc", "logLoss", "confusionMatrix", "undefined"] {
            #expect(text.contains("\"\(name)\""), "\(text)")
        }
    }
}
