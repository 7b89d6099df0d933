import Foundation
import Manifests
import Pipelines
import Testing
import TestSupport

@Suite struct DataValidatorTests {
    let fraudSchema = schema([
        column("amount", .number, min: 0, max: 1000),
        column("country", .string, values: ["FR", "DE", "US"]),
        column("label", .integer, values: ["0", "1"]),
        column("flagged", .boolean, nullable: true),
    ], maxMissing: 0.2, minRows: 3, maxDuplicates: 0.1)

    @Test func cleanFilePasses() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.csv("clean.csv", header: "amount,country,label,flagged",
                                  rows: ["12.5,FR,0,true", "3,DE,1,false", "1e2,US,0,", "0,\"FR\",1,true"])
        let report = DataValidator(schema: fraudSchema).check(csvAt: path)
        #expect(report.verdict == .pass, "\(report.summary)")
        #expect(report.violations.isEmpty)
        #expect(report.rows == 4)
        let amount = try #require(report.statistics.first { $0.name == "amount" })
        #expect(amount.min == 0 && amount.max == 100)
        #expect(abs(try #require(amount.mean) - 28.875) < 1e-9)
        #expect(amount.distinct == 4)
        let flagged = try #require(report.statistics.first { $0.name == "flagged" })
        #expect(flagged.missing == 1 && flagged.count == 3)
        #expect(flagged.topValues?.first == .init(value: "true", count: 2))
        #expect(report.summary.hasPrefix("pass: "))
    }

    @Test func everyKindOfViolationIsReportedWithColumnAndRows() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.csv("bad.csv", header: "amount,country,label,flagged,extra",
                                  rows: [
                                      "abc,FR,0,true,x",      // 1: amount not a number
                                      "-5,DE,1,false,x",      // 2: below min
                                      "2000,XX,2,yes,x",      // 3: above max, country and label not allowed, flagged not boolean
                                      ",US,1.5,,x",           // 4: amount missing (not nullable), label not an integer
                                      "1,FR,0,true,x",        // 5
                                      "1,FR,0,true,x",        // 6: duplicate of 5
                                  ])
        let strict = schema(fraudSchema.columns + [column("missing_col", .string)], maxMissing: 0.01, minRows: 10, maxDuplicates: 0.1)
        let report = DataValidator(schema: strict).check(csvAt: path)
        #expect(report.verdict == .fail)
        func find(_ rule: DataViolation.Rule, _ column: String?) -> DataViolation? {
            report.violations.first { $0.rule == rule && $0.column == column }
        }
        #expect(find(.columnMissing, "missing_col") != nil)
        #expect(find(.type, "amount")?.rows == [1])
        #expect(find(.type, "amount")?.values == ["abc"])
        #expect(find(.min, "amount")?.rows == [2])
        #expect(find(.max, "amount")?.rows == [3])
        #expect(find(.nullable, "amount")?.rows == [4])
        #expect(find(.allowedValues, "country")?.rows == [3])
        #expect(find(.allowedValues, "label")?.rows == [3])
        #expect(find(.type, "label")?.rows == [4])
        #expect(find(.type, "flagged")?.values == ["yes"])
        #expect(find(.nullable, "flagged") == nil, "flagged is nullable")
        #expect(find(.maxMissing, nil)?.count == 2)
        #expect(find(.minRows, nil)?.count == 6)
        #expect(find(.maxDuplicates, nil)?.count == 1)
        #expect(report.warnings.contains { $0.rule == .columnNotInSchema && $0.column == "extra" })
        #expect(report.violations.count == 12, "\(report.summary)")
        #expect(report.summary.contains("amount: 1 values are below the minimum 0 (rows 2)"))
    }

    @Test func columnMissingFractionIsCheckedAgainstItsLimit() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.csv("m.csv", header: "a,b", rows: ["1,", "2,", "3,x", "4,y"])
        let report = DataValidator(schema: schema([column("a", .integer), column("b", .string, maxMissing: 0.25)])).check(csvAt: path)
        let violation = try #require(report.violations.first)
        #expect(violation.rule == .columnMaxMissing && violation.column == "b" && violation.count == 2)
        #expect(report.violations.count == 1, "nullable follows from maxMissing")
    }

    @Test func offendingRowsAreSampledButAllCounted() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.csv("many.csv", header: "n", rows: (1...25).map { _ in "x" })
        let report = DataValidator(schema: schema([column("n", .number)])).check(csvAt: path)
        let violation = try #require(report.violations.first)
        #expect(violation.count == 25)
        #expect(violation.rows == Array(1...10))
    }

    @Test func rowNumbersCountDataRowsNotLines() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("lines.csv", "n,t\n1,\"two\nlines\"\nx,ok\n")
        let report = DataValidator(schema: schema([column("n", .integer), column("t", .string)])).check(csvAt: path)
        #expect(report.violations.first?.rows == [2])
    }

    @Test func unreadableFileIsAnErrorWithItsPlace() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("broken.csv", "a,b\n1,2\n3\n")
        let report = DataValidator(schema: schema([column("a", .integer)])).check(csvAt: path)
        #expect(report.verdict == .error)
        #expect(report.error?.row == 2 && report.error?.line == 3)
        #expect(report.summary.contains("broken.csv:3: row 2: row 2 has 1 field, the header has 2"))
        let absent = DataValidator(schema: schema([column("a", .integer)])).check(csvAt: folder.path + "/none.csv")
        #expect(absent.verdict == .error)
        #expect(absent.error?.message.contains("cannot open") == true)
    }

    @Test func reportEncodesAsJSON() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.csv("j.csv", header: "a", rows: ["1", "x", ""])
        let report = DataValidator(schema: schema([column("a", .number)])).check(csvAt: path)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        #expect(json?["verdict"] as? String == "fail")
        let violations = json?["violations"] as? [[String: Any]]
        #expect(violations?.map { $0["rule"] as? String } == ["type", "nullable"])
    }
}
