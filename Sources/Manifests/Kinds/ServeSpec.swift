/// How a model version is served: a process speaking the Open Inference Protocol on `${port}`.
public struct ServeSpec: Sendable, Equatable {
    public var command: [String]
    public var location: SourceLocation
    /// The readiness path polled before a version takes traffic.
    public var ready: String
    /// How long a starting server may take to become ready.
    public var readyTimeout: Duration
    public var env: [String: String]

    static func decode(_ node: Node, _ field: String, _ context: DecodingContext) -> ServeSpec? {
        guard var map = context.mapping(node, field) else { return nil }
        let command = map.required("command").flatMap { context.command($0, map.path("command")) }
        let readyNode = map.optional("ready")
        let ready = readyNode.flatMap { context.string($0, map.path("ready")) } ?? "/v2/health/ready"
        if let readyNode, ready.utf8.first != UInt8(ascii: "/") {
            context.error("\(map.path("ready")) must be a path starting with '/', found '\(ready)'", at: readyNode.location)
        }
        let readyTimeout = map.duration("readyTimeout") ?? .seconds(60)
        let env = map.stringMap("env") ?? [:]
        map.rejectUnknownFields()
        if let command, !command.contains(where: { Placeholders.names(in: $0).contains("port") }) {
            context.error("\(field).command never uses ${port}; the server must listen on the port Slipway gives it",
                          at: node.location)
        }
        guard let command else { return nil }
        return ServeSpec(command: command, location: node.location, ready: ready, readyTimeout: readyTimeout, env: env)
    }
}
