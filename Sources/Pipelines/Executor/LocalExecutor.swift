import Foundation
import Git
import Glibc
import Journal
import Processes

/// Runs jobs as subprocesses of this machine, each in its own process group, at most
/// `concurrency` at a time.
public struct LocalExecutor: Executor {
    /// "local/v1 linux-x86_64": the version of how jobs are run here, and the platform.
    public let identity: String
    /// The `prlimit(1)` that applies resource limits, since `posix_spawn` cannot set them.
    public let prlimit: String
    private let limiter: RunLimiter

    /// An executor running at most `concurrency` jobs at once.
    public init(concurrency: Int = 1, prlimit: String = "/usr/bin/prlimit") {
        self.limiter = RunLimiter(limit: concurrency)
        self.prlimit = prlimit
        self.identity = "local/v1 " + Self.platform
    }

    /// The operating system and processor, as run keys name them.
    static var platform: String {
        #if arch(x86_64)
        let machine = "x86_64"
        #elseif arch(arm64)
        let machine = "aarch64"
        #else
        let machine = "unknown"
        #endif
        #if os(Linux)
        return "linux-" + machine
        #else
        return "other-" + machine
        #endif
    }

    /// Makes `folder` (missing or empty) a fresh work folder holding `modelFolder` of `commit`,
    /// with empty output and reports folders.
    public func prepare(repository: Repository, commit: ObjectID, modelFolder: String, into folder: String) async throws -> WorkFolder {
        let work = WorkFolder(root: folder)
        try await repository.export(commit: commit, path: modelFolder, to: work.model)
        for created in [work.output, work.reports] {
            do {
                try FileManager.default.createDirectory(atPath: created, withIntermediateDirectories: false)
            } catch {
                throw ExecutorError(operation: "prepare the work folder \(folder)", message: "cannot create \(created): \(error.localizedDescription)",
                                    hint: "Check that the state folder is writable and has free space")
            }
        }
        return work
    }

    /// Runs `job` once a place is free; see `Executor.run`. Cancelling the task stops the job by the
    /// teardown ladder and still returns its outcome.
    public func run(_ job: Job, log: LogSink?) async throws -> JobOutcome {
        try await limiter.withPermit { try await self.runNow(job, log: log) }
    }

    private func runNow(_ job: Job, log sink: LogSink?) async throws -> JobOutcome {
        guard let program = job.arguments.first else {
            throw ExecutorError(operation: "run a job", message: "its command is empty", hint: "Give the command as a list with the program first")
        }
        let environment = job.effectiveEnvironment
        let executable = try Self.locate(program, searchPath: environment["PATH"] ?? "", workingDirectory: job.workingDirectory)
        var arguments = [executable] + job.arguments.dropFirst()
        if !job.limits.isEmpty {
            guard access(prlimit, X_OK) == 0 else {
                throw ExecutorError(operation: "apply resource limits to \(program)", message: "\(prlimit) is missing",
                                    hint: "Install util-linux, which provides prlimit, or run the job without limits")
            }
            arguments = [prlimit] + job.limits.prlimitOptions + ["--"] + arguments
        }
        let log: TailLog
        let group: ProcessGroup
        do {
            log = try TailLog(path: job.logPath, cap: job.logCap)
        } catch {
            throw ExecutorError(operation: "keep the log of \(program)", message: error.description, hint: "Check that the log's folder exists and is writable")
        }
        let started = ContinuousClock.now
        do {
            group = try ProcessGroup.spawn(executable: arguments[0], arguments: arguments, environment: environment,
                                           workingDirectory: job.workingDirectory)
        } catch {
            throw ExecutorError(operation: "start \(program)", message: error.description,
                                hint: "Check that \(job.workingDirectory) exists and \(executable) is an executable program")
        }
        if let markPath = job.markPath, let mark = ProcessMark.of(group.leader) {
            do {
                try AtomicFile.write(try JSONEncoder().encode(mark), to: markPath)
            } catch {
                // Without the mark a crash of this process could leave the job running unseen: do not run it.
                group.signal(SIGKILL)
                _ = try? group.reapLeader(blocking: true)
                throw ExecutorError(operation: "record the process of \(program) in \(markPath)", message: "\(error)",
                                    hint: "Check that the state folder is writable and has free space")
            }
        }
        let run = JobRun(job: job, group: group, log: log, sink: sink, started: started)
        let box = UncheckedBox(run)
        let result = await withTaskCancellationHandler {
            await Self.onOwnThread(box)
        } onCancel: {
            box.value.requestStop()
        }
        do {
            return try result.get()
        } catch {
            throw ExecutorError(operation: "watch \(program) (process group \(group.leader))", message: error.description)
        }
    }

    /// Runs the blocking watch on a thread of its own, so it never holds a thread of the shared pool.
    private static func onOwnThread(_ box: UncheckedBox<JobRun>) async -> Result<JobOutcome, SystemError> {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: Result { () throws(SystemError) in try box.value.run() }) }
            thread.name = "slipway job"
            thread.start()
        }
    }

    /// The file `program` names: a path (relative to `workingDirectory`) when it holds a slash,
    /// otherwise the first executable of that name along `searchPath`.
    static func locate(_ program: String, searchPath: String, workingDirectory: String) throws -> String {
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : workingDirectory + "/" + program
            guard access(path, X_OK) == 0 else {
                throw ExecutorError(operation: "run \(program)", message: "\(path) is not an executable file",
                                    hint: "Check the path, relative to the model's folder, and its executable bit (git update-index --chmod=+x)")
            }
            return program
        }
        for folder in searchPath.split(separator: ":") where !folder.isEmpty {
            let candidate = folder + "/" + program
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        throw ExecutorError(operation: "run \(program)", message: "no program '\(program)' in PATH \(searchPath)",
                            hint: "Install it there, or name it by its full path in the command")
    }
}

/// Moves a value that is used by one thread at a time across to another thread.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
