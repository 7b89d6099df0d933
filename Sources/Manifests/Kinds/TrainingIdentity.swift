/// What a model's training depends on, besides its code and data bytes, in canonical form.
/// Two revisions whose identities are equal train the same way.
extension Model {
    /// The training spec without parameters: the command or pipeline, limits, environment,
    /// and the data sets by name and location (their content — blob id or `sha256` pin — is keyed separately).
    public func trainingSpec(pipeline: Pipeline?) -> CanonicalJSON {
        var fields: [String: CanonicalJSON] = [
            "timeoutMs": .int(train.timeout.milliseconds),
            "env": .object(train.env.mapValues { .string($0) }),
            "data": .object(Dictionary(data.map { set in
                let source: CanonicalJSON = switch set.source {
                case .repository(let p): .object(["path": .string(p.path)])
                case .external(let path, _): .object(["external": .string(path)])
                }
                return (set.name, source)
            }, uniquingKeysWith: { a, _ in a })),
        ]
        if let m = train.memoryLimit { fields["memoryLimit"] = .int(m) }
        if let c = train.cpuTimeLimit { fields["cpuTimeLimitMs"] = .int(c.milliseconds) }
        switch train.runner {
        case .command(let argv):
            fields["command"] = .array(argv.map { .string($0) })
        case .pipeline(let name, _):
            fields["pipeline"] = .string(name)
            if let pipeline { fields["steps"] = pipeline.canonicalSteps }
        }
        return .object(fields)
    }

    /// The parameters the training runs with: the pipeline's defaults overridden by the model's.
    public func trainingParams(pipeline: Pipeline?) -> CanonicalJSON {
        var params = pipeline?.params ?? [:]
        params.merge(train.params) { _, model in model }
        return .object(params.mapValues(\.canonical))
    }
}

extension Pipeline {
    /// The steps in canonical form (the pipeline's output step marked).
    var canonicalSteps: CanonicalJSON {
        .array(steps.map { step in
            .object([
                "name": .string(step.name),
                "command": .array(step.command.map { .string($0) }),
                "needs": .array(step.needs.map { .string($0) }),
                "timeoutMs": .int(step.timeout.milliseconds),
                "env": .object(step.env.mapValues { .string($0) }),
                "output": .bool(step.name == output),
            ])
        })
    }
}
