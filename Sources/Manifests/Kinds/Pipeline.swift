/// `kind: Pipeline` — a reusable DAG of steps that a Model may train with instead of one command.
public struct Pipeline: Sendable, Equatable {
    public var metadata: Metadata
    public var folder: String
    /// Steps in the order written; `order` gives a dependency order.
    public var steps: [PipelineStep]
    /// The step whose output becomes the model's artifact.
    public var output: String
    public var params: [String: ScalarValue]

    public var name: String { metadata.name }

    /// The steps in an order where every step comes after the steps it needs.
    public var order: [PipelineStep] {
        var done = Set<String>()
        var result: [PipelineStep] = []
        var remaining = steps
        while !remaining.isEmpty {
            let ready = remaining.filter { $0.needs.allSatisfy(done.contains) }
            if ready.isEmpty { return result + remaining }  // a cycle; decoding has reported it
            for step in ready { done.insert(step.name); result.append(step) }
            remaining.removeAll { done.contains($0.name) }
        }
        return result
    }

    static func decode(spec node: Node, metadata: Metadata, folder: String, _ context: DecodingContext) -> Pipeline? {
        guard var map = context.mapping(node, "spec") else { return nil }
        var params: [String: ScalarValue] = [:]
        for (key, value, location) in map.scalars("params") ?? [] {
            if let problem = ParameterName.problem(with: key) { context.error("spec.params.\(key): \(problem)", at: location) }
            params[key] = value
        }
        var steps: [PipelineStep] = []
        if let stepsNode = map.required("steps"), let items = context.sequence(stepsNode, "spec.steps") {
            if items.isEmpty { context.error("spec.steps may not be empty", at: stepsNode.location) }
            steps = items.enumerated().compactMap { PipelineStep.decode($1, "spec.steps[\($0)]", context) }
        }
        let outputNode = map.optional("output")
        let output = outputNode.flatMap { context.name($0, "spec.output") } ?? steps.last?.name
        map.rejectUnknownFields()

        let names = Set(steps.map(\.name))
        var seen: [String: SourceLocation] = [:]
        for step in steps {
            if let first = seen[step.name] {
                context.error("step '\(step.name)' is declared twice (first at line \(first.line))", at: step.location)
            }
            seen[step.name] = step.location
            for need in step.needs where !names.contains(need) {
                context.error("step '\(step.name)' needs '\(need)', which is not a step of this pipeline", at: step.location,
                              hint: Suggestion.hint(for: need, among: Array(names)))
            }
        }
        let pipeline = Pipeline(metadata: metadata, folder: folder, steps: steps, output: output ?? "", params: params)
        if let cycle = pipeline.cycle() {
            context.error("steps form a cycle: \(cycle.joined(separator: " → "))", at: node.location)
        }
        if let output, !names.contains(output), let outputNode {
            context.error("spec.output names '\(output)', which is not a step of this pipeline", at: outputNode.location)
        }
        return pipeline
    }

    /// A dependency cycle among the steps, as the step names along it, or nil.
    func cycle() -> [String]? {
        let byName = Dictionary(steps.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var state: [String: Bool] = [:]  // false: on the current path; true: finished
        var path: [String] = []
        func visit(_ name: String) -> [String]? {
            if state[name] == true { return nil }
            if state[name] == false { return Array(path.drop(while: { $0 != name })) + [name] }
            state[name] = false
            path.append(name)
            for need in byName[name]?.needs ?? [] where byName[need] != nil {
                if let cycle = visit(need) { return cycle }
            }
            path.removeLast()
            state[name] = true
            return nil
        }
        for step in steps { if let cycle = visit(step.name) { return cycle } }
        return nil
    }
}

/// One step of a Pipeline: a command with its own output folder and its own cache key.
public struct PipelineStep: Sendable, Equatable {
    public var name: String
    public var location: SourceLocation
    public var command: [String]
    /// Steps whose outputs this one reads (as `${steps.NAME}`).
    public var needs: [String]
    public var timeout: Duration
    public var env: [String: String]

    static func decode(_ node: Node, _ field: String, _ context: DecodingContext) -> PipelineStep? {
        guard var map = context.mapping(node, field) else { return nil }
        let name = map.required("name").flatMap { context.name($0, map.path("name")) }
        let command = map.required("command").flatMap { context.command($0, map.path("command")) }
        let needs = map.strings("needs") ?? []
        let timeout = map.duration("timeout") ?? TrainSpec.defaultTimeout
        let env = map.stringMap("env") ?? [:]
        map.rejectUnknownFields()
        guard let name, let command else { return nil }
        for argument in command {
            for placeholder in Placeholders.names(in: argument) where placeholder.hasPrefix("steps.") {
                let step = String(placeholder.dropFirst(6))
                if !needs.contains(step) {
                    context.error("\(map.path("command")): ${\(placeholder)} reads step '\(step)', which is not in needs",
                                  at: node.location, hint: "add '\(step)' to needs")
                }
            }
        }
        return PipelineStep(name: name, location: node.location, command: command, needs: needs, timeout: timeout, env: env)
    }
}
