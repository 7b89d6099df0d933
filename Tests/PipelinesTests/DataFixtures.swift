import Foundation
@testable import Manifests
import Pipelines
import TestSupport

/// A column of a test schema; nullable by default when it has a `maxMissing`, as in manifests.
func column(_ name: String, _ type: ColumnSchema.ColumnType, min: Double? = nil, max: Double? = nil,
            values: [String]? = nil, nullable: Bool? = nil, maxMissing: Double? = nil) -> ColumnSchema {
    ColumnSchema(name: name, location: SourceLocation(line: 1, column: 1), type: type, min: min, max: max,
                 values: values, nullable: nullable ?? (maxMissing != nil), maxMissing: maxMissing)
}

/// A test schema.
func schema(_ columns: [ColumnSchema], maxMissing: Double? = nil, minRows: Int? = nil, maxDuplicates: Double? = nil) -> DataSchema {
    DataSchema(columns: columns, maxMissing: maxMissing, minRows: minRows, maxDuplicates: maxDuplicates)
}

extension TemporaryDirectory {
    /// Writes raw bytes to `name` in the folder; returns the full path.
    func writeBytes(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    /// Writes a CSV file with `header` and `rows` (cells joined by commas, no quoting); returns its path.
    func csv(_ name: String, header: String, rows: [String]) throws -> String {
        try write(name, ([header] + rows).joined(separator: "\n") + "\n")
    }
}
