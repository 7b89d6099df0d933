/// When a model is retrained besides a change of its run key.
public struct RetrainPolicy: Sendable, Equatable {
    public var schedule: CronSchedule?
    public var scheduleText: String?
    /// Retrain when a served input's population stability index exceeds this.
    public var driftPSI: Double?

    static func decode(_ node: Node, _ field: String, _ context: DecodingContext) -> RetrainPolicy? {
        guard var map = context.mapping(node, field) else { return nil }
        var policy = RetrainPolicy()
        if let scheduleNode = map.optional("schedule"), let text = context.string(scheduleNode, map.path("schedule")) {
            do {
                policy.schedule = try CronSchedule(text)
                policy.scheduleText = text
            } catch {
                context.error("\(map.path("schedule")): \(error)", at: scheduleNode.location)
            }
        }
        if let driftNode = map.optional("onDrift"), var drift = context.mapping(driftNode, map.path("onDrift")) {
            policy.driftPSI = drift.required("psi").flatMap { context.number($0, drift.path("psi"), in: 0...10) }
            drift.rejectUnknownFields()
        }
        map.rejectUnknownFields()
        return policy
    }
}
