/// What a model's `probabilities` output says about each row.
public enum ClassProbabilities: Sendable, Equatable {
    /// Shape [n]: the probability of the positive class.
    case positive([Double])
    /// Shape [n, k], row-major. The columns are `classes` when the output names them in its
    /// parameters, otherwise the sorted labels of the holdout and the predictions.
    case perClass(classes: [String]?, columns: Int, values: [Double])

    /// The number of rows.
    public var rowCount: Int {
        switch self {
        case .positive(let values): return values.count
        case .perClass(_, let columns, let values): return columns == 0 ? 0 : values.count / columns
        }
    }

    /// Each row's score for `positive`, as AUC ranks them.
    func scores(for positive: String, actual: [String], predicted: [String]) -> Result<[Double], Unusable> {
        switch self {
        case .positive(let values):
            return .success(values)
        case .perClass(let named, let columns, let values):
            let classes: [String]
            switch resolve(named, columns: columns, actual: actual, predicted: predicted) {
            case .success(let resolved): classes = resolved
            case .failure(let problem): return .failure(problem)
            }
            guard let column = classes.firstIndex(of: positive) else {
                return .failure(Unusable(reason: "the positive label '\(positive)' is not among the probability columns (\(classes.joined(separator: ", ")))"))
            }
            return .success(stride(from: column, to: values.count, by: columns).map { values[$0] })
        }
    }

    /// The probability each row gave its actual class, as log loss reads it.
    func actualClassProbabilities(actual: [String], predicted: [String], positive: String) -> Result<[Double], Unusable> {
        switch self {
        case .positive(let values):
            let classes = Set(actual).union(predicted).union([positive])
            guard classes.count <= 2 else {
                return .failure(Unusable(reason: "probabilities has one column (the positive class's) but there are \(classes.count) classes; return one column per class"))
            }
            return .success(zip(actual, values).map { $0 == positive ? $1 : 1 - $1 })
        case .perClass(let named, let columns, let values):
            let classes: [String]
            switch resolve(named, columns: columns, actual: actual, predicted: predicted) {
            case .success(let resolved): classes = resolved
            case .failure(let problem): return .failure(problem)
            }
            let index = Dictionary(classes.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            // A class the model has no column for got probability 0 from it.
            return .success(actual.enumerated().map { row, label in index[label].map { values[row * columns + $0] } ?? 0 })
        }
    }

    /// The class of each column: as named, or the sorted labels, which must be as many as the columns.
    private func resolve(_ named: [String]?, columns: Int, actual: [String], predicted: [String]) -> Result<[String], Unusable> {
        if let named { return .success(named) }
        let classes = ClassLabel.sorted(Set(actual).union(predicted))
        guard classes.count == columns else {
            return .failure(Unusable(reason: "probabilities has \(columns) columns but the holdout and the predictions hold \(classes.count) classes "
                                     + "(\(classes.joined(separator: ", "))); name the columns in the output's parameters as \"classes\": [...]"))
        }
        return .success(classes)
    }

    /// Why the probabilities cannot serve a metric.
    struct Unusable: Error {
        var reason: String
    }
}
