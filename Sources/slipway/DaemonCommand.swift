import Controller
import Foundation
import HTTP
import Journal
import Manifests
import Serving

/// `slipway daemon`: the GitOps loop with its API, in front of a data plane it starts when none runs.
enum DaemonCommand: Command {
    static let spec = CommandSpec(
        name: "daemon",
        summary: "Watch a git repository and reconcile every model: train, gate, wait for sign-off, roll out, roll back.",
        options: [
            .value("repo", "URL", "The repository: a path, file://, ssh or https URL (required)."),
            .value("state", "DIR", "The state folder: journal, artifacts, mirror, data plane (required)."),
            .value("branch", "NAME", "The branch to follow (default main)."),
            .value("interval", "DURATION", "Time between fetches when no webhook nudges (default 30s)."),
            .value("listen", "HOST:PORT", "Where the API and status page listen (default 127.0.0.1:7070)."),
            .value("serve", "HOST:PORT", "Where a data plane started by the daemon routes inference (default 127.0.0.1:8080)."),
            .value("concurrency", "N", "Trainings at once over all models (default 2)."),
            .value("data-root", "DIR", "A folder external data sets may come from (repeatable); nothing outside these is read.", repeatable: true),
            .value("checkpoint-key", "FILE", "Sign checkpoints of the journal's head with the HMAC key in FILE (mode 600, 32 bytes or more, outside DIR)."),
            .value("checkpoint-interval", "DURATION", "Time between checkpoints while the journal grows (default 60s); one more is written on SIGTERM."),
        ],
        discussion: """
        The data plane runs as its own process (started with setsid when none answers for DIR), so stopping or
        killing the daemon drops no inference request. Tokens for the API are read from DIR/tokens; a fresh
        state folder gets an operator token named 'local'. Webhooks: POST /hooks/git, verified with the
        secret in the environment variable SLIPWAY_WEBHOOK_SECRET. SIGTERM finishes the journal write in
        progress, signs a last checkpoint and exits. Checkpoints go to DIR/checkpoints.jsonl; check them with
        'slipway audit verify --state DIR --key FILE'.
        """)

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        let state = try arguments.required("state")
        let interval = try arguments.duration("interval", allowZero: true) ?? .seconds(30)
        let (host, port) = try address(arguments.value("listen") ?? "127.0.0.1:7070", option: "listen")
        let serve = arguments.value("serve") ?? "127.0.0.1:8080"
        _ = try address(serve, option: "serve")
        let concurrency = try arguments.value("concurrency").map { text -> Int in
            guard let n = Int(text), n >= 1 else { throw UsageError(description: "--concurrency takes a positive integer, found '\(text)'") }
            return n
        } ?? 2
        let checkpointInterval = try arguments.value("checkpoint-interval").map { text -> Duration in
            guard arguments.value("checkpoint-key") != nil else {
                throw UsageError(description: "--checkpoint-interval needs --checkpoint-key: there is nothing to sign with")
            }
            guard let duration = DurationText.parse(text), duration > .zero else {
                throw UsageError(description: "--checkpoint-interval takes a duration such as 60s or 5m, found '\(text)'")
            }
            return duration
        } ?? .seconds(60)
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let key: CheckpointKey?
        do {
            key = try arguments.value("checkpoint-key").map { path throws(CheckpointKeyError) in
                try CheckpointKey.load(path: path, stateFolder: state)
            }
        } catch {
            throw CommandError(description: error.description)
        }
        let journal = try Journal(lock: try StateLock(stateFolder: state))
        if let repair = journal.repair { Output.error("journal: \(repair)") }
        let checkpoints = try key.map { try CheckpointWriter(journal: journal, key: $0) }

        let loops = try EventLoopGroup(loops: 1)
        let client = HTTPClient(group: loops)
        let dataplane = DataplaneConnection(stateFolder: state, client: client)
        let launcher = DataplaneLauncher(stateFolder: state, listen: serve,
                                         executable: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        do {
            if try await launcher.ensure(dataplane) {
                Output.print("daemon: started the data plane (router on \(serve)); its log is \(launcher.logPath)")
            }
        } catch {
            throw CommandError(description: error.description)
        }

        var settings = ReconcilerSettings(repository: repositoryAddress(try arguments.required("repo")), stateFolder: state,
                                          branch: arguments.value("branch") ?? "main", interval: interval, concurrency: concurrency)
        settings.dataRoots = arguments.all("data-root")
        settings.relaunchDataplane = { [dataplane] () async throws(DataplaneError) -> Bool in try await launcher.ensure(dataplane) }
        let reconciler = Reconciler(settings: settings, journal: journal, dataplane: dataplane, client: client,
                                    log: { Output.print("daemon: \($0)") })
        let api = try DaemonAPI(reconciler: reconciler, stateFolder: state, dataplane: dataplane,
                                webhookSecret: ProcessInfo.processInfo.environment["SLIPWAY_WEBHOOK_SECRET"])
        let server = try HTTPServer(host: host, port: port, group: loops, limits: DaemonAPI.serverLimits,
                                    log: { Output.print("daemon: \($0)") }, admit: api.admit) { request, responder in
            api.handle(request, responder)
        }
        try AtomicFile.write(try JSONEncoder().encode(["api": "http://\(host):\(server.port)", "pid": "\(getpid())"]),
                             to: state + "/daemon.json")
        Output.print("daemon: following \(settings.branch) of \(settings.repository); API and status page on http://\(host):\(server.port)/")
        let loop = Task { await reconciler.run() }
        let signing = checkpoints.map { writer in
            Task { await writer.run(every: checkpointInterval) { Output.error("daemon: \($0)") } }
        }
        if let key { Output.print("daemon: signing checkpoints of the journal with key \(key.id) every \(arguments.value("checkpoint-interval") ?? "60s")") }
        let refusals = Task { await api.closeRefusalWindows() }
        // SIGHUP reads the tokens file again: a token added or revoked takes effect without a restart.
        Glibc.signal(SIGHUP, SIG_IGN)
        let hangup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        hangup.setEventHandler {
            do {
                Output.print("daemon: SIGHUP: read \(state)/tokens again, \(try api.reloadTokens()) tokens in force")
            } catch {
                Output.error("daemon: SIGHUP: \(state)/tokens was not read, the tokens in force stay: \(error)")
            }
        }
        hangup.resume()
        SignalSources.keep([hangup])
        let signal = await DataplaneCommand.waitForTermination()
        Output.print("daemon: \(signal), stopping; the data plane and its model servers keep serving")
        loop.cancel()
        signing?.cancel()
        server.shutdown()
        // After the server stops, so the summaries journaled count every refusal it made.
        refusals.cancel()
        await refusals.value
        // Last, so the final checkpoint signs every entry this daemon journaled.
        if let checkpoints {
            do {
                let written = try checkpoints.write()
                Output.print(written.map { "daemon: signed a checkpoint of the journal's head, entry \($0.seq)" }
                    ?? "daemon: no journal entries since the last checkpoint")
            } catch {
                Output.error("daemon: the last checkpoint could not be written: \(error)")
            }
        }
        client.shutdown()
        loops.shutdown()
        return .success
    }

    static func address(_ text: String, option: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            throw UsageError(description: "--\(option) takes HOST:PORT, found '\(text)'")
        }
        return (String(text[..<colon]), port)
    }

    /// The repository as the mirror records it: a relative path made absolute, so that a restart
    /// from another folder, or with `repo` for `/srv/repo`, names the same repository.
    static func repositoryAddress(_ text: String) -> String {
        if text.contains("://") || text.hasPrefix("/") { return text }
        // scp-like ssh (`git@host:team/models.git`): a colon before any slash.
        if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("/") { return text }
        return URL(fileURLWithPath: text).standardizedFileURL.path
    }
}
