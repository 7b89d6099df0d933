import Processes

/// One command to run to its end: a trainer, a pipeline step or a gate's test command.
public struct Job: Sendable, Equatable {
    /// The command and its arguments, placeholders already resolved; never passed through a shell.
    public var arguments: [String]
    /// The folder the command starts in.
    public var workingDirectory: String
    /// Variables the job declares, on top of the clean base (`ProcessGroup.baseEnvironment`); nothing is inherited.
    public var environment: [String: String]
    /// How long the job may run before it is stopped.
    public var timeout: Duration
    /// How long a stopped job has between `SIGTERM` and `SIGKILL`.
    public var grace: Duration
    /// Kernel limits on memory and CPU time.
    public var limits: ResourceLimits
    /// The file that keeps the tail of the job's output.
    public var logPath: String
    /// The most bytes the log file keeps; earlier output is dropped and counted.
    public var logCap: Int
    /// Where the started job's `ProcessMark` is written (atomically, right after the spawn), so that a
    /// later process can stop a job whose watcher died; nil for none.
    public var markPath: String?

    /// A job; `grace` defaults to 5 s and `logCap` to 8 MiB.
    public init(arguments: [String], workingDirectory: String, environment: [String: String] = [:],
                timeout: Duration, grace: Duration = .seconds(5), limits: ResourceLimits = .none,
                logPath: String, logCap: Int = 8 << 20) {
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.timeout = timeout
        self.grace = grace
        self.limits = limits
        self.logPath = logPath
        self.logCap = logCap
    }

    /// The whole environment the job sees: the base with `HOME` in its working directory, overridden by the job's own variables.
    public var effectiveEnvironment: [String: String] {
        ProcessGroup.baseEnvironment(home: workingDirectory).merging(environment) { _, own in own }
    }
}
