import Foundation
import Glibc
@testable import Pipelines
import Testing

@Suite struct ExecutorOutcomeTests {
    static func outcome(_ termination: JobOutcome.Termination, _ duration: Duration, timedOut: Bool = false, cancelled: Bool = false,
                        limitHit: JobOutcome.LimitHit? = nil, written: Int = 10, dropped: Int = 0) -> JobOutcome {
        JobOutcome(termination: termination, duration: duration, timedOut: timedOut, cancelled: cancelled, timeout: .seconds(2), limitHit: limitHit,
                   peakMemoryBytes: 4096, cpuTime: .milliseconds(1010), processGroup: 42, logPath: "/w/train.log",
                   logBytesWritten: written, logBytesDropped: dropped, strayProcessesStopped: false)
    }

    @Test(arguments: [
        (outcome(.exited(0), .milliseconds(1234)), "exited 0 in 1.2 s"),
        (outcome(.exited(2), .seconds(3)), "exited 2 in 3 s"),
        (outcome(.signalled(SIGSEGV), .milliseconds(50)), "killed by SIGSEGV in 0.1 s"),
        (outcome(.signalled(SIGKILL), .milliseconds(2300), timedOut: true), "killed by SIGKILL after the 2 s timeout"),
        (outcome(.exited(143), .milliseconds(2100), timedOut: true), "exited 143 after the 2 s timeout"),
        (outcome(.signalled(SIGXCPU), .seconds(1), limitHit: .cpuTime), "killed by SIGXCPU after using its CPU-time limit (1 s of CPU)"),
        (outcome(.signalled(SIGTERM), .milliseconds(700), cancelled: true), "killed by SIGTERM after being cancelled at 0.7 s"),
        (outcome(.signalled(40), .seconds(125)), "killed by signal 40 in 2 min 5 s"),
        (outcome(.exited(0), .seconds(1), written: 5000, dropped: 4000), "exited 0 in 1 s; log keeps the last 1000 of 5000 bytes"),
    ])
    func summaries(outcome: JobOutcome, expected: String) {
        #expect(outcome.summary == expected)
    }

    @Test func roundTripsThroughJSON() throws {
        let original = Self.outcome(.signalled(SIGKILL), .milliseconds(2300), timedOut: true, limitHit: .cpuTime, written: 9, dropped: 3)
        let decoded = try JSONDecoder().decode(JobOutcome.self, from: JSONEncoder().encode(original))
        #expect(decoded == original)
    }

    @Test(arguments: [(Int32(0x0000), JobOutcome.Termination.exited(0)), (0x0300, .exited(3)), (0x000b, .signalled(11)), (0x008b, .signalled(11))])
    func waitStatusesDecode(status: Int32, expected: JobOutcome.Termination) {
        #expect(JobRun.termination(status) == expected)
    }
}
