/// One feature column of a holdout set, as it is sent to a model.
public struct FeatureColumn: Sendable, Equatable {
    /// The column's name in the CSV header, also the input's name in infer requests.
    public var name: String
    public var values: Values

    /// A column is numbers (sent as FP64) when every cell parses as a finite number, else text (BYTES).
    public enum Values: Sendable, Equatable {
        case numbers([Double])
        case texts([String])
    }

    public init(name: String, values: Values) {
        self.name = name
        self.values = values
    }

    /// The number of rows.
    public var count: Int {
        switch values {
        case .numbers(let numbers): return numbers.count
        case .texts(let texts): return texts.count
        }
    }

    /// The column with row `i` holding what row `order[i]` held.
    func reordered(_ order: [Int]) -> FeatureColumn {
        switch values {
        case .numbers(let numbers): return FeatureColumn(name: name, values: .numbers(order.map { numbers[$0] }))
        case .texts(let texts): return FeatureColumn(name: name, values: .texts(order.map { texts[$0] }))
        }
    }
}
