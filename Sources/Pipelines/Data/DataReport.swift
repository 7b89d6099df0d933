/// The outcome of checking one CSV file against a data schema: the evidence of the `data` gate.
public struct DataReport: Encodable, Sendable, Equatable {
    /// The outcome of the check.
    public enum Verdict: String, Encodable, Sendable {
        /// Every rule holds.
        case pass
        /// At least one rule is broken (see `violations`).
        case fail
        /// The file (or the reference) could not be read (see `error`).
        case error
    }

    /// The file checked.
    public var file: String
    /// Pass, fail, or error.
    public var verdict: Verdict
    /// Why the file could not be checked, when the verdict is `error`.
    public var error: CSVError?
    /// Data rows (the header not counted).
    public var rows: Int
    /// The header's column names.
    public var header: [String]
    /// Empty cells over the whole file.
    public var missingCells: Int
    /// Missing cells over all cells of the file.
    public var missingFraction: Double
    /// Rows that repeat an earlier row.
    public var duplicateRows: Int
    /// Repeated rows over rows.
    public var duplicateFraction: Double
    /// One entry per schema column found in the header, in schema order.
    public var statistics: [ColumnStatistics]
    /// Every broken rule; empty when the verdict is `pass`.
    public var violations: [DataViolation]
    /// Things worth a look that do not fail the check (columns not in the schema, columns without reference).
    public var warnings: [DataViolation]
    /// Every column's population stability index against the reference; empty without a reference.
    public var drift: [ColumnDrift]
    /// The limit the drift was judged against.
    public var maxPSI: Double?
    /// The checked file's own distribution, to be stored as the reference for later data.
    public var profile: ReferenceProfile?

    /// A report for a file that could not be checked.
    static func failed(_ error: CSVError, file: String) -> DataReport {
        DataReport(file: file, verdict: .error, error: error, rows: 0, header: [], missingCells: 0, missingFraction: 0,
                   duplicateRows: 0, duplicateFraction: 0, statistics: [], violations: [], warnings: [], drift: [])
    }

    /// A few lines for people: the verdict, the size, then each broken rule.
    public var summary: String {
        switch verdict {
        case .error:
            return "error: \(error?.description ?? file)"
        case .pass, .fail:
            var lines = ["\(verdict.rawValue): \(file): \(rows) rows, \(header.count) columns, \(violations.count) rule\(violations.count == 1 ? "" : "s") broken"]
            if let worst = drift.max(by: { $0.psi < $1.psi }) {
                let limit = maxPSI.map { " (limit \($0.plainText))" } ?? ""
                lines.append("largest drift: \(worst.column) PSI \(worst.psi.rounded(toPlaces: 4).plainText)\(limit)")
            }
            lines += violations.map { "  - \($0.message)" }
            lines += warnings.map { "  warning: \($0.message)" }
            return lines.joined(separator: "\n")
        }
    }
}

extension Double {
    /// The value rounded to `places` decimals, for display.
    func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
