/// One served version of a model: its name and a version label (the artifact digest, shortened).
public struct VersionID: Hashable, Sendable, Codable, CustomStringConvertible {
    public var model: String
    public var version: String

    public init(model: String, version: String) {
        self.model = model
        self.version = version
    }

    public var description: String { "\(model)@\(version)" }
}

/// A running model server the router can send requests to.
public struct Backend: Hashable, Sendable, Codable {
    public var id: VersionID
    public var port: Int

    public init(id: VersionID, port: Int) {
        self.id = id
        self.port = port
    }
}

/// How one model's traffic is split: stable takes what the canary does not.
public struct ModelRoute: Equatable, Sendable, Codable {
    public var model: String
    public var stable: Backend?
    public var canary: Backend?
    /// Percent of requests for the canary, 0…100.
    public var canaryWeight: Int

    public init(model: String, stable: Backend?, canary: Backend? = nil, canaryWeight: Int = 0) {
        self.model = model
        self.stable = stable
        self.canary = canary
        self.canaryWeight = canaryWeight
    }
}
