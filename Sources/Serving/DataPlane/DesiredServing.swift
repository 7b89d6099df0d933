/// One model as the controller wants it served: a stable version, maybe a canary and its weight.
public struct ServedModel: Codable, Sendable, Equatable {
    public var model: String
    public var stable: ServerSpec?
    public var canary: ServerSpec?
    /// Percent of requests for the canary, 0…100.
    public var canaryWeight: Int

    public init(model: String, stable: ServerSpec?, canary: ServerSpec? = nil, canaryWeight: Int = 0) {
        self.model = model
        self.stable = stable
        self.canary = canary
        self.canaryWeight = canaryWeight
    }
}

/// Everything the controller wants the data plane to run: routed models and unrouted (ephemeral)
/// versions that gates test directly.
public struct DesiredServing: Codable, Sendable, Equatable {
    public var models: [ServedModel]
    public var ephemeral: [ServerSpec]

    public init(models: [ServedModel] = [], ephemeral: [ServerSpec] = []) {
        self.models = models
        self.ephemeral = ephemeral
    }

    /// Every version that should have a running server.
    var specs: [ServerSpec] {
        models.flatMap { [$0.stable, $0.canary].compactMap { $0 } } + ephemeral
    }

    /// Problems that make it unusable, said so that the controller can fix them.
    func problems() -> [String] {
        var problems: [String] = []
        var seen = Set<String>()
        for model in models {
            if !seen.insert(model.model).inserted { problems.append("model '\(model.model)' is listed twice") }
            if !(0...100).contains(model.canaryWeight) {
                problems.append("model '\(model.model)': canaryWeight must be within 0…100, found \(model.canaryWeight)")
            }
            if model.canaryWeight > 0 && model.canary == nil {
                problems.append("model '\(model.model)': canaryWeight is \(model.canaryWeight) but no canary is given")
            }
            for spec in [model.stable, model.canary].compactMap({ $0 }) where spec.id.model != model.model {
                problems.append("model '\(model.model)': version \(spec.id) belongs to another model")
            }
        }
        return problems
    }
}

/// What the data plane runs now.
public struct ObservedServing: Codable, Sendable, Equatable {
    /// One running version.
    public struct Server: Codable, Sendable, Equatable {
        public var id: VersionID
        public var port: Int
        public var pid: Int32?
        public var restarts: Int

        public init(id: VersionID, port: Int, pid: Int32?, restarts: Int) {
            self.id = id
            self.port = port
            self.pid = pid
            self.restarts = restarts
        }
    }

    public var servers: [Server]
    public var routes: [ModelRoute]
    /// Versions that could not be started (or `desired.json` when it could not be saved), with why.
    public var failures: [String: String]

    public init(servers: [Server], routes: [ModelRoute], failures: [String: String]) {
        self.servers = servers
        self.routes = routes
        self.failures = failures
    }
}
