import Foundation
import Pipelines
import Testing
import TestSupport

@Suite(.serialized) struct ExecutorConcurrencyTests {
    /// Each job marks itself running, waits (up to 3 s) until it sees a second job running, then
    /// writes how many it sees. Without the limit all jobs start together and the last to start sees them all.
    @Test func neverRunsMoreThanTheLimitAtOnce() async throws {
        let limit = 2
        let scratch = try ExecutorScratch(concurrency: limit)
        try FileManager.default.createDirectory(atPath: scratch.path + "/running", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: scratch.path + "/seen", withIntermediateDirectories: true)
        let script = #"""
            touch running/$1
            n=0
            while [ "$(ls running | wc -l)" -lt 2 ] && [ $n -lt 300 ]; do sleep 0.01; n=$((n+1)); done
            ls running | wc -l > seen/$1
            rm running/$1
            """#
        let jobs = (0..<(limit * 2)).map { scratch.shell(script, ["job\($0)"], name: "job\($0)") }
        let outcomes: [JobOutcome] = try await withThrowingTaskGroup(of: JobOutcome.self) { group in
            for job in jobs { group.addTask { try await scratch.executor.run(job, log: nil) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.allSatisfy { $0.succeeded })
        let seen = try (0..<jobs.count).map { index in
            try #require(Int(scratch.read("seen/job\(index)").trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        #expect(seen.max() == limit, "\(seen)")
    }

    /// Without processes: bodies that yield in the middle overlap as much as the limiter lets them.
    @Test func aThrowingBodyGivesItsPlaceBackAndTheLimitHolds() async throws {
        struct Refused: Error {}
        let limiter = RunLimiter(limit: 2)
        await #expect(throws: Refused.self) { try await limiter.withPermit { () throws -> Int in throw Refused() } }
        let gauge = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await limiter.withPermit {
                        await gauge.enter()
                        for _ in 0..<20 { await Task.yield() }
                        await gauge.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await gauge.peak <= 2)
        #expect(await gauge.entries == 8)
    }
}

/// Counts bodies inside the limiter, and the most at once.
private actor Gauge {
    private(set) var inside = 0
    private(set) var peak = 0
    private(set) var entries = 0

    func enter() {
        inside += 1
        entries += 1
        peak = max(peak, inside)
    }

    func leave() { inside -= 1 }
}
