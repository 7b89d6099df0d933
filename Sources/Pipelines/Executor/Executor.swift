/// Receives a job's output as it is produced, chunk by chunk (stdout and stderr interleaved).
public typealias LogSink = @Sendable ([UInt8]) -> Void

/// Runs jobs (trainers, test commands) somewhere and reports how each ended.
///
/// A job that fails is a `JobOutcome`, not an error: `run` throws only when the machinery
/// itself broke (the log cannot be written, the process cannot be started).
public protocol Executor: Sendable {
    /// What runs the jobs, as it goes into run keys: a change of executor is a change of run.
    var identity: String { get }

    /// Runs `job` to its end, passing its output to `log` as it arrives.
    func run(_ job: Job, log: LogSink?) async throws -> JobOutcome
}
