/// `kind: Model` — one model: its data, training, gates, serving and rollout.
public struct Model: Sendable, Equatable {
    public var metadata: Metadata
    /// The repository folder of the manifest; the model's paths are relative to it and its tree id keys its code.
    public var folder: String
    public var data: [DataSet]
    public var train: TrainSpec
    public var retrain: RetrainPolicy?
    public var gates: [GateSpec]
    public var serve: ServeSpec
    public var rollout: RolloutSpec
    /// The canonical text of the areas that change without retraining (`gates`, `serve`, `rollout`,
    /// `retrain`), for comparing two revisions by content; an area not written is absent. Recorded only
    /// when the catalog is loaded for a comparison (`Catalog.load(recordAreas:)`), empty otherwise.
    public var areas: [String: String]

    /// The areas `areas` holds.
    public static let areaNames = ["gates", "serve", "rollout", "retrain"]

    public var name: String { metadata.name }

    /// The data sets' files in the repository: the training's data, keyed by content.
    public var dataPaths: [(dataset: String, path: LocatedPath)] {
        data.compactMap { set in
            if case .repository(let path) = set.source { (set.name, path) } else { nil }
        }
    }

    /// The files only gates read (holdout sets, request bodies, model cards), with what reads each.
    /// They are no part of the model's code: changing one re-runs gates, not training.
    public var gateInputs: [(reader: String, path: LocatedPath)] {
        gates.flatMap { gate -> [(String, LocatedPath)] in
            switch gate.check {
            case .baseline(let b): return [("gate '\(gate.name)' holdout", b.holdout)]
            case .loadTest(let l): return l.requests.map { ("gate '\(gate.name)' request", $0) }
            case .explainability(let e): return e.holdout.map { [("gate '\(gate.name)' holdout", $0)] } ?? []
            case .governance(let g): return [("gate '\(gate.name)' model card", g.modelCard)]
            case .command, .data: return []
            }
        }
    }

    static func decode(spec node: Node, metadata: Metadata, folder: String, _ context: DecodingContext) -> Model? {
        guard var map = context.mapping(node, "spec") else { return nil }
        var data: [DataSet] = []
        if let dataNode = map.optional("data"), let items = context.sequence(dataNode, "spec.data") {
            data = items.enumerated().compactMap { DataSet.decode($1, "spec.data[\($0)]", folder: folder, context) }
        }
        let train = map.required("train").flatMap { TrainSpec.decode($0, "spec.train", context) }
        let retrain = map.optional("retrain").flatMap { RetrainPolicy.decode($0, "spec.retrain", context) }
        var gates: [GateSpec] = []
        if let gatesNode = map.optional("gates"), let items = context.sequence(gatesNode, "spec.gates") {
            gates = items.enumerated().compactMap { GateSpec.decode($1, "spec.gates[\($0)]", folder: folder, context) }
        }
        let serve = map.required("serve").flatMap { ServeSpec.decode($0, "spec.serve", context) }
        let rollout = map.optional("rollout").flatMap { RolloutSpec.decode($0, "spec.rollout", context) } ?? .default
        map.rejectUnknownFields()

        let model = train.flatMap { train in
            serve.map { Model(metadata: metadata, folder: folder, data: data, train: train, retrain: retrain,
                              gates: gates, serve: $0, rollout: rollout,
                              areas: context.recordAreas ? areas(of: node) : [:]) }
        }
        model?.checkReferences(context)
        return model
    }

    /// The canonical text of each area written in `spec`.
    private static func areas(of spec: Node) -> [String: String] {
        Dictionary(uniqueKeysWithValues: areaNames.compactMap { area in spec[area].map { (area, $0.canonical.text) } })
    }

    /// Checks that names are unique and that every reference inside the model resolves.
    private func checkReferences(_ context: DecodingContext) {
        var seen: [String: SourceLocation] = [:]
        for set in data {
            if let first = seen[set.name] {
                context.error("data set '\(set.name)' is declared twice (first at line \(first.line))", at: set.location)
            }
            seen[set.name] = set.location
        }
        var gateNames: [String: SourceLocation] = [:]
        for gate in gates {
            if let first = gateNames[gate.name] {
                context.error("gate '\(gate.name)' is declared twice (first at line \(first.line))", at: gate.location)
            }
            gateNames[gate.name] = gate.location
            if case .data(let d) = gate.check {
                for name in d.datasets ?? [] where seen[name] == nil {
                    context.error("gate '\(gate.name)' checks data set '\(name)', which spec.data does not declare",
                                  at: d.datasetsLocation ?? gate.location, hint: Suggestion.hint(for: name, among: Array(seen.keys)))
                }
                if d.datasets == nil && !data.contains(where: { $0.schema != nil }) {
                    context.error("gate '\(gate.name)' has no data set to check: no entry of spec.data has a schema", at: gate.location)
                }
            }
        }
        if case .command(let argv) = train.runner {
            Placeholders.check(argv, "spec.train.command", at: train.location, allowed: .training,
                               data: Set(seen.keys), params: Set(train.params.keys), context)
        }
        Placeholders.check(serve.command, "spec.serve.command", at: serve.location, allowed: .serving,
                           data: [], params: Set(train.params.keys), context)
        for gate in gates {
            switch gate.check {
            case .command(let c):
                Placeholders.check(c.command, "gate '\(gate.name)' command", at: gate.location, allowed: .gateCommand,
                                   data: Set(seen.keys), params: Set(train.params.keys), context)
            case .explainability(let e):
                if let explainer = e.explainer {
                    Placeholders.check(explainer, "gate '\(gate.name)' explainer", at: gate.location, allowed: .explainer,
                                       data: Set(seen.keys), params: Set(train.params.keys), context)
                }
            default:
                break
            }
        }
    }
}
