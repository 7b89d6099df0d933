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
/// versions that gates test directly, with each model's generation.
public struct DesiredServing: Codable, Sendable, Equatable {
    public var models: [ServedModel]
    public var ephemeral: [ServerSpec]
    /// How many times each model's serving was written; a write must name the generation it read.
    public var generations: [String: Int]

    public init(models: [ServedModel] = [], ephemeral: [ServerSpec] = [], generations: [String: Int] = [:]) {
        self.models = models
        self.ephemeral = ephemeral
        self.generations = generations
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        models = try container.decode([ServedModel].self, forKey: .models)
        ephemeral = try container.decodeIfPresent([ServerSpec].self, forKey: .ephemeral) ?? []
        generations = try container.decodeIfPresent([String: Int].self, forKey: .generations) ?? [:]
    }

    /// One model's serving and its generation (0 for a model never written).
    public func serving(of model: String) -> ModelServing {
        ModelServing(generation: generations[model] ?? 0, served: models.first { $0.model == model })
    }

    /// Sets one model's serving (nil: not served) and moves its generation on.
    mutating func set(_ model: String, _ served: ServedModel?) {
        models.removeAll { $0.model == model }
        if let served { models.append(served) }
        models.sort { $0.model < $1.model }
        generations[model, default: 0] += 1
    }

    /// Replaces everything; every model named before or after moves to a new generation, so a
    /// writer holding an older one is refused instead of undoing this.
    mutating func replace(with wanted: DesiredServing) {
        let names = Set(models.map(\.model)).union(wanted.models.map(\.model))
        models = wanted.models
        ephemeral = wanted.ephemeral
        for name in names { generations[name, default: 0] += 1 }
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

    /// Ready servers.
    public var servers: [Server]
    public var routes: [ModelRoute]
    /// Versions that could not be started (or `desired.json` when it could not be saved), with why.
    public var failures: [String: String]
    /// Versions whose server is starting or waiting out a restart backoff: the supervisor brings them up.
    public var restarting: [VersionID]

    public init(servers: [Server], routes: [ModelRoute], failures: [String: String], restarting: [VersionID] = []) {
        self.servers = servers
        self.routes = routes
        self.failures = failures
        self.restarting = restarting
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        servers = try container.decode([Server].self, forKey: .servers)
        routes = try container.decode([ModelRoute].self, forKey: .routes)
        failures = try container.decode([String: String].self, forKey: .failures)
        restarting = try container.decodeIfPresent([VersionID].self, forKey: .restarting) ?? []
    }
}
