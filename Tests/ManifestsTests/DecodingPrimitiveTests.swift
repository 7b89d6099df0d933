import Foundation
import Testing
@testable import Manifests

@Suite struct DecodingPrimitiveTests {
    @Test(arguments: [
        ("250ms", Int64(250)), ("30s", 30_000), ("5m", 300_000), ("1h", 3_600_000), ("1h30m", 5_400_000), ("2d", 172_800_000),
        ("0s", 0), ("1m30s500ms", 90_500),
    ])
    func durations(text: String, milliseconds: Int64) {
        #expect(DurationText.parse(text)?.milliseconds == milliseconds)
        #expect(DurationText.parse(DurationText.format(.milliseconds(milliseconds))) == .milliseconds(milliseconds))
    }

    @Test(arguments: ["", "30", "s", "5 m", "1.5h", "-5s", "5x", "h1", "99999999999999999999s", "5mm"])
    func notDurations(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test(arguments: [("512Mi", Int64(512 << 20)), ("4Gi", 4 << 30), ("1G", 1_000_000_000), ("100", 100), ("2k", 2_000)])
    func sizes(text: String, bytes: Int64) {
        #expect(ByteCount.parse(text) == bytes)
    }

    @Test(arguments: ["", "Mi", "1.5Gi", "4gb", "-1", "99999999999Ti"])
    func notSizes(text: String) {
        #expect(ByteCount.parse(text) == nil)
    }

    @Test func repositoryPaths() throws {
        #expect(try RepositoryPath.resolve("data/train.csv", in: "models/a") == "models/a/data/train.csv")
        #expect(try RepositoryPath.resolve("../shared/./x.csv", in: "models/a") == "models/shared/x.csv")
        #expect(try RepositoryPath.resolve("x.csv", in: "") == "x.csv")
        #expect(throws: RepositoryPath.Problem.leavesRepository) { try RepositoryPath.resolve("../../../x", in: "models/a") }
        #expect(throws: RepositoryPath.Problem.absolute) { try RepositoryPath.resolve("/etc/passwd", in: "models/a") }
        #expect(throws: RepositoryPath.Problem.invalidCharacter) { try RepositoryPath.resolve("a\\b", in: "") }
        #expect(RepositoryPath.isInside("models/a/x.py", folder: "models/a"))
        #expect(!RepositoryPath.isInside("models/ab/x.py", folder: "models/a"))
        #expect(RepositoryPath.isInside("anything", folder: ""))
    }

    @Test(arguments: [("fraud-detector", true), ("a", true), ("a1-b2", true), ("Fraud", false), ("-a", false), ("a-", false),
                      ("a_b", false), ("", false), (String(repeating: "a", count: 64), false), ("é", false)])
    func dns1123(name: String, valid: Bool) {
        #expect((Name.problem(with: name) == nil) == valid)
    }

    @Test func suggestions() {
        #expect(Suggestion.closest(to: "tmeout", among: ["timeout", "command", "params"]) == "timeout")
        #expect(Suggestion.closest(to: "comand", among: ["timeout", "command"]) == "command")
        #expect(Suggestion.closest(to: "paramz", among: ["params"]) == "params")
        #expect(Suggestion.closest(to: "banana", among: ["timeout", "command"]) == nil)
        #expect(Suggestion.distance(Array("ab".unicodeScalars), Array("ba".unicodeScalars)) == 1)
    }
}

@Suite struct CronScheduleTests {
    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test(arguments: [
        ("0 3 * * *", "2026-11-22T10:00:00Z", "2026-11-23T03:00:00Z"),
        ("*/15 * * * *", "2026-11-22T10:07:30Z", "2026-11-22T10:15:00Z"),
        ("0 0 1 * *", "2026-11-22T10:00:00Z", "2026-12-01T00:00:00Z"),
        ("0 9 * * mon-fri", "2026-11-21T10:00:00Z", "2026-11-23T09:00:00Z"),   // Saturday → Monday
        ("30 23 31 12 *", "2026-11-22T10:00:00Z", "2026-12-31T23:30:00Z"),
        ("0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z"),       // next leap day
        ("0 12 1 * 0", "2026-11-22T13:00:00Z", "2026-11-29T12:00:00Z"),       // day 1 OR Sunday
        ("@hourly", "2026-11-22T10:00:00Z", "2026-11-22T11:00:00Z"),
        ("0 0 * * 7", "2026-11-22T10:00:00Z", "2026-11-29T00:00:00Z"),        // 7 is Sunday too
    ])
    func nextFiring(expression: String, after: String, expected: String) throws {
        let schedule = try CronSchedule(expression)
        #expect(schedule.next(after: Self.date(after)) == Self.date(expected))
    }

    @Test(arguments: [
        ("0 3 * *", "has 4 fields"), ("60 * * * *", "minute '60' is not in 0–59"), ("* * * * foo", "day-of-week 'foo'"),
        ("*/0 * * * *", "step '0' must be a positive number"), ("5-1 * * * *", "runs backwards"), ("@sometimes", "unknown macro"),
    ])
    func refuses(expression: String, message: String) {
        #expect {
            try CronSchedule(expression)
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}
