/// How traffic moves from stable to a candidate: canary steps with analysis between them.
public struct RolloutSpec: Sendable, Equatable {
    public var steps: [RolloutStep]
    public var analysis: AnalysisSpec

    public init(steps: [RolloutStep], analysis: AnalysisSpec) {
        self.steps = steps
        self.analysis = analysis
    }

    /// Two steps (10%, 50%) of a minute each, then full promotion.
    public static let `default` = RolloutSpec(
        steps: [RolloutStep(weight: 10, pause: .seconds(60)), RolloutStep(weight: 50, pause: .seconds(60))],
        analysis: AnalysisSpec())

    static func decode(_ node: Node, _ field: String, _ context: DecodingContext) -> RolloutSpec? {
        guard var map = context.mapping(node, field) else { return nil }
        var spec = RolloutSpec.default
        if let stepsNode = map.optional("steps"), let items = context.sequence(stepsNode, map.path("steps")) {
            var steps: [RolloutStep] = []
            var previous = 0
            for (i, item) in items.enumerated() {
                let path = "\(map.path("steps"))[\(i)]"
                guard var step = context.mapping(item, path) else { continue }
                let weightNode = step.required("weight")
                let weight = weightNode.flatMap { context.int($0, step.path("weight"), in: 1...100) }
                let pause = step.duration("pause") ?? .zero
                step.rejectUnknownFields()
                guard let weight, let weightNode else { continue }
                if weight <= previous {
                    context.error("\(step.path("weight")) must rise from step to step: \(weight) follows \(previous)", at: weightNode.location)
                }
                previous = Swift.max(previous, weight)
                steps.append(RolloutStep(weight: weight, pause: pause))
            }
            spec.steps = steps
        }
        if let analysisNode = map.optional("analysis") {
            spec.analysis = AnalysisSpec.decode(analysisNode, map.path("analysis"), context) ?? spec.analysis
        }
        map.rejectUnknownFields()
        return spec
    }
}

/// One canary step: route `weight` percent of traffic to the candidate, then hold for `pause`.
public struct RolloutStep: Sendable, Equatable {
    public var weight: Int
    public var pause: Duration

    public init(weight: Int, pause: Duration) {
        self.weight = weight
        self.pause = pause
    }
}

/// The checks run on the canary between steps.
public struct AnalysisSpec: Sendable, Equatable {
    public var interval: Duration = .seconds(10)
    /// Failed analyses that roll the canary back.
    public var failureLimit: Int = 2
    public var maxErrorRate: Double? = 0.01
    public var maxP99: Duration? = nil
    /// Requests the canary must have served in a window before an analysis can pass.
    public var minRequests: Int = 20
    /// How much the canary's error rate may exceed stable's over the same window.
    public var maxErrorRateIncrease: Double? = nil
    /// How many times the canary's p99 may be of stable's over the same window.
    public var maxP99Ratio: Double? = nil

    public init() {}

    static func decode(_ node: Node, _ field: String, _ context: DecodingContext) -> AnalysisSpec? {
        guard var map = context.mapping(node, field) else { return nil }
        var a = AnalysisSpec()
        a.interval = map.duration("interval") ?? a.interval
        a.failureLimit = map.int("failureLimit", in: 1...1000) ?? a.failureLimit
        a.maxErrorRate = map.fraction("maxErrorRate") ?? a.maxErrorRate
        a.maxP99 = map.duration("maxP99")
        a.minRequests = map.int("minRequests", in: 1...1_000_000) ?? a.minRequests
        a.maxErrorRateIncrease = map.fraction("maxErrorRateIncrease")
        a.maxP99Ratio = map.number("maxP99Ratio", in: 1...1000)
        map.rejectUnknownFields()
        return a
    }
}
