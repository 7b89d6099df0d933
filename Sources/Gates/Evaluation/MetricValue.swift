import Pipelines

/// A metric computed on a holdout set, or why it has no value there.
public enum MetricValue: Sendable, Equatable {
    case value(Double)
    /// The metric means nothing on this data (AUC with one class, say); the reason says why.
    case undefined(String)

    /// The number, if there is one.
    public var number: Double? {
        if case .value(let number) = self { return number }
        return nil
    }

    /// The number, or `{"undefined": reason}`.
    public var json: JSONValue {
        switch self {
        case .value(let number): return Figure.json(number)
        case .undefined(let reason): return .object(["undefined": .string(reason)])
        }
    }
}
