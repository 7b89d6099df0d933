import Foundation
import Manifests
import Pipelines
import Testing
import TestSupport

/// The 20-column layout that `bench/data` generates, checked on a small file.
@Suite struct DataBenchmarkTests {
    /// The layout of `bench/data`: x0…x9 numbers, n0…n4 integers, s0…s3 categories, b a boolean.
    static let benchSchema = schema(
        (0..<10).map { column("x\($0)", .number, min: 0) }
            + (0..<5).map { column("n\($0)", .integer, min: 0, max: 1_000_000) }
            + (0..<4).map { column("s\($0)", .string, values: ["alpha", "beta", "gamma", "delta", "epsilon"]) }
            + [column("b", .boolean)],
        maxMissing: 0.01, minRows: 1, maxDuplicates: 0.01)

    /// One generated row, the same formula as the awk in `bench/data`.
    static func row(_ i: Int) -> String {
        let words = ["alpha", "beta", "gamma", "delta", "epsilon"]
        let numbers = (0..<10).map { String(Double((i * (7 + $0)) % 10007) / 100) }
        let integers = (0..<5).map { String((i * (13 + $0)) % 1_000_000) }
        let texts = (0..<4).map { words[(i + $0) % 5] }
        return (numbers + integers + texts + [i % 2 == 0 ? "true" : "false"]).joined(separator: ",")
    }

    /// The benchmark's file passes its schema and shows no drift against itself.
    @Test func generatedTwentyColumnFilePassesAgainstItsOwnProfile() throws {
        let folder = try TemporaryDirectory()
        let header = (0..<10).map { "x\($0)" } + (0..<5).map { "n\($0)" } + (0..<4).map { "s\($0)" } + ["b"]
        let path = try folder.csv("bench.csv", header: header.joined(separator: ","), rows: (0..<2000).map(Self.row))
        let profile = try DataValidator.profile(csvAt: path, schema: Self.benchSchema)
        let report = DataValidator(schema: Self.benchSchema, reference: .profile(profile), maxPSI: 0.2).check(csvAt: path)
        #expect(report.verdict == .pass, "\(report.summary)")
        #expect(report.rows == 2000 && profile.rows == 2000)
        #expect(report.drift.count == 20)
        #expect(report.drift.allSatisfy { $0.psi < 1e-9 })
    }
}
