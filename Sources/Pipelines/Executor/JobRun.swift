import Foundation
import Glibc
import Processes

/// Watches one spawned job to its end on a thread of its own: copies its output to the log and
/// the sink, reaps it, and climbs the teardown ladder when it overruns its timeout or leaves
/// processes behind.
final class JobRun {
    /// Where the run is between spawn and outcome.
    private enum Phase {
        /// The leader runs and the timeout has not passed.
        case running
        /// The ladder's remaining steps, and when the current wait step began.
        case stopping(ArraySlice<TeardownStep>, waitingSince: ContinuousClock.Instant?)
        /// No process of the group is left; the output is being drained.
        case settled(since: ContinuousClock.Instant)
    }

    /// How long one pass waits for output before it looks at the process again.
    private static let tickMilliseconds: Int32 = 20
    /// How long output is still read once the group is gone: a process that left the group
    /// could hold the pipe open forever.
    private static let drainLimit: Duration = .seconds(1)

    /// How far below its limit the kernel's CPU accounting may report a job the limit stopped.
    private static let cpuAccountingSlack: Duration = .milliseconds(100)

    private let job: Job
    private let group: ProcessGroup
    private let log: TailLog
    private let sink: LogSink?
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var outputOpen = true
    /// Set from another thread when the job's task is cancelled.
    private let stopRequest = NSLock()
    private var stopRequested = false
    private var buffer = [UInt8](repeating: 0, count: 64 << 10)

    /// Watches `group`, just spawned for `job`.
    init(job: Job, group: ProcessGroup, log: TailLog, sink: LogSink?, started: ContinuousClock.Instant) {
        self.job = job
        self.group = group
        self.log = log
        self.sink = sink
        self.started = started
    }

    /// Asks the run to stop the job as if its timeout had passed; safe from any thread.
    func requestStop() { stopRequest.withLock { stopRequested = true } }

    private var isStopRequested: Bool { stopRequest.withLock { stopRequested } }

    /// Blocks until the job and every process of its group have ended.
    func run() throws(SystemError) -> JobOutcome {
        var phase = Phase.running
        var leaderEnd: (status: Int32, usage: rusage, at: ContinuousClock.Instant)?
        var timedOut = false
        var cancelled = false
        var strays = false
        let deadline = started.advanced(by: job.timeout)
        defer { if outputOpen { close(group.output) } }

        while true {
            try pump()
            if leaderEnd == nil, let end = try group.reapLeader(blocking: false) {
                leaderEnd = (end.status, end.usage, clock.now)
            }
            let now = clock.now
            switch phase {
            case .running:
                if leaderEnd == nil, now >= deadline || isStopRequested {
                    timedOut = now >= deadline
                    cancelled = !timedOut
                    phase = .stopping(TeardownStep.ladder(grace: job.grace)[...], waitingSince: nil)
                } else if leaderEnd != nil {
                    if group.hasLiveMembers {
                        strays = true
                        phase = .stopping(TeardownStep.ladder(grace: job.grace)[...], waitingSince: nil)
                    } else {
                        phase = .settled(since: now)
                    }
                }
            case .stopping(var steps, var waitingSince):
                climbing: while let step = steps.first {
                    switch step {
                    case .signal(let signal):
                        group.signal(signal)
                    case .wait(let grace):
                        let since = waitingSince ?? now
                        let groupLeft = leaderEnd != nil && !group.hasLiveMembers
                        guard groupLeft || now - since >= grace else {
                            waitingSince = since
                            break climbing
                        }
                        waitingSince = nil
                    }
                    steps = steps.dropFirst()
                }
                if steps.isEmpty {
                    if leaderEnd == nil, let end = try group.reapLeader(blocking: true) {
                        leaderEnd = (end.status, end.usage, clock.now)
                    }
                    phase = .settled(since: clock.now)
                } else {
                    phase = .stopping(steps, waitingSince: waitingSince)
                }
            case .settled(let since):
                if !outputOpen || now - since >= Self.drainLimit, let end = leaderEnd {
                    try log.finish()
                    return outcome(end, timedOut: timedOut, cancelled: cancelled, strays: strays)
                }
            }
        }
    }

    /// Reads what output there is, waiting up to one tick for some.
    private func pump() throws(SystemError) {
        guard outputOpen else {
            _ = poll(nil, 0, Self.tickMilliseconds)
            return
        }
        var request = pollfd(fd: group.output, events: Int16(POLLIN), revents: 0)
        let ready = try SystemCall.checked("poll the output of \(group.leader)") { poll(&request, 1, Self.tickMilliseconds) }
        guard ready > 0 else { return }
        let count = try buffer.withUnsafeMutableBytes { bytes in
            Result { () throws(SystemError) in
                try SystemCall.checked("read the output of \(group.leader)") { read(group.output, bytes.baseAddress!, bytes.count) }
            }
        }.get()
        if count == 0 {
            close(group.output)
            outputOpen = false
            return
        }
        let chunk = Array(buffer[..<count])
        try log.append(chunk)
        sink?(chunk)
    }

    private func outcome(_ end: (status: Int32, usage: rusage, at: ContinuousClock.Instant), timedOut: Bool, cancelled: Bool, strays: Bool) -> JobOutcome {
        let termination = Self.termination(end.status)
        let cpuTime = Self.duration(end.usage.ru_utime) + Self.duration(end.usage.ru_stime)
        var limitHit: JobOutcome.LimitHit?
        if termination == .signalled(SIGXCPU) {
            limitHit = .cpuTime
        } else if termination == .signalled(SIGKILL), !timedOut, !cancelled, let seconds = job.limits.cpuSeconds,
                  cpuTime >= .seconds(seconds) - Self.cpuAccountingSlack {
            limitHit = .cpuTime
        }
        return JobOutcome(termination: termination, duration: end.at - started, timedOut: timedOut, cancelled: cancelled, timeout: job.timeout,
                          limitHit: limitHit, peakMemoryBytes: Int(end.usage.ru_maxrss) * 1024, cpuTime: cpuTime,
                          processGroup: group.leader, logPath: log.path, logBytesWritten: log.bytesWritten,
                          logBytesDropped: log.bytesDropped, strayProcessesStopped: strays)
    }

    /// Decodes a wait status, as the `WIFEXITED` family of macros does.
    static func termination(_ status: Int32) -> JobOutcome.Termination {
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    private static func duration(_ time: timeval) -> Duration {
        .seconds(Int64(time.tv_sec)) + .microseconds(Int64(time.tv_usec))
    }
}
