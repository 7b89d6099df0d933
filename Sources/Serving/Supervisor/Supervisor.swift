import Foundation
import Glibc
import HTTP
import Journal
import Processes
import Synchronization

/// Starts the data plane's model servers, restarts the ones that crash, stops them by the
/// teardown ladder, and re-adopts those an earlier supervisor on the same state folder left running.
/// Discarding a supervisor leaves its servers running, so that a restarted data plane keeps serving.
///
/// Two kinds of time: restart backoff and "stayed ready for `resetAfter`" are policy and follow the
/// injected clock, so tests drive a crash loop without waiting; waits on a real process (readiness
/// deadline, teardown grace, the watcher's polling) follow `ContinuousClock`, since the process
/// takes real time whatever a test's clock shows.
public actor Supervisor {
    /// Where one version's server is.
    private enum State {
        /// Spawned, its readiness path not yet answering 200.
        case starting(ServerProcess)
        /// Answering on `port` since `since`, by the policy clock.
        case ready(ServerProcess, port: Int, since: ForwardClock.Instant)
        /// Crashed; restarted once the policy clock passes `until`.
        case backingOff(until: ForwardClock.Instant)
        /// A restart is being set going.
        case relaunching
        /// Being stopped by the ladder.
        case stopping(ServerProcess)

        /// The process, when there is one.
        var process: ServerProcess? {
            switch self {
            case .starting(let process), .ready(let process, _, _), .stopping(let process): process
            case .backingOff, .relaunching: nil
            }
        }
    }

    /// One supervised version.
    private struct Record {
        var spec: ServerSpec
        var log: ServerLog
        var state: State
        var restarts: Int
        /// Crashes since the server last stayed ready for `backoff.resetAfter`.
        var crashesInARow = 0
    }

    /// What waiting for readiness came to.
    private enum Readiness {
        case ready
        case ended(String)
        case deadline
    }

    /// Runs the command with its output appended straight to its log file: a pipe would break
    /// when this supervisor's process ends, and the server must outlive it to be re-adopted.
    /// `exec` keeps the process id, so the leader is the server itself. The first line marks
    /// where each start begins, since the log runs on across restarts.
    private static let wrapper = ["/bin/sh", "-c", "log=$1; shift; echo \"--- starting: $*\" >>\"$log\"; exec \"$@\" >>\"$log\" 2>&1",
                                  "slipway-serve"]

    private let stateFolder: String
    private let logFolder: String
    private let client: HTTPClient
    private let settings: SupervisorSettings
    private let onChange: (@Sendable (VersionID, Backend?) -> Void)?
    /// For waits on a real process (readiness deadline, teardown grace): the process takes real time
    /// whatever a test's clock shows, and a wall clock set forward must not cut a grace short.
    private let clock = ContinuousClock()
    /// For restart policy: the injected clock, never running backwards.
    private var policyClock: ForwardClock
    private var records: [VersionID: Record]
    /// The loop that notices ended servers; set once the supervisor exists, cancelled when it goes.
    private let watcher = Mutex<Task<Void, Never>?>(nil)

    /// The last failure to save the table, if the latest save failed.
    public private(set) var persistenceProblem: String?

    /// Opens the table in `stateFolder` and re-adopts every server whose process still runs with
    /// the recorded start time; the others are restarted. `onChange` hears each version's new
    /// backend, or nil when it stops serving. `clock` times restart backoff and its reset.
    public init(stateFolder: String, logFolder: String, client: HTTPClient, settings: SupervisorSettings = SupervisorSettings(),
                clock: any Clock = SystemClock(),
                onChange: (@Sendable (VersionID, Backend?) -> Void)? = nil) throws(SupervisorError) {
        for folder in [stateFolder, logFolder] {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw SupervisorError(path: folder, problem: "the folder cannot be created: \(error.localizedDescription)",
                                      hint: "Check the permissions of its parent, or choose another --state folder")
            }
        }
        let table: SupervisorTable
        do {
            table = try SupervisorTable.load(from: stateFolder)
        } catch {
            throw SupervisorError(path: stateFolder + "/" + SupervisorTable.fileName,
                                  problem: "the table of servers cannot be read: \(error)",
                                  hint: "Fix or remove the file; its servers are then neither adopted nor restarted")
        }
        var policyClock = ForwardClock(clock)
        let now = policyClock.now()
        var records: [VersionID: Record] = [:]
        for entry in table.entries {
            var record = Record(spec: entry.spec, log: ServerLog(path: entry.logPath, cap: settings.logCap),
                                state: .backingOff(until: now), restarts: entry.restarts)
            if let pid = entry.pid, let startTime = entry.startTime,
               let process = ServerProcess(adopting: pid, startTime: startTime) {
                if entry.ready, let port = entry.port {
                    record.state = .ready(process, port: port, since: now)
                } else {
                    // Ours, but it never served: start afresh rather than trust a half-started server.
                    process.signal(SIGKILL)
                }
            } else {
                record.restarts += 1
            }
            records[entry.spec.id] = record
        }
        self.stateFolder = stateFolder
        self.logFolder = logFolder
        self.client = client
        self.settings = settings
        self.onChange = onChange
        self.records = records
        self.policyClock = policyClock
        let interval = settings.watchInterval
        let task = Task { [weak self] in
            while !Task.isCancelled {
                // Real time: it looks at real processes; each pass reads the policy clock for backoffs.
                try? await Task.sleep(for: interval)
                guard let self else { return }
                await self.check()
            }
        }
        watcher.withLock { $0 = task }
    }

    deinit { watcher.withLock { $0?.cancel() } }

    /// Starts `server` and waits until it answers 200 on its readiness path; a server that does
    /// not by its deadline is stopped and the failure carries its log tail. A version already
    /// ready is returned as it is.
    public func start(_ server: ServerSpec) async -> Result<Backend, ServerFailure> {
        let id = server.id
        if let existing = records[id] {
            if case .ready(_, let port, _) = existing.state { return .success(Backend(id: id, port: port)) }
            return .failure(ServerFailure(id: id, reason: .alreadyStarting, logPath: existing.log.path, logTail: ""))
        }
        let name = id.description.replacingOccurrences(of: "/", with: "_")
        records[id] = Record(spec: server, log: ServerLog(path: "\(logFolder)/\(name).log", cap: settings.logCap),
                             state: .relaunching, restarts: 0)
        let result = await launch(id)
        if case .failure(let failure) = result, failure.reason != .stopped {
            records[id] = nil
            persist()
        }
        return result
    }

    /// Stops the server of `id` and every process of its group: `SIGTERM`, the grace, `SIGKILL`.
    public func stop(_ id: VersionID) async {
        guard let record = records[id] else { return }
        if case .ready = record.state { onChange?(id, nil) }
        if let process = record.state.process {
            // Marked first, so that neither the watcher nor a start in progress takes its end for a crash.
            records[id]?.state = .stopping(process)
            await climb(process)
        }
        records[id] = nil
        persist()
    }

    /// How often the server of `id` was restarted after it ended on its own.
    public func restarts(of id: VersionID) -> Int { records[id]?.restarts ?? 0 }

    /// Where `id` is served, while its server is ready.
    public func backend(of id: VersionID) -> Backend? {
        guard case .ready(_, let port, _) = records[id]?.state else { return nil }
        return Backend(id: id, port: port)
    }

    /// Every version the supervisor looks after: ready, starting, or waiting out a restart backoff.
    public var versions: [VersionID] { Array(records.keys) }

    /// Every version being served.
    public var backends: [Backend] { records.keys.compactMap { backend(of: $0) } }

    /// The process id of the server of `id`, while one runs.
    public func processID(of id: VersionID) -> pid_t? { records[id]?.state.process?.pid }

    /// Spawns the server of `id` on a free port and waits for it to be ready, spawning again on
    /// a new port when it ends first (its port may have been taken) while attempts and time remain.
    private func launch(_ id: VersionID) async -> Result<Backend, ServerFailure> {
        guard let record = records[id] else { return .failure(ServerFailure(id: id, reason: .stopped, logPath: "", logTail: "")) }
        let (spec, log) = (record.spec, record.log)
        let failure = { (reason: ServerFailure.Reason) in
            Result<Backend, ServerFailure>.failure(ServerFailure(id: id, reason: reason, logPath: log.path, logTail: log.tail()))
        }
        let deadline = clock.now.advanced(by: spec.readyTimeout)
        var attempt = 0
        while true {
            attempt += 1
            let port: Int
            let process: ServerProcess
            do {
                port = try LoopbackPort.pick()
            } catch {
                return failure(.spawn(error.description))
            }
            let arguments: [String]
            do {
                arguments = try spec.arguments(port: port)
            } catch {
                return failure(.command(error.description))
            }
            do {
                let group = try ProcessGroup.spawn(executable: Self.wrapper[0], arguments: Self.wrapper + [log.path] + arguments,
                                                   environment: spec.environment, workingDirectory: spec.artifact)
                close(group.output)
                process = ServerProcess(spawned: group)
            } catch {
                return failure(.spawn(error.description))
            }
            records[id]?.state = .starting(process)
            persist()
            let readiness = await awaitReady(id, process, port: port, deadline: deadline)
            guard records[id]?.state.process === process, case .starting = records[id]?.state else {
                return failure(.stopped)
            }
            switch readiness {
            case .ready:
                records[id]?.state = .ready(process, port: port, since: policyClock.now())
                persist()
                let backend = Backend(id: id, port: port)
                onChange?(id, backend)
                return .success(backend)
            case .ended(let how):
                process.signal(SIGKILL)
                if attempt < settings.startAttempts, clock.now < deadline { continue }
                return failure(.exited(how))
            case .deadline:
                await climb(process)
                return failure(.notReady(after: spec.readyTimeout))
            }
        }
    }

    /// Polls the readiness path of `process` on `port` until it answers 200, the process ends,
    /// the deadline passes, or `id` is stopped meanwhile.
    private func awaitReady(_ id: VersionID, _ process: ServerProcess, port: Int, deadline: ContinuousClock.Instant) async -> Readiness {
        // A probe never holds a connection open: a model server that serves one connection at a
        // time would otherwise wait on the idle probe instead of answering inference requests.
        let request = HTTPRequest(target: records[id]?.spec.readyPath ?? "/", headers: HTTPHeaders([("Connection", "close")]))
        let upstream = Upstream(host: "127.0.0.1", port: port)
        while true {
            if process.hasEnded { return .ended(process.ending ?? "ended") }
            guard records[id]?.state.process === process else { return .ended("stopped") }
            let now = clock.now
            if now >= deadline { return .deadline }
            let response = try? await client.send(request, to: upstream, timeout: min(settings.probeTimeout, deadline - now))
            if response?.status == 200 { return .ready }
            try? await Task.sleep(for: settings.probeInterval)
        }
    }

    /// One pass of the watcher: notices ended servers, restarts those whose backoff is over, trims logs.
    /// Tests call it to run a pass at a moment of their choosing.
    func check() {
        let now = policyClock.now()
        for (id, record) in records {
            record.log.trim()
            switch record.state {
            case .ready(let process, _, let since) where process.hasEnded:
                // Whatever the leader left behind in its group goes with it.
                process.signal(SIGKILL)
                crashed(id, stayedReady: since.duration(to: now))
                onChange?(id, nil)
            case .backingOff(let until) where now >= until:
                records[id]?.state = .relaunching
                Task { await self.relaunch(id) }
            default:
                break
            }
        }
    }

    /// Counts a crash of `id` and schedules its restart after the backoff.
    private func crashed(_ id: VersionID, stayedReady: Duration) {
        guard var record = records[id] else { return }
        if stayedReady >= settings.backoff.resetAfter { record.crashesInARow = 0 }
        let delay = settings.backoff.delay(afterCrashesInARow: record.crashesInARow)
        record.crashesInARow += 1
        record.restarts += 1
        record.state = .backingOff(until: policyClock.now().advanced(by: delay))
        records[id] = record
        persist()
    }

    /// Restarts `id` after a crash; a restart that fails counts as one more crash.
    private func relaunch(_ id: VersionID) async {
        guard case .relaunching = records[id]?.state else { return }
        if case .failure(let failure) = await launch(id), failure.reason != .stopped {
            crashed(id, stayedReady: .zero)
        }
    }

    /// Climbs the teardown ladder on the group of `process` until none of it is left.
    private func climb(_ process: ServerProcess) async {
        for step in TeardownStep.ladder(grace: settings.grace) {
            switch step {
            case .signal(let signal):
                process.signal(signal)
            case .wait(let grace):
                await waitUntil(clock.now.advanced(by: grace)) { process.isGone }
            }
        }
        // SIGKILL cannot be caught; this only waits for the kernel to finish the job.
        await waitUntil(clock.now.advanced(by: .seconds(5))) { process.isGone }
    }

    /// Re-checks `condition` every few milliseconds until it holds or `deadline` passes.
    private func waitUntil(_ deadline: ContinuousClock.Instant, _ condition: () -> Bool) async {
        while !condition(), clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Saves the table atomically, so a supervisor started after a crash re-adopts what runs.
    private func persist() {
        var table = SupervisorTable()
        for (_, record) in records.sorted(by: { $0.key.description < $1.key.description }) {
            var entry = SupervisorTable.Entry(spec: record.spec, ready: false, logPath: record.log.path, restarts: record.restarts)
            if let process = record.state.process {
                entry.pid = process.pid
                entry.startTime = process.startTime
            }
            if case .ready(_, let port, _) = record.state {
                entry.port = port
                entry.ready = true
            }
            table.entries.append(entry)
        }
        do {
            try table.save(to: stateFolder)
            persistenceProblem = nil
        } catch {
            persistenceProblem = "could not save \(stateFolder)/\(SupervisorTable.fileName): \(error); "
                + "a restarted data plane may start duplicate servers"
        }
    }
}
