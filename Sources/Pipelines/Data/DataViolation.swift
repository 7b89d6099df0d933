/// One broken rule of a data schema (or a warning), with where it was seen.
public struct DataViolation: Encodable, Sendable, Equatable {
    /// The rule concerned.
    public enum Rule: String, Encodable, Sendable {
        /// A schema column is not in the header.
        case columnMissing
        /// A header column is not in the schema (a warning).
        case columnNotInSchema
        /// A value that is not of the column's type.
        case type
        /// A value below the column's `min`.
        case min
        /// A value above the column's `max`.
        case max
        /// A value outside the column's allowed values.
        case allowedValues
        /// A missing value in a column that is not nullable.
        case nullable
        /// The column's missing fraction is above its `maxMissing`.
        case columnMaxMissing
        /// The file's missing fraction (missing cells / all cells) is above the schema's `maxMissing`.
        case maxMissing
        /// Fewer rows than `minRows`.
        case minRows
        /// The fraction of rows that repeat an earlier row is above `maxDuplicates`.
        case maxDuplicates
        /// A column's population stability index against the reference is above `maxPSI`.
        case drift
        /// A column that could not be compared with the reference (a warning).
        case noReference
    }

    /// The rule broken.
    public var rule: Rule
    /// The column concerned; nil for rules about the whole file.
    public var column: String?
    /// What went wrong, in a sentence.
    public var message: String
    /// How many cells or rows break the rule, when it is counted.
    public var count: Int?
    /// The first (at most `DataViolation.sampleSize`) offending data rows, 1-based, the header not counted.
    public var rows: [Int]
    /// The offending values of those rows, shortened when long.
    public var values: [String]

    /// How many offending rows and values are kept as a sample.
    public static let sampleSize = 10

    /// A violation from its parts.
    public init(rule: Rule, column: String?, message: String, count: Int? = nil, rows: [Int] = [], values: [String] = []) {
        self.rule = rule
        self.column = column
        self.message = message
        self.count = count
        self.rows = rows
        self.values = values
    }
}

/// Offending cells of one rule in one column while a file is read: a count and the first few.
struct Findings: Sendable {
    /// Offending cells in all.
    private(set) var count = 0
    /// The first offending rows.
    private(set) var rows: [Int] = []
    /// Their values, shortened.
    private(set) var values: [String] = []

    /// Records one offending cell.
    mutating func note(row: Int, _ cell: UnsafeBufferPointer<UInt8>) {
        count += 1
        guard rows.count < DataViolation.sampleSize else { return }
        rows.append(row)
        let text = String(decoding: cell.prefix(60), as: UTF8.self)
        values.append(cell.count > 60 ? text + "…" : text)
    }

    /// The violation for these findings, or nil when there were none.
    func violation(_ rule: DataViolation.Rule, column: String, _ message: String) -> DataViolation? {
        guard count > 0 else { return nil }
        let sample = rows.map(String.init).joined(separator: ", ") + (count > rows.count ? ", …" : "")
        return DataViolation(rule: rule, column: column, message: "\(column): \(count) \(message) (rows \(sample))",
                             count: count, rows: rows, values: values)
    }
}
