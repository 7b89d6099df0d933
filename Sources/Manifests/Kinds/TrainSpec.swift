/// How a model is trained: one command, or a named Pipeline.
public struct TrainSpec: Sendable, Equatable {
    public enum Runner: Sendable, Equatable {
        case command([String])
        case pipeline(name: String, location: SourceLocation)
    }

    public var runner: Runner
    public var location: SourceLocation
    public var timeout: Duration
    /// Values for `${params.NAME}`; they are part of the run key.
    public var params: [String: ScalarValue]
    /// Extra environment variables for the trainer (the rest of the environment is cleared).
    public var env: [String: String]
    /// Address-space limit (setrlimit), bytes.
    public var memoryLimit: Int64?
    /// CPU-time limit (setrlimit).
    public var cpuTimeLimit: Duration?

    static let defaultTimeout: Duration = .seconds(3600)

    static func decode(_ node: Node, _ field: String, _ context: DecodingContext) -> TrainSpec? {
        guard var map = context.mapping(node, field) else { return nil }
        let command = map.command("command")
        let pipelineNode = map.optional("pipeline")
        let pipeline = pipelineNode.flatMap { context.name($0, map.path("pipeline")) }
        let timeout = map.duration("timeout") ?? defaultTimeout
        var params: [String: ScalarValue] = [:]
        for (key, value, location) in map.scalars("params") ?? [] {
            if let problem = ParameterName.problem(with: key) {
                context.error("\(map.path("params")).\(key): \(problem)", at: location)
            }
            params[key] = value
        }
        let env = map.stringMap("env") ?? [:]
        var memory: Int64? = nil
        var cpuTime: Duration? = nil
        if let limitsNode = map.optional("limits"), var limits = context.mapping(limitsNode, map.path("limits")) {
            memory = limits.byteCount("memory")
            cpuTime = limits.duration("cpuTime")
            limits.rejectUnknownFields()
        }
        map.rejectUnknownFields()

        let runner: Runner
        switch (command, pipeline) {
        case (let argv?, nil): runner = .command(argv)
        case (nil, let name?): runner = .pipeline(name: name, location: pipelineNode!.location)
        case (_?, _?):
            context.error("\(field) has both 'command' and 'pipeline'; give one", at: node.location)
            return nil
        case (nil, nil):
            if !map.has("command") && !map.has("pipeline") {
                context.error("\(field) needs 'command' (an argv list) or 'pipeline' (the name of a Pipeline)", at: node.location)
            }
            return nil
        }
        return TrainSpec(runner: runner, location: node.location, timeout: timeout, params: params, env: env,
                         memoryLimit: memory, cpuTimeLimit: cpuTime)
    }
}

/// Names usable in `${params.NAME}`: letters, digits and `_`, not starting with a digit.
enum ParameterName {
    static func problem(with name: String) -> String? {
        let bytes = Array(name.utf8)
        let ok = !bytes.isEmpty && !(0x30...0x39).contains(bytes[0]) && bytes.allSatisfy {
            (0x61...0x7a).contains($0) || (0x41...0x5a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5f
        }
        return ok ? nil : "'\(name)' is not a parameter name: use letters, digits and '_', not starting with a digit"
    }
}
