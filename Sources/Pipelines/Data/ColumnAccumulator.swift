import Foundation
import Manifests

/// Everything gathered about one schema column while its file is read: statistics, rule findings,
/// a sample for deciles, value counts, and bin counts against the reference's edges.
struct ColumnAccumulator: Sendable {
    /// Distinct values counted before giving up (statistics).
    static let distinctCap = 1000
    /// Distinct text values tallied before giving up (top values and categorical bins).
    static let tallyCap = 10_000
    /// Values kept for the deciles of a numeric profile.
    static let sampleCapacity = 20_000

    /// The column's rules.
    let schema: ColumnSchema
    /// The column's position in the file's header.
    let field: Int
    private let isNumeric: Bool
    private let allowedText: Set<String>?
    private let allowedNumbers: Set<Double>?
    /// The reference's numeric edges, when numeric drift is measured.
    private let referenceEdges: [Double]?

    /// Empty cells.
    private(set) var missing = 0
    /// Cells with a value of the column's type.
    private(set) var valued = 0
    /// Cells with a value not of the column's type.
    private(set) var invalid = 0
    private var low = Double.infinity, high = -Double.infinity
    private var mean = 0.0, squares = 0.0
    private var distinctNumbers: Set<Double> = []
    /// How often each text value occurs, for up to `tallyCap` distinct values.
    private(set) var tally: [String: Int] = [:]
    private var untallied = 0
    /// Numeric values kept for deciles.
    private(set) var sample = ValueSample(capacity: sampleCapacity)
    /// Counts per reference bin, then the count with no usable value.
    private(set) var referenceBins: [Int]

    /// Cells breaking each rule.
    private(set) var typeFindings = Findings()
    private(set) var minFindings = Findings()
    private(set) var maxFindings = Findings()
    private(set) var allowedFindings = Findings()
    private(set) var nullFindings = Findings()

    init(schema: ColumnSchema, field: Int, reference: ColumnProfile?) {
        self.schema = schema
        self.field = field
        isNumeric = schema.type == .number || schema.type == .integer
        let numbers = schema.values?.compactMap { value in
            value.utf8.withContiguousStorageIfAvailable { CellText.number($0) } ?? nil
        }
        if isNumeric, let numbers, numbers.count == schema.values?.count {
            allowedNumbers = Set(numbers)
            allowedText = nil
        } else {
            allowedNumbers = nil
            allowedText = schema.values.map(Set.init)
        }
        referenceEdges = isNumeric && reference?.kind == .numeric ? reference?.edges : nil
        referenceBins = [Int](repeating: 0, count: (referenceEdges?.count ?? -1) + 2)
    }

    /// Takes the cell of data row `row` (1-based).
    mutating func add(_ cell: UnsafeBufferPointer<UInt8>, row: Int) {
        if cell.isEmpty {
            missing += 1
            if !schema.nullable { nullFindings.note(row: row, cell) }
            noValue()
            return
        }
        switch schema.type {
        case .number, .integer:
            let value: Double?
            if schema.type == .integer {
                value = CellText.integer(cell).map(Double.init)
            } else {
                value = CellText.number(cell)
            }
            guard let value else { return rejected(cell, row: row) }
            addNumber(value, cell, row: row)
        case .boolean:
            guard CellText.boolean(cell) != nil else { return rejected(cell, row: row) }
            addText(cell, row: row)
        case .string:
            addText(cell, row: row)
        }
    }

    private mutating func rejected(_ cell: UnsafeBufferPointer<UInt8>, row: Int) {
        invalid += 1
        typeFindings.note(row: row, cell)
        noValue()
    }

    private mutating func noValue() {
        if referenceEdges != nil { referenceBins[referenceBins.count - 1] += 1 }
    }

    private mutating func addNumber(_ value: Double, _ cell: UnsafeBufferPointer<UInt8>, row: Int) {
        valued += 1
        if value < low { low = value }
        if value > high { high = value }
        // Welford's update keeps the variance accurate for large, close values.
        let delta = value - mean
        mean += delta / Double(valued)
        squares += delta * (value - mean)
        if distinctNumbers.count < Self.distinctCap { distinctNumbers.insert(value) }
        sample.add(value)
        if let referenceEdges { referenceBins[ColumnProfile.bin(of: value, edges: referenceEdges)] += 1 }
        if let min = schema.min, value < min { minFindings.note(row: row, cell) }
        if let max = schema.max, value > max { maxFindings.note(row: row, cell) }
        if let allowedNumbers, !allowedNumbers.contains(value) { allowedFindings.note(row: row, cell) }
    }

    private mutating func addText(_ cell: UnsafeBufferPointer<UInt8>, row: Int) {
        valued += 1
        // Short strings are stored inline, so this makes no allocation for typical categories.
        let text = String(decoding: cell, as: UTF8.self)
        if let allowedText, !allowedText.contains(text) { allowedFindings.note(row: row, cell) }
        if let count = tally[text] {
            tally[text] = count + 1
        } else if tally.count < Self.tallyCap {
            tally[text] = 1
        } else {
            untallied += 1
        }
    }

    /// The column's statistics, for `rows` data rows.
    func statistics(rows: Int) -> ColumnStatistics {
        var statistics = ColumnStatistics(
            name: schema.name, type: schema.type.rawValue, count: rows - missing, missing: missing,
            missingFraction: rows > 0 ? Double(missing) / Double(rows) : 0, invalid: invalid,
            distinct: isNumeric ? distinctNumbers.count : tally.count,
            distinctCapped: isNumeric ? distinctNumbers.count >= Self.distinctCap : untallied > 0)
        if isNumeric && valued > 0 {
            statistics.min = low
            statistics.max = high
            statistics.mean = mean
            statistics.std = valued > 1 ? (squares / Double(valued - 1)).squareRoot() : 0
        }
        if !isNumeric {
            let top = tally.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(5)
            statistics.topValues = top.map { ColumnStatistics.ValueCount(value: $0.key, count: $0.value) }
        }
        return statistics
    }

    /// The rules this column broke.
    func violations(rows: Int) -> [DataViolation] {
        let name = schema.name
        var found: [DataViolation?] = [
            typeFindings.violation(.type, column: name, schema.type == .boolean ? "values are not true or false" : "values are not \(schema.type == .integer ? "integers" : schema.type == .number ? "numbers" : "text")"),
            minFindings.violation(.min, column: name, "values are below the minimum \(schema.min?.plainText ?? "")"),
            maxFindings.violation(.max, column: name, "values are above the maximum \(schema.max?.plainText ?? "")"),
            allowedFindings.violation(.allowedValues, column: name,
                                      "values are not among the allowed values [\((schema.values ?? []).joined(separator: ", "))]"),
            nullFindings.violation(.nullable, column: name, "values are missing in a column that is not nullable"),
        ]
        if let limit = schema.maxMissing, rows > 0, Double(missing) / Double(rows) > limit {
            let fraction = Double(missing) / Double(rows)
            found.append(DataViolation(rule: .columnMaxMissing, column: name,
                                       message: "\(name): \(missing) of \(rows) values are missing (\(fraction.percent)), more than the allowed \(limit.percent)",
                                       count: missing))
        }
        return found.compactMap { $0 }
    }

    /// This column's own distribution, as a future reference.
    func profile(rows: Int) -> ColumnProfile {
        isNumeric
            ? .numeric(name: schema.name, sample: sample.values, valued: valued, rows: rows)
            : .categorical(name: schema.name, counts: tally, valued: valued, rows: rows)
    }

    /// The drift of this column against `reference`, or nil when the two cannot be compared.
    func drift(against reference: ColumnProfile, rows: Int, limit: Double?) -> ColumnDrift? {
        let current: [Double]
        switch reference.kind {
        case .numeric:
            guard referenceEdges != nil else { return nil }
            current = referenceBins.map(Double.init)
        case .categorical:
            guard !isNumeric, let categories = reference.categories else { return nil }
            var bins = categories.map { Double(tally[$0] ?? 0) }
            bins.append(Double(valued) - bins.reduce(0, +))
            bins.append(Double(rows - valued))
            current = bins
        }
        guard current.count == reference.shares.count else { return nil }
        let psi = PSI.index(reference: reference.shares, current: current)
        return ColumnDrift(column: schema.name, kind: reference.kind, psi: psi, bins: current.count,
                           exceeded: limit.map { psi > $0 } ?? false)
    }
}

extension Double {
    /// A fraction as a percentage with up to two decimals, e.g. `12.5%`.
    var percent: String {
        let hundredths = (self * 10_000).rounded() / 100
        return "\(hundredths.plainText)%"
    }

    /// The number without a trailing `.0` when it is whole.
    var plainText: String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
