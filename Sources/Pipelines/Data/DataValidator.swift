import Manifests

/// What a data set's drift is measured against: the stable version's data file, or its stored profile.
public enum DataReference: Sendable, Equatable {
    /// A CSV file, profiled with the same schema before the check.
    case file(String)
    /// A profile made earlier and stored.
    case profile(ReferenceProfile)
}

/// Checks a CSV file against a `DataSchema` and, given a reference, measures its drift: the `data` gate's engine.
public struct DataValidator: Sendable {
    /// The rules the file must follow.
    public var schema: DataSchema
    /// What drift is measured against; nil measures none.
    public var reference: DataReference?
    /// Largest population stability index allowed for any column; nil measures drift without judging it.
    public var maxPSI: Double?

    /// A validator for `schema`, measuring drift against `reference` and judging it by `maxPSI`.
    public init(schema: DataSchema, reference: DataReference? = nil, maxPSI: Double? = nil) {
        self.schema = schema
        self.reference = reference
        self.maxPSI = maxPSI
    }

    /// The distribution of the schema's columns in the file at `path`, to serve as a reference later.
    public static func profile(csvAt path: String, schema: DataSchema) throws(CSVError) -> ReferenceProfile {
        try DataScan(path: path, schema: schema, reference: nil).profile
    }

    /// Checks the file at `path`; a file that cannot be read gives a report whose verdict is `error`.
    public func check(csvAt path: String) -> DataReport {
        var referenceProfile: ReferenceProfile?
        switch reference {
        case .file(let referencePath):
            do {
                referenceProfile = try Self.profile(csvAt: referencePath, schema: schema)
            } catch {
                var problem = error
                problem.message = "the reference data (stable's) cannot be read: \(error.message)"
                return .failed(problem, file: path)
            }
        case .profile(let profile):
            referenceProfile = profile
        case nil:
            referenceProfile = nil
        }
        let scan: DataScan
        do {
            scan = try DataScan(path: path, schema: schema, reference: referenceProfile)
        } catch {
            return .failed(error, file: path)
        }
        return report(scan, file: path, reference: referenceProfile)
    }

    private func report(_ scan: DataScan, file: String, reference: ReferenceProfile?) -> DataReport {
        let rows = scan.rows
        var violations: [DataViolation] = []
        var warnings: [DataViolation] = []
        let header = Set(scan.header)
        for column in schema.columns where !header.contains(column.name) {
            violations.append(DataViolation(rule: .columnMissing, column: column.name,
                                            message: "\(column.name): the column is not in the header of \(file)"))
        }
        let known = Set(schema.columns.map(\.name))
        for name in scan.header where !known.contains(name) {
            warnings.append(DataViolation(rule: .columnNotInSchema, column: name,
                                          message: "\(name): the column is not in the schema; it is not checked"))
        }
        for column in scan.columns { violations += column.violations(rows: rows) }

        let cells = rows * scan.header.count
        let missingFraction = cells > 0 ? Double(scan.missingCells) / Double(cells) : 0
        if let limit = schema.maxMissing, missingFraction > limit {
            violations.append(DataViolation(rule: .maxMissing, column: nil,
                                            message: "\(scan.missingCells) of \(cells) cells are missing (\(missingFraction.percent)), more than the allowed \(limit.percent)",
                                            count: scan.missingCells))
        }
        if let minRows = schema.minRows, rows < minRows {
            violations.append(DataViolation(rule: .minRows, column: nil,
                                            message: "the file has \(rows) rows, fewer than the required \(minRows)", count: rows))
        }
        let duplicateFraction = rows > 0 ? Double(scan.duplicateRows) / Double(rows) : 0
        if let limit = schema.maxDuplicates, duplicateFraction > limit {
            violations.append(DataViolation(rule: .maxDuplicates, column: nil,
                                            message: "\(scan.duplicateRows) of \(rows) rows repeat an earlier row (\(duplicateFraction.percent)), more than the allowed \(limit.percent)",
                                            count: scan.duplicateRows))
        }

        var drift: [ColumnDrift] = []
        if let reference {
            for column in scan.columns {
                guard let profile = reference.column(named: column.schema.name),
                      let measured = column.drift(against: profile, rows: rows, limit: maxPSI) else {
                    warnings.append(DataViolation(rule: .noReference, column: column.schema.name,
                                                  message: "\(column.schema.name): no comparable column in the reference; drift not measured"))
                    continue
                }
                drift.append(measured)
                if measured.exceeded, let maxPSI {
                    violations.append(DataViolation(rule: .drift, column: measured.column,
                                                    message: "\(measured.column): drifted from the reference, PSI \(measured.psi.rounded(toPlaces: 4).plainText) is above the limit \(maxPSI.plainText)"))
                }
            }
        }
        return DataReport(file: file, verdict: violations.isEmpty ? .pass : .fail, error: nil, rows: rows, header: scan.header,
                          missingCells: scan.missingCells, missingFraction: missingFraction,
                          duplicateRows: scan.duplicateRows, duplicateFraction: duplicateFraction,
                          statistics: scan.columns.map { $0.statistics(rows: rows) }, violations: violations,
                          warnings: warnings, drift: drift, maxPSI: maxPSI, profile: scan.profile)
    }
}
