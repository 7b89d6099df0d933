import Manifests
import Processes

/// What the supervisor needs to start one version's model server.
public struct ServerSpec: Sendable, Equatable, Codable {
    /// The version this server serves.
    public var id: VersionID
    /// The argument template from `serve.command`, still holding `${artifact}`, `${port}` and `${params.NAME}`.
    public var command: [String]
    /// The artifact folder: `${artifact}` and the server's working folder.
    public var artifact: String
    /// The values of `${params.NAME}`, keyed by NAME.
    public var params: [String: String]
    /// Variables on top of the clean base environment; nothing else is inherited.
    public var env: [String: String]
    /// The path polled with `GET` until it answers 200.
    public var readyPath: String
    /// How long a starting server may take to answer 200 there.
    public var readyTimeout: Duration

    /// Creates a spec from its parts.
    public init(id: VersionID, command: [String], artifact: String, params: [String: String] = [:],
                env: [String: String] = [:], readyPath: String = "/v2/health/ready", readyTimeout: Duration = .seconds(60)) {
        self.id = id
        self.command = command
        self.artifact = artifact
        self.params = params
        self.env = env
        self.readyPath = readyPath
        self.readyTimeout = readyTimeout
    }

    /// Creates the spec of `id` from a manifest's `serve` section.
    public init(id: VersionID, serve: ServeSpec, artifact: String, params: [String: String]) {
        self.init(id: id, command: serve.command, artifact: artifact, params: params, env: serve.env,
                  readyPath: serve.ready, readyTimeout: serve.readyTimeout)
    }

    /// The command with every placeholder filled for a server listening on `port`.
    func arguments(port: Int) throws(PlaceholderError) -> [String] {
        var values = ["artifact": artifact, "port": String(port)]
        for (name, value) in params { values["params.\(name)"] = value }
        return try Placeholders.resolve(command, with: values)
    }

    /// The environment the server starts with: the clean base every spawned process gets, then `env`.
    var environment: [String: String] {
        ProcessGroup.baseEnvironment(home: artifact).merging(env) { _, own in own }
    }
}
