import Glibc

/// How a job ended, with the evidence a run keeps: a failing job is an outcome, not an error.
public struct JobOutcome: Sendable, Equatable, Codable {
    /// How the job's process ended.
    public enum Termination: Sendable, Equatable, Codable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signalled(Int32)
    }

    /// A kernel limit the job ran into, when that can be told from how it ended.
    public enum LimitHit: String, Sendable, Equatable, Codable {
        /// `RLIMIT_CPU`: the job got `SIGXCPU`, or `SIGKILL` after using up its CPU time.
        case cpuTime
    }

    /// How the job's process ended.
    public var termination: Termination
    /// From spawn to exit.
    public var duration: Duration
    /// Whether the job ran past its timeout and was stopped.
    public var timedOut: Bool
    /// Whether the job was stopped because the task running it was cancelled.
    public var cancelled: Bool
    /// The timeout the job ran under.
    public var timeout: Duration
    /// A limit the job ran into; an address-space limit shows as the job's own error exit instead.
    public var limitHit: LimitHit?
    /// The largest resident set of the job or any of its reaped descendants, in bytes.
    public var peakMemoryBytes: Int
    /// CPU time used, user plus system.
    public var cpuTime: Duration
    /// The process group the job ran in (its leader's process id).
    public var processGroup: Int32
    /// The file holding the tail of the output.
    public var logPath: String
    /// All the bytes of output the job wrote.
    public var logBytesWritten: Int
    /// Bytes of output dropped from the head of the log to keep it under its cap.
    public var logBytesDropped: Int
    /// Whether processes of the job's group outlived its main process and had to be stopped.
    public var strayProcessesStopped: Bool

    /// True when the job exited 0 on its own.
    public var succeeded: Bool { termination == .exited(0) && !timedOut && !cancelled }

    /// One line for people: "exited 0 in 1.2 s", "killed by SIGKILL after the 2 s timeout".
    public var summary: String {
        var line: String
        switch termination {
        case .exited(let status): line = "exited \(status)"
        case .signalled(let signal): line = "killed by \(Self.signalName(signal))"
        }
        if timedOut {
            line += " after the \(Self.format(timeout)) timeout"
        } else if cancelled {
            line += " after being cancelled at \(Self.format(duration))"
        } else if limitHit == .cpuTime {
            line += " after using its CPU-time limit (\(Self.format(cpuTime)) of CPU)"
        } else {
            line += " in \(Self.format(duration))"
        }
        if logBytesDropped > 0 { line += "; log keeps the last \(logBytesWritten - logBytesDropped) of \(logBytesWritten) bytes" }
        return line
    }

    /// "SIGKILL" for 9, "signal 40" for what has no common name.
    public static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
            SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
            SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
            SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ", SIGSYS: "SIGSYS",
        ]
        return names[signal] ?? "signal \(signal)"
    }

    /// "1.2 s" below a minute, "2 min 5 s" above.
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if seconds >= 60 { return "\(seconds / 60) min \(seconds % 60) s" }
        let tenths = (Double(seconds) + Double(attoseconds) / 1e18) * 10
        let rounded = tenths.rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded)) s" : "\(rounded) s"
    }
}
