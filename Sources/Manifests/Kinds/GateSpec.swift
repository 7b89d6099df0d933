/// One gate of a model: a check a candidate must pass before it is rolled out.
public struct GateSpec: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case command, data, baseline, loadTest, explainability, governance
    }

    public enum Check: Sendable, Equatable {
        case command(CommandGate)
        case data(DataGate)
        case baseline(BaselineGate)
        case loadTest(LoadTestGate)
        case explainability(ExplainabilityGate)
        case governance(GovernanceGate)
    }

    public var name: String
    public var location: SourceLocation
    public var check: Check
    /// How long the gate may take before its verdict is `error`.
    public var timeout: Duration
    /// The gate as written, in canonical form (where and how it was written drop out): a verdict is
    /// for this exact definition, and editing it runs the gate again.
    public var canonical: CanonicalJSON

    public var kind: Kind {
        switch check {
        case .command: return .command
        case .data: return .data
        case .baseline: return .baseline
        case .loadTest: return .loadTest
        case .explainability: return .explainability
        case .governance: return .governance
        }
    }

    static func decode(_ node: Node, _ field: String, folder: String, _ context: DecodingContext) -> GateSpec? {
        guard var map = context.mapping(node, field) else { return nil }
        let name = map.required("name").flatMap { context.name($0, map.path("name")) }
        let kind = map.required("type").flatMap { context.choice($0, map.path("type"), as: Kind.self) }
        let timeout = map.duration("timeout") ?? .seconds(600)
        guard let kind else {
            // Without a type the other fields cannot be judged; say only what is known.
            return nil
        }
        let check: Check?
        switch kind {
        case .command: check = CommandGate.decode(&map, context).map(Check.command)
        case .data: check = DataGate.decode(&map, context).map(Check.data)
        case .baseline: check = BaselineGate.decode(&map, folder: folder, context).map(Check.baseline)
        case .loadTest: check = LoadTestGate.decode(&map, folder: folder, context).map(Check.loadTest)
        case .explainability: check = ExplainabilityGate.decode(&map, folder: folder, context).map(Check.explainability)
        case .governance: check = GovernanceGate.decode(&map, folder: folder, context).map(Check.governance)
        }
        map.rejectUnknownFields()
        guard let name, let check else { return nil }
        return GateSpec(name: name, location: node.location, check: check, timeout: timeout, canonical: node.canonical)
    }
}

/// `command`: runs a test command in the exported model folder; the exit status is the verdict.
public struct CommandGate: Sendable, Equatable {
    public var command: [String]
    public var env: [String: String]

    public init(command: [String], env: [String: String] = [:]) {
        self.command = command
        self.env = env
    }

    static func decode(_ map: inout MappingReader, _ context: DecodingContext) -> CommandGate? {
        let command = map.required("command").flatMap { context.command($0, map.path("command")) }
        let env = map.stringMap("env") ?? [:]
        return command.map { CommandGate(command: $0, env: env) }
    }
}

/// `data`: checks data sets against their schemas, and their drift against stable's data.
public struct DataGate: Sendable, Equatable {
    /// The data sets checked (default: every data set with a schema).
    public var datasets: [String]?
    public var datasetsLocation: SourceLocation?
    /// Largest population stability index allowed for any column against stable's data.
    public var maxPSI: Double?

    static func decode(_ map: inout MappingReader, _ context: DecodingContext) -> DataGate? {
        let node = map.optional("datasets")
        let datasets = node.flatMap { context.strings($0, map.path("datasets")) }
        let maxPSI = map.number("maxPSI", in: 0...10)
        return DataGate(datasets: datasets, datasetsLocation: node?.location, maxPSI: maxPSI)
    }
}

/// The metrics the controller computes when it scores a holdout set.
public enum Metric: String, Sendable, CaseIterable {
    case accuracy, precision, recall, f1, auc, logLoss, rmse, mae, r2

    /// Whether a larger value is better (false for the losses and errors).
    public var higherIsBetter: Bool {
        switch self {
        case .logLoss, .rmse, .mae: return false
        default: return true
        }
    }

    public var isRegression: Bool { self == .rmse || self == .mae || self == .r2 }
}

/// `baseline`: scores a holdout set through candidate and stable and compares a metric.
public struct BaselineGate: Sendable, Equatable {
    public var holdout: LocatedPath
    public var label: String
    public var metric: Metric
    public var threshold: Threshold
    /// How far the candidate must beat the trivial baseline (majority class or mean).
    public var trivialMargin: Double
    /// The class counted as positive for precision, recall, F1 and AUC.
    public var positiveLabel: String
    /// Rows per infer request.
    public var batchSize: Int

    static func decode(_ map: inout MappingReader, folder: String, _ context: DecodingContext) -> BaselineGate? {
        let holdout = map.required("holdout").flatMap { context.path($0, map.path("holdout"), folder: folder) }
        let label = map.required("label").flatMap { context.string($0, map.path("label")) }
        let metric = map.required("metric").flatMap { context.choice($0, map.path("metric"), as: Metric.self) }
        let threshold = Threshold.decode(&map, higherIsBetter: metric?.higherIsBetter ?? true)
        let margin = map.number("trivialMargin", in: 0...Double.greatestFiniteMagnitude) ?? 0
        let positive = map.optional("positiveLabel").flatMap { node -> String? in
            switch node.value {
            case .string(let s): return s
            case .int(let i): return String(i)
            default:
                context.error("\(map.path("positiveLabel")) must be a string or an integer", at: node.location)
                return nil
            }
        } ?? "1"
        let batchSize = map.int("batchSize", in: 1...100_000) ?? 1_000
        guard let holdout, let label, let metric else { return nil }
        return BaselineGate(holdout: holdout, label: label, metric: metric, threshold: threshold,
                            trivialMargin: margin, positiveLabel: positive, batchSize: batchSize)
    }
}

/// `loadTest`: open-loop constant-rate load against the candidate, checked against an SLO.
public struct LoadTestGate: Sendable, Equatable {
    public var requests: [LocatedPath]
    public var rate: Int
    public var duration: Duration
    public var warmup: Duration
    public var slo: SLO

    /// Latency and error limits; latency percentiles are corrected for coordinated omission.
    public struct SLO: Sendable, Equatable {
        public var p50: Duration?
        public var p90: Duration?
        public var p99: Duration?
        public var p999: Duration?
        public var max: Duration?
        public var errorRate: Double?
        /// Smallest fraction of the target rate that must be achieved.
        public var minAchievedRate: Double
    }

    /// The rates a load test may ask for, in requests a second.
    public static let rates = 1...1_000_000
    /// The longest measured window, and the longest warm-up, a load test may ask for.
    public static let longestSpan: Duration = .seconds(86_400)

    static func decode(_ map: inout MappingReader, folder: String, _ context: DecodingContext) -> LoadTestGate? {
        var requests: [LocatedPath] = []
        if let one = map.path("request", folder: folder) { requests.append(one) }
        if let many = map.optional("requests"), let items = context.sequence(many, map.path("requests")) {
            requests += items.enumerated().compactMap { context.path($1, "\(map.path("requests"))[\($0)]", folder: folder) }
        }
        if map.has("request") && map.has("requests") {
            context.error("\(map.field) has both 'request' and 'requests'; give one", at: map.node.location)
            return nil
        }
        if requests.isEmpty && !map.has("request") && !map.has("requests") {
            context.error("\(map.field) needs 'request' (a request body file) or 'requests' (a list of them)", at: map.node.location)
        }
        let rate = map.required("rate").flatMap { context.int($0, map.path("rate"), in: rates) }
        let duration = map.required("duration").flatMap { context.duration($0, map.path("duration"), longest: longestSpan) }
        let warmup = map.optional("warmup").flatMap {
            context.duration($0, map.path("warmup"), positive: false, longest: longestSpan)
        } ?? .seconds(2)
        var slo = SLO(minAchievedRate: 0.99)
        if let sloNode = map.required("slo"), var s = context.mapping(sloNode, map.path("slo")) {
            slo.p50 = s.duration("p50")
            slo.p90 = s.duration("p90")
            slo.p99 = s.duration("p99")
            slo.p999 = s.duration("p999")
            slo.max = s.duration("max")
            slo.errorRate = s.fraction("errorRate")
            slo.minAchievedRate = s.fraction("minAchievedRate") ?? slo.minAchievedRate
            s.rejectUnknownFields()
            if [slo.p50, slo.p90, slo.p99, slo.p999, slo.max].allSatisfy({ $0 == nil }) && slo.errorRate == nil {
                context.error("\(map.path("slo")) sets no limit; give at least one of p50, p90, p99, p999, max, errorRate", at: sloNode.location)
            }
        }
        guard !requests.isEmpty, let rate, let duration else { return nil }
        return LoadTestGate(requests: requests, rate: rate, duration: duration, warmup: warmup, slo: slo)
    }
}

/// `explainability`: feature importances through the serving endpoint (or an explainer's JSON).
public struct ExplainabilityGate: Sendable, Equatable {
    public var holdout: LocatedPath?
    public var label: String?
    public var metric: Metric
    /// An explainer command that prints `{"feature": importance, …}` JSON instead.
    public var explainer: [String]?
    public var forbid: [String]
    public var maxForbidden: Double
    public var maxShare: Double?
    public var minAgreement: Double
    public var repeats: Int
    public var seed: Int

    static func decode(_ map: inout MappingReader, folder: String, _ context: DecodingContext) -> ExplainabilityGate? {
        let holdout = map.path("holdout", folder: folder)
        let label = map.string("label")
        let metric = map.choice("metric", as: Metric.self) ?? .accuracy
        let explainer = map.command("explainer")
        if map.has("explainer") && (map.has("holdout") || map.has("label")) {
            context.error("\(map.field) has both 'explainer' and 'holdout'/'label'; give one way of computing importances",
                          at: map.node.location)
            return nil
        }
        if explainer == nil, holdout == nil || label == nil, !map.has("explainer") {
            context.error("\(map.field) needs 'holdout' and 'label' (permutation importance) or 'explainer' (a command printing importances)",
                          at: map.node.location)
        }
        let gate = ExplainabilityGate(
            holdout: holdout, label: label, metric: metric, explainer: explainer,
            forbid: map.strings("forbid") ?? [],
            maxForbidden: map.number("maxForbidden", in: 0...1) ?? 0.01,
            maxShare: map.fraction("maxShare"),
            minAgreement: map.fraction("minAgreement") ?? 0.9,
            repeats: map.int("repeats", in: 1...100) ?? 5,
            seed: map.int("seed") ?? 1)
        return gate
    }
}

/// `governance`: model card, policy rules, and reviewers' approvals of this exact candidate.
public struct GovernanceGate: Sendable, Equatable {
    public var modelCard: LocatedPath
    public var requiredApprovals: Int
    /// The Policy's reviewer group whose members may approve.
    public var reviewerGroup: String?
    public var reviewerGroupLocation: SourceLocation?

    static func decode(_ map: inout MappingReader, folder: String, _ context: DecodingContext) -> GovernanceGate? {
        let cardNode = map.optional("modelCard")
        let card = cardNode.flatMap { context.path($0, map.path("modelCard"), folder: folder) }
            ?? (cardNode == nil ? LocatedPath(path: (try? RepositoryPath.resolve("MODEL_CARD.md", in: folder)) ?? "MODEL_CARD.md",
                                              written: "MODEL_CARD.md", location: map.node.location) : nil)
        var required = 0
        var group: String? = nil
        var groupLocation: SourceLocation? = nil
        if let approvalsNode = map.optional("approvals"), var a = context.mapping(approvalsNode, map.path("approvals")) {
            required = a.int("required", in: 0...100) ?? 1
            if let fromNode = a.optional("from") {
                group = context.string(fromNode, a.path("from"))
                groupLocation = fromNode.location
            }
            a.rejectUnknownFields()
            if required > 0 && group == nil {
                context.error("\(a.path("from")) must name the Policy's reviewer group whose members approve", at: approvalsNode.location)
            }
        }
        guard let card else { return nil }
        return GovernanceGate(modelCard: card, requiredApprovals: required, reviewerGroup: group, reviewerGroupLocation: groupLocation)
    }
}
