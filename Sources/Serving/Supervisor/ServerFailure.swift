/// Why a model server is not serving, with the end of its log as evidence.
public struct ServerFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in the terms a caller decides on.
    public enum Reason: Sendable, Equatable {
        /// The command cannot be filled in; the text says which placeholder.
        case command(String)
        /// The process could not be started; the text holds the system's reason.
        case spawn(String)
        /// The process ended before it was ready; the text says how ("exit code 1", "signal 9").
        case exited(String)
        /// The readiness path did not answer 200 within the deadline, so the server was stopped.
        case notReady(after: Duration)
        /// `stop` was asked while the server was starting.
        case stopped
        /// The version already has a server that is starting, waiting to restart, or stopping.
        case alreadyStarting
    }

    /// The version whose server failed.
    public var id: VersionID
    /// What went wrong.
    public var reason: Reason
    /// The server's log file.
    public var logPath: String
    /// The last lines of that log.
    public var logTail: String

    /// Creates a failure.
    public init(id: VersionID, reason: Reason, logPath: String, logTail: String) {
        self.id = id
        self.reason = reason
        self.logPath = logPath
        self.logTail = logTail
    }

    /// What happened, to which version, and where to look.
    public var description: String {
        let what = switch reason {
        case .command(let problem): "its serve.command cannot be filled in: \(problem)"
        case .spawn(let problem): "it could not be started: \(problem); check that the program exists in the artifact folder or on PATH"
        case .exited(let how): "it ended (\(how)) before answering its readiness path; see its log below"
        case .notReady(let after):
            "it did not answer 200 on its readiness path within \(after) and was stopped; raise serve.readyTimeout or fix the server"
        case .stopped: "it was stopped while starting"
        case .alreadyStarting: "a server for it is already starting, restarting or stopping; wait for that to finish"
        }
        let tail = logTail.isEmpty ? "(its log \(logPath) is empty)" : "last output in \(logPath):\n\(logTail)"
        return "model server \(id): \(what)\n\(tail)"
    }
}
