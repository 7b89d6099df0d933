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
    private let failures = Mutex<[String: String]>([:])
    /// Serialises `apply`: one change of serving at a time, in the order they came.
    private let applying = AsyncSerialGate()

    /// Starts a data plane on `stateFolder`, with the router on `host:port` (0 picks a port).
    public static func start(stateFolder: String, host: String = "127.0.0.1", port: Int = 8080,
                             loops: Int = ProcessInfo.processInfo.activeProcessorCount) async throws -> DataPlane {
        let folder = stateFolder + "/dataplane"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lock = try StateLock(stateFolder: folder)
        let group = try EventLoopGroup(loops: loops)
        let client = HTTPClient(group: group)
        let relay = ChangeRelay()
        let supervisor = try Supervisor(stateFolder: folder, logFolder: folder + "/logs", client: client,
                                        onChange: { _, _ in relay.fire() })
        let router = try Router(host: host, port: port, group: group)
        let saved = (try? JSONDecoder().decode(DesiredServing.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/desired.json"))))
            ?? DesiredServing()
        let plane = DataPlane(folder: folder, lock: lock, group: group, client: client, supervisor: supervisor, router: router,
                              control: ControlFile(routerPort: router.port, controlPort: 0, token: try ControlFile.newToken(),
                                                   pid: getpid()),
                              desired: saved)
        relay.set { [weak plane] in Task { await plane?.refreshRoutes() } }
        try plane.startControl(host: "127.0.0.1")
        _ = await plane.apply(saved)
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

    /// Makes the data plane run what `wanted` says: starts missing servers, routes, then drains and
    /// stops servers no longer wanted. Returns what runs afterwards.
    public func apply(_ wanted: DesiredServing) async -> ObservedServing {
        await applying.run { [self] in
            desired.withLock { $0 = wanted }
            var failed: [String: String] = [:]
            do {
                try AtomicFile.write(try JSONEncoder().encode(wanted), to: folder + "/desired.json")
            } catch {
                // Serving goes on, but a restarted data plane would not know this serving: say so.
                failed["desired.json"] = "the desired serving was not saved, so a restart would not route it at once: \(error)"
            }
            for spec in wanted.specs {
                if case .failure(let failure) = await supervisor.start(spec) { failed[spec.id.description] = failure.description }
            }
            failures.withLock { $0 = failed }
            await refreshRoutes()
            let keep = Set(wanted.specs.map(\.id))
            // Every version, not only the ready ones: a crashed server waiting out its backoff must not come back.
            for id in await supervisor.versions where !keep.contains(id) {
                await drain(id)
                await supervisor.stop(id)
            }
        }
        return await observed()
    }

    /// The serving last wanted, as given to `apply`.
    public var desiredServing: DesiredServing { desired.withLock { $0 } }

    /// What runs now.
    public func observed() async -> ObservedServing {
        var servers: [ObservedServing.Server] = []
        for backend in await supervisor.backends.sorted(by: { $0.id.description < $1.id.description }) {
            servers.append(.init(id: backend.id, port: backend.port, pid: await supervisor.processID(of: backend.id),
                                 restarts: await supervisor.restarts(of: backend.id)))
        }
        return ObservedServing(servers: servers, routes: router.routes(), failures: failures.withLock { $0 })
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
        let server = try HTTPServer(host: host, port: 0, group: group) { request, responder in api.handle(request, responder) }
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

    func run(_ body: @escaping @Sendable () async -> Void) async {
        let previous = tail
        let task = Task {
            await previous?.value
            await body()
        }
        tail = task
        await task.value
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async -> T) async -> T? {
        guard let self else { return nil }
        return await transform(self)
    }
}
