import Foundation
import HTTP

/// Runs load plans open-loop: every request is sent when it is due, however many earlier ones are
/// still waiting, and timed from when it was due, so that a server that stalls is charged for
/// every request the stall delayed (no coordinated omission).
public enum LoadGenerator {
    /// Runs `plan` on event loops of its own and returns what it measured. Samples the process
    /// tree of `serverPID` while the measured window is open, and calls `progress` about once a
    /// second from the scheduling thread.
    public static func run(
        _ plan: LoadPlan, serverPID: Int32? = nil, progress: (@Sendable (LoadProgress) -> Void)? = nil
    ) async throws(SocketError) -> LoadReport {
        let group = try EventLoopGroup(loops: plan.loops)
        let client = HTTPClient(group: group, settings: HTTPClientSettings(maxIdlePerUpstream: plan.maxInFlight))
        let run = LoadRun(plan: plan, client: client, serverPID: serverPID, progress: progress)
        let report = await withCheckedContinuation { continuation in
            // A thread of its own, not a pooled one: the schedule must not wait behind other work.
            let thread = Thread { continuation.resume(returning: run.execute()) }
            thread.name = "slipway-loadtest"
            thread.qualityOfService = .userInteractive
            thread.start()
        }
        client.shutdown()
        group.shutdown()
        return report
    }
}

/// One execution of a plan, driven from the scheduling thread.
private final class LoadRun: Sendable {
    private let plan: LoadPlan
    private let client: HTTPClient
    private let requests: [HTTPRequest]
    private let tally: LoadTally
    private let serverPID: Int32?
    private let progress: (@Sendable (LoadProgress) -> Void)?

    init(plan: LoadPlan, client: HTTPClient, serverPID: Int32?, progress: (@Sendable (LoadProgress) -> Void)?) {
        self.plan = plan
        self.client = client
        self.requests = (0..<max(1, plan.bodies.count)).map(plan.request)
        self.tally = LoadTally(cap: plan.maxInFlight)
        self.serverPID = serverPID
        self.progress = progress
    }

    /// Sends every request on schedule, waits for the answers, and tallies them.
    func execute() -> LoadReport {
        let total = plan.totalRequests
        let firstMeasured = plan.firstMeasured
        // A short lead, so that the first requests are not already late when the loop begins.
        let start = MonotonicTime.now() + 5_000_000
        let windowStart = start + plan.warmup.wholeNanoseconds
        let windowEnd = windowStart + plan.duration.wholeNanoseconds
        tally.open(window: windowStart..<windowEnd)
        var ticker = Ticker(start: start, windowStart: windowStart, report: progress.map { report in
            { [tally] elapsed, warmingUp in report(tally.progress(elapsed: elapsed, warmingUp: warmingUp)) }
        })
        let sampler = serverPID.map { ServerUsageSampler(pid: $0) }
        var sampling: Bool? = nil
        var index = 0
        while true {
            var now = MonotonicTime.now()
            if sampling == nil, now >= windowStart { sampling = sampler?.start() ?? false }
            ticker.tick(now)
            while index < total, start + plan.offset(of: index) <= now {
                send(index, due: start + plan.offset(of: index), now: now, measured: index >= firstMeasured)
                index += 1
                now = MonotonicTime.now()
            }
            // After the last request, wait out the window so that the server is sampled over all of it.
            let next = index < total ? start + plan.offset(of: index) : windowEnd
            if index >= total && now >= windowEnd { break }
            MonotonicTime.sleep(until: min(next, ticker.next, sampling == nil ? windowStart : .max))
        }
        if sampling == nil { sampling = sampler?.start() ?? false }
        let usage = sampler?.stop()
        let deadline = Date().addingTimeInterval(plan.timeout.seconds + 2)
        while !tally.drain(until: min(deadline, Date().addingTimeInterval(1))), Date() < deadline {
            ticker.tick(MonotonicTime.now())
        }
        tally.close()
        return report(usage: usage, sampled: sampling == true)
    }

    private func send(_ index: Int, due: UInt64, now: UInt64, measured: Bool) {
        guard tally.admit(measured: measured, lag: now - due) else { return }
        client.send(requests[index % requests.count], to: plan.upstream, timeout: plan.timeout) { [tally] result in
            let outcome: LoadOutcome
            switch result {
            case .success(let response): outcome = .response(status: response.status)
            case .failure(let error): outcome = .failure(error.kind)
            }
            tally.finish(measured: measured, due: due, now: MonotonicTime.now(), outcome)
        }
    }

    private func report(usage: ServerUsage?, sampled: Bool) -> LoadReport {
        tally.locked {
            let errors = Dictionary(uniqueKeysWithValues: tally.errors.filter { $0.value > 0 }.map { ($0.key.rawValue, $0.value) })
            let scheduled = plan.measuredRequests
            let failed = errors.values.reduce(0, +)
            let note: String? = serverPID.flatMap { pid in
                usage != nil ? nil : sampled ? "server process \(pid) ended during the test" : "no server process \(pid) was running"
            }
            return LoadReport(
                url: "http://\(plan.upstream)\(plan.target)", targetRate: Double(plan.rate),
                achievedRate: plan.duration.seconds > 0 ? Double(tally.successesInWindow) / plan.duration.seconds : 0,
                durationSeconds: plan.duration.seconds, warmupSeconds: plan.warmup.seconds, timeoutSeconds: plan.timeout.seconds,
                scheduled: scheduled, sent: tally.sent, answered: tally.answered, succeeded: tally.succeeded,
                errors: errors, errorRate: scheduled > 0 ? Double(failed) / Double(scheduled) : 0,
                latency: LatencySummary(tally.latencies), maxSendLagMs: Double(tally.maxSendLag) / 1e6,
                peakInFlight: tally.peakInFlight, inFlightCap: plan.maxInFlight, server: usage, serverNote: note)
        }
    }
}

/// Calls a progress report once a second of the run.
private struct Ticker {
    let start: UInt64
    let windowStart: UInt64
    let report: ((Double, Bool) -> Void)?
    /// When the next report is due; never when there is nothing to report to.
    private(set) var next: UInt64

    init(start: UInt64, windowStart: UInt64, report: ((Double, Bool) -> Void)?) {
        self.start = start
        self.windowStart = windowStart
        self.report = report
        next = report == nil ? .max : start + 1_000_000_000
    }

    mutating func tick(_ now: UInt64) {
        guard let report, now >= next else { return }
        report(Double(now - start) / 1e9, now < windowStart)
        next += 1_000_000_000 * ((now - next) / 1_000_000_000 + 1)
    }
}
