import Foundation
import Manifests
import Pipelines
import Testing
import TestSupport

/// Which cells count as numbers, integers and booleans, seen through the validator.
@Suite struct DataCellTextTests {
    static let numberCases: [(String, Bool)] = [
        ("0", true), ("-1.5", true), ("+2", true), (".5", true), ("5.", true), ("1e3", true), ("1E-3", true),
        ("123456789012345678901234567890", true), ("0.1000000000000000055511151231257827", true),
        ("", false), ("-", false), (".", false), ("1e", false), ("1 ", false), (" 1", false), ("1,5", false),
        ("nan", false), ("inf", false), ("0x10", false), ("1e400", false), ("1.2.3", false),
    ]

    static let integerCases: [(String, Bool)] = [
        ("0", true), ("-42", true), ("+7", true), ("9223372036854775807", true), ("-9223372036854775808", true),
        ("9223372036854775808", false), ("1.0", false), ("1e3", false), ("-", false), ("x", false),
    ]

    func invalidCount(_ type: ColumnSchema.ColumnType, _ cell: String) throws -> Int {
        let folder = try TemporaryDirectory()
        let path = try folder.write("c.csv", "v\n\"\(cell)\"\n")
        let report = DataValidator(schema: schema([column("v", type, nullable: true)])).check(csvAt: path)
        return try #require(report.statistics.first).invalid
    }

    @Test(arguments: numberCases)
    func numbers(_ cell: String, _ valid: Bool) throws {
        #expect(try invalidCount(.number, cell) == (valid || cell.isEmpty ? 0 : 1))
    }

    @Test(arguments: integerCases)
    func integers(_ cell: String, _ valid: Bool) throws {
        #expect(try invalidCount(.integer, cell) == (valid ? 0 : 1))
    }

    @Test(arguments: [("true", true), ("false", true), ("True", false), ("1", false), ("yes", false)])
    func booleans(_ cell: String, _ valid: Bool) throws {
        #expect(try invalidCount(.boolean, cell) == (valid ? 0 : 1))
    }

    @Test(arguments: ["0.1", "3.14159", "-2.5e-7", "1e22", "123456.789", "9007199254740993", "4.9e-324", "1.7976931348623157e308"])
    func numbersMatchTheStandardLibrary(_ cell: String) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("c.csv", "v\n\(cell)\n")
        let report = DataValidator(schema: schema([column("v", .number)])).check(csvAt: path)
        #expect(report.statistics.first?.min == Double(cell))
    }
}
