import Foundation
import HTTP
import Journal
import Synchronization

/// The data plane: the router in front of the model servers the supervisor keeps running, and a
/// control API for the controller. It lives in its own process so that a controller crash or
/// restart drops no inference request; its model servers outlive it and are re-adopted.
///
/// Files in its folder (`<state>/dataplane`): `lock` (one data plane per folder), `control.json`,
/// `desired.json` (the last desired serving, written before it is acted on, so a restarted data
/// plane routes at once), the supervisor's `servers.json`, and `logs/`.
public final class DataPlane: Sendable {
    public let folder: String
    public let router: Router
    public let control: ControlFile
    private let lock: StateLock
    private let group: EventLoopGroup
    private let client: HTTPClient
    private let supervisor: Supervisor
    private let controlServer: Mutex<HTTPServer?>
    private let desired: Mutex<DesiredServing>
    /// Why wanted versions could not be started.
    private let failures = Mutex<[VersionID: String]>([:])
    /// Why the last desired serving could not be saved, if it could not.
    private let saveProblem = Mutex<String?>(nil)
    /// Serialises `apply`: one change of serving at a time, in the order they came.
    private let applying = AsyncSerialGate()
    /// How many versions one change drains and stops at once.
    private static let concurrentStops = 32

    /// Starts a data plane on `stateFolder`, with the router on `host:port` (0 picks a port).
    /// `log` hears of trouble no one request causes, such as the router running out of descriptors.
    public static func start(stateFolder: String, host: String = "127.0.0.1", port: Int = 8080,
                             loops: Int = ProcessInfo.processInfo.activeProcessorCount,
                             log: @escaping @Sendable (String) -> Void = { _ in }) async throws -> DataPlane {
        let folder = stateFolder + "/dataplane"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lock = try StateLock(stateFolder: folder)
        let group = try EventLoopGroup(loops: loops)
        let client = HTTPClient(group: group)
        let relay = ChangeRelay()
        let supervisor = try Supervisor(stateFolder: folder, logFolder: folder + "/logs", client: client,
                                        onChange: { _, _ in relay.fire() })
        let router = try Router(host: host, port: port, group: group, log: log)
        let saved = (try? JSONDecoder().decode(DesiredServing.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/desired.json"))))
            ?? DesiredServing()
        let plane = DataPlane(folder: folder, lock: lock, group: group, client: client, supervisor: supervisor, router: router,
                              control: ControlFile(routerPort: router.port, controlPort: 0, token: try ControlFile.newToken(),
                                                   pid: getpid()),
                              desired: saved)
        relay.set { [weak plane] in Task { await plane?.refreshRoutes() } }
        // Routes to the servers re-adopted ready before anyone is told where the data plane is: a
        // restarted data plane answers at once for everything still running.
        await plane.refreshRoutes()
        try plane.startControl(host: "127.0.0.1")
        await plane.restoreSaved()
        return plane
    }

    private init(folder: String, lock: StateLock, group: EventLoopGroup, client: HTTPClient, supervisor: Supervisor, router: Router,
                 control: ControlFile, desired: DesiredServing) {
        self.folder = folder
        self.lock = lock
        self.group = group
        self.client = client
        self.supervisor = supervisor
        self.router = router
        self.control = control
        self.desired = Mutex(desired)
        self.controlServer = Mutex(nil)
    }

    /// The control file as written, with the control API's port.
    public var controlFile: ControlFile { (try? ControlFile.read(from: folder)) ?? control }

    /// Replaces the whole serving with `wanted`: starts missing servers, routes, then drains and
    /// stops servers no longer wanted. Every model's generation moves on. Returns what runs afterwards.
    public func apply(_ wanted: DesiredServing) async -> ObservedServing {
        await applying.run { [self] in
            var next = desired.withLock { $0 }
            next.replace(with: wanted)
            await converge(next, scope: { _ in true })
        }
        return await observed()
    }

    /// Sets one model's serving if `write` names its current generation, leaving every other model
    /// as it is; a write naming an older generation changes nothing and gets the current serving back.
    public func setModel(_ model: String, _ write: ModelServingWrite) async -> Result<ModelServingApplied, StaleGeneration> {
        let outcome: Result<Int, StaleGeneration> = await applying.run { [self] in
            var next = desired.withLock { $0 }
            let current = next.serving(of: model)
            guard current.generation == write.generation else { return .failure(StaleGeneration(current: current)) }
            next.set(model, write.served)
            await converge(next, scope: { $0.model == model })
            return .success(next.generations[model] ?? 0)
        }
        switch outcome {
        case .success(let generation): return .success(ModelServingApplied(generation: generation, observed: await observed()))
        case .failure(let stale): return .failure(stale)
        }
    }

    /// Runs (`spec` given) or stops an unrouted version that gates test directly; idempotent.
    public func setEphemeral(_ id: VersionID, _ spec: ServerSpec?) async -> ObservedServing {
        await applying.run { [self] in
            var next = desired.withLock { $0 }
            next.ephemeral.removeAll { $0.id == id }
            if let spec { next.ephemeral.append(spec) }
            await converge(next, scope: { $0 == id })
        }
        return await observed()
    }

    /// Makes `wanted` the desired serving and brings the versions in `scope` to it: saves it first
    /// (a restarted data plane routes at once), starts what is missing, routes, then drains and stops
    /// what is no longer wanted, up to `concurrentStops` at a time. Versions outside `scope` are left
    /// alone: another model's write must not touch them.
    private func converge(_ wanted: DesiredServing, scope: @Sendable (VersionID) -> Bool) async {
        desired.withLock { $0 = wanted }
        do {
            try AtomicFile.write(try JSONEncoder().encode(wanted), to: folder + "/desired.json")
            saveProblem.withLock { $0 = nil }
        } catch {
            // Serving goes on, but a restarted data plane would not know this serving: say so.
            saveProblem.withLock { $0 = "the desired serving was not saved, so a restart would not route it at once: \(error)" }
        }
        for spec in wanted.specs where scope(spec.id) {
            switch await supervisor.start(spec) {
            case .success:
                failures.withLock { $0[spec.id] = nil }
            case .failure(let failure) where failure.reason == .alreadyStarting:
                // Starting, or waiting out a restart backoff: the supervisor brings it up.
                break
            case .failure(let failure):
                failures.withLock { $0[spec.id] = failure.description }
            }
        }
        await refreshRoutes()
        let keep = Set(wanted.specs.map(\.id))
        failures.withLock { $0 = $0.filter { !scope($0.key) || keep.contains($0.key) } }
        // Every version, not only the ready ones: a crashed server waiting out its backoff must not come back.
        let leaving = await supervisor.versions.filter { scope($0) && !keep.contains($0) }
        // Each waits on its own requests and its own process, so they overlap. All end before this
        // change does and the next one begins, so no stop outlives it to take down a version wanted again.
        await withTaskGroup(of: Void.self) { group in
            for (index, id) in leaving.enumerated() {
                if index >= Self.concurrentStops { await group.next() }
                group.addTask {
                    await self.drain(id)
                    await self.supervisor.stop(id)
                }
            }
        }
    }

    /// Brings up the serving saved by an earlier data plane, as it was: no generation moves.
    private func restoreSaved() async {
        let saved = desiredServing
        await applying.run { [self] in await converge(saved, scope: { _ in true }) }
    }

    /// The serving last wanted, with every model's generation.
    public var desiredServing: DesiredServing { desired.withLock { $0 } }

    /// What runs now.
    public func observed() async -> ObservedServing {
        var servers: [ObservedServing.Server] = []
        for backend in await supervisor.backends.sorted(by: { $0.id.description < $1.id.description }) {
            servers.append(.init(id: backend.id, port: backend.port, pid: await supervisor.processID(of: backend.id),
                                 restarts: await supervisor.restarts(of: backend.id)))
        }
        var failed = Dictionary(uniqueKeysWithValues: failures.withLock { $0 }.map { ($0.key.description, $0.value) })
        failed["desired.json"] = saveProblem.withLock { $0 }
        let ready = Set(servers.map(\.id))
        let restarting = await supervisor.versions.filter { !ready.contains($0) }.sorted { $0.description < $1.description }
        return ObservedServing(servers: servers, routes: router.routes(), failures: failed, restarting: restarting)
    }

    /// Routes every wanted model to the servers that run its versions; a canary that is not running gets no traffic.
    func refreshRoutes() async {
        let wanted = desired.withLock { $0 }
        var routes: [ModelRoute] = []
        for model in wanted.models {
            let stable = await model.stable.asyncMap { await supervisor.backend(of: $0.id) } ?? nil
            let canary = await model.canary.asyncMap { await supervisor.backend(of: $0.id) } ?? nil
            routes.append(ModelRoute(model: model.model, stable: stable, canary: canary,
                                     canaryWeight: canary == nil ? 0 : model.canaryWeight))
        }
        router.setRoutes(routes)
    }

    /// Waits (up to 30 s) until the version has no request in flight, so stopping it fails none.
    private func drain(_ id: VersionID) async {
        let deadline = ContinuousClock.now + .seconds(30)
        while router.metrics.metrics(for: id).snapshot().inFlight > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops listening; model servers keep running for the next data plane to re-adopt.
    public func shutdown() {
        controlServer.withLock { $0?.shutdown() }
        router.shutdown()
        client.shutdown()
        group.shutdown()
    }

    private func startControl(host: String) throws {
        let api = ControlAPI(plane: self)
        let server = try HTTPServer(host: host, port: 0, group: group, limits: HTTPServerLimits(maxConnections: 256),
                                    admit: api.admit) { request, responder in api.handle(request, responder) }
        controlServer.withLock { $0 = server }
        var file = control
        file.controlPort = server.port
        try file.write(to: folder)
    }
}

/// Calls back into the data plane once it exists (the supervisor is made before it).
final class ChangeRelay: Sendable {
    private let action = Mutex<(@Sendable () -> Void)?>(nil)
    func set(_ body: @escaping @Sendable () -> Void) { action.withLock { $0 = body } }
    func fire() { action.withLock { $0 }?() }
}

/// Runs async bodies one at a time, in the order they arrive.
actor AsyncSerialGate {
    private var tail: Task<Void, Never>?

    func run<Answer: Sendable>(_ body: @escaping @Sendable () async -> Answer) async -> Answer {
        let previous = tail
        let task = Task {
            await previous?.value
            return await body()
        }
        tail = Task { _ = await task.value }
        return await task.value
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async -> T) async -> T? {
        guard let self else { return nil }
        return await transform(self)
    }
}
