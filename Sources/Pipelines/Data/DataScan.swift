import Manifests

/// One pass over a CSV file, gathering what a `DataReport` and a `ReferenceProfile` need.
struct DataScan {
    /// The file's column names.
    let header: [String]
    /// One per schema column found in the header, in schema order.
    private(set) var columns: [ColumnAccumulator]
    /// Data rows read.
    private(set) var rows = 0
    /// Empty cells, in every column of the file.
    private(set) var missingCells = 0
    /// Rows equal to an earlier row.
    private(set) var duplicateRows = 0

    /// Reads the whole of `path`; throws when the file is not readable CSV.
    init(path: String, schema: DataSchema, reference: ReferenceProfile?) throws(CSVError) {
        let reader = try CSVReader(path: path)
        header = reader.header
        var fields: [String: Int] = [:]
        for (index, name) in header.enumerated() { fields[name] = index }
        columns = schema.columns.compactMap { column in
            fields[column.name].map { ColumnAccumulator(schema: column, field: $0, reference: reference?.column(named: column.name)) }
        }
        // Hashes only: keeping every row to spot repeats would hold the whole file in memory.
        var seenRows = Set<Int>()
        var record = CSVRecord()
        while try reader.next(into: &record) {
            rows += 1
            let row = rows
            record.bytes.withUnsafeBufferPointer { bytes in
                for index in columns.indices {
                    columns[index].add(UnsafeBufferPointer(rebasing: bytes[record.range(of: columns[index].field)]), row: row)
                }
                var hasher = Hasher()
                hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
                var start = 0
                for end in record.ends {
                    if end == start { missingCells += 1 }
                    hasher.combine(end)
                    start = end
                }
                if !seenRows.insert(hasher.finalize()).inserted { duplicateRows += 1 }
            }
        }
    }

    /// The file's own distribution.
    var profile: ReferenceProfile {
        ReferenceProfile(rows: rows, columns: columns.map { $0.profile(rows: rows) })
    }
}
