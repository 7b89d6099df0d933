import Foundation
import Manifests
import Pipelines
import Testing
import TestSupport

@Suite struct DataDriftTests {
    let driftSchema = schema([column("x", .number), column("kind", .string)])

    /// A file of `count` rows: x from `values`, kind from `kinds`, both indexed by row.
    func file(_ folder: TemporaryDirectory, _ name: String, count: Int, x: (Int) -> String, kind: (Int) -> String) throws -> String {
        try folder.csv(name, header: "x,kind", rows: (0..<count).map { "\(x($0)),\(kind($0))" })
    }

    func psi(_ report: DataReport, _ column: String) -> Double? {
        report.drift.first { $0.column == column }?.psi
    }

    @Test func sameDistributionHasNoDrift() throws {
        let folder = try TemporaryDirectory()
        let kinds = ["a", "b", "c", "d"]
        let reference = try file(folder, "ref.csv", count: 4000, x: { String(($0 * 7919) % 1000) }, kind: { kinds[$0 % 4] })
        let current = try file(folder, "cur.csv", count: 2000, x: { String(($0 * 104_729) % 1000) }, kind: { kinds[($0 + 1) % 4] })
        let report = DataValidator(schema: driftSchema, reference: .file(reference), maxPSI: 0.1).check(csvAt: current)
        #expect(report.verdict == .pass, "\(report.summary)")
        #expect(try #require(psi(report, "x")) < 0.01)
        #expect(try #require(psi(report, "kind")) < 0.01)
        #expect(report.drift.first { $0.column == "x" }?.bins == 11, "ten decile bins and the no-value bin")
    }

    @Test func shiftedDistributionExceedsTheLimit() throws {
        let folder = try TemporaryDirectory()
        let reference = try file(folder, "ref.csv", count: 2000, x: { String($0 % 1000) }, kind: { $0 % 2 == 0 ? "a" : "b" })
        let current = try file(folder, "cur.csv", count: 2000, x: { String($0 % 1000 + 400) }, kind: { $0 % 10 == 0 ? "a" : "b" })
        let report = DataValidator(schema: driftSchema, reference: .file(reference), maxPSI: 0.2).check(csvAt: current)
        #expect(report.verdict == .fail)
        #expect(try #require(psi(report, "x")) > 0.2)
        #expect(try #require(psi(report, "kind")) > 0.2)
        #expect(report.violations.filter { $0.rule == .drift }.compactMap(\.column).sorted() == ["kind", "x"])
        #expect(report.drift.allSatisfy { $0.exceeded })
    }

    @Test func withoutALimitDriftIsMeasuredButNotJudged() throws {
        let folder = try TemporaryDirectory()
        let reference = try file(folder, "ref.csv", count: 100, x: { String($0) }, kind: { _ in "a" })
        let current = try file(folder, "cur.csv", count: 100, x: { String($0 + 1000) }, kind: { _ in "b" })
        let report = DataValidator(schema: driftSchema, reference: .file(reference)).check(csvAt: current)
        #expect(report.verdict == .pass)
        #expect(report.drift.count == 2 && report.drift.allSatisfy { $0.psi > 1 && !$0.exceeded })
    }

    @Test func constantColumn() throws {
        let folder = try TemporaryDirectory()
        let reference = try file(folder, "ref.csv", count: 50, x: { _ in "5" }, kind: { _ in "a" })
        let same = try file(folder, "same.csv", count: 30, x: { _ in "5" }, kind: { _ in "a" })
        let moved = try file(folder, "moved.csv", count: 30, x: { _ in "6" }, kind: { _ in "a" })
        let profile = try DataValidator.profile(csvAt: reference, schema: driftSchema)
        #expect(profile.column(named: "x")?.edges == [5])
        let validator = DataValidator(schema: driftSchema, reference: .profile(profile), maxPSI: 0.2)
        #expect(try #require(psi(validator.check(csvAt: same), "x")) < 1e-9)
        #expect(try #require(psi(validator.check(csvAt: moved), "x")) > 0.2)
    }

    @Test func allMissingColumn() throws {
        let folder = try TemporaryDirectory()
        let nullable = schema([column("x", .number, nullable: true), column("kind", .string, nullable: true)])
        let empty = try file(folder, "empty.csv", count: 40, x: { _ in "" }, kind: { _ in "" })
        let filled = try file(folder, "filled.csv", count: 40, x: { String($0) }, kind: { _ in "a" })
        let profile = try DataValidator.profile(csvAt: empty, schema: nullable)
        #expect(profile.column(named: "x")?.edges == [])
        let fromEmpty = DataValidator(schema: nullable, reference: .profile(profile), maxPSI: 0.2)
        let stillEmpty = fromEmpty.check(csvAt: empty)
        #expect(stillEmpty.verdict == .pass, "\(stillEmpty.summary)")
        #expect(stillEmpty.drift.count == 2 && stillEmpty.drift.allSatisfy { $0.psi < 1e-9 })
        #expect(fromEmpty.check(csvAt: filled).drift.allSatisfy { $0.psi > 0.2 })
        let fromFilled = DataValidator(schema: nullable, reference: .file(filled), maxPSI: 0.2)
        #expect(fromFilled.check(csvAt: empty).drift.allSatisfy { $0.psi > 0.2 })
    }

    @Test func rareCategoriesFoldIntoOther() throws {
        let folder = try TemporaryDirectory()
        // 0.5 % "rare" in the reference, 0.5 % "novel" instead in the current file: both land in "other".
        let reference = try file(folder, "ref.csv", count: 1000, x: { String($0) }, kind: { $0 < 5 ? "rare" : $0 % 2 == 0 ? "a" : "b" })
        let current = try file(folder, "cur.csv", count: 1000, x: { String($0) }, kind: { $0 < 5 ? "novel" : $0 % 2 == 0 ? "a" : "b" })
        let profile = try DataValidator.profile(csvAt: reference, schema: driftSchema)
        #expect(profile.column(named: "kind")?.categories == ["b", "a"], "by count, largest first")
        let report = DataValidator(schema: driftSchema, reference: .profile(profile), maxPSI: 0.01).check(csvAt: current)
        #expect(try #require(psi(report, "kind")) < 1e-6)
    }

    @Test func profileSurvivesJSONAndMatchesTheFileItCameFrom() throws {
        let folder = try TemporaryDirectory()
        let reference = try file(folder, "ref.csv", count: 500, x: { String(Double($0) / 7) }, kind: { ["a", "b", "c"][$0 % 3] })
        let current = try file(folder, "cur.csv", count: 300, x: { String(Double($0) / 5) }, kind: { ["a", "b", "c"][$0 % 2] })
        let profile = try DataValidator.profile(csvAt: reference, schema: driftSchema)
        let decoded = try JSONDecoder().decode(ReferenceProfile.self, from: JSONEncoder().encode(profile))
        #expect(decoded == profile)
        let viaFile = DataValidator(schema: driftSchema, reference: .file(reference)).check(csvAt: current)
        let viaProfile = DataValidator(schema: driftSchema, reference: .profile(decoded)).check(csvAt: current)
        #expect(viaFile.drift == viaProfile.drift)
        #expect(viaFile.profile == DataValidator(schema: driftSchema).check(csvAt: current).profile)
    }

    @Test func unreadableReferenceIsAnError() throws {
        let folder = try TemporaryDirectory()
        let current = try file(folder, "cur.csv", count: 3, x: { String($0) }, kind: { _ in "a" })
        let report = DataValidator(schema: driftSchema, reference: .file(folder.path + "/gone.csv")).check(csvAt: current)
        #expect(report.verdict == .error)
        #expect(report.error?.message.hasPrefix("the reference data") == true)
    }
}
