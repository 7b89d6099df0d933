import Foundation
import Testing
@testable import Manifests

/// Field paths as both sides spell them: mapping keys joined by `.`, sequence items as `[]`,
/// the keys of free maps (params, env, labels, columns, reviewers) as `*`, and a mapping told
/// apart by a discriminating field with that field's value in parentheses (`spec.gates[](loadTest).slo`).
enum FieldPath {
    /// The mappings whose keys are the user's own; the test states them so that the schema cannot decide alone.
    static let freeMaps: Set<String> = [
        "metadata.labels", "spec.data[].schema.columns", "spec.train.params", "spec.train.env", "spec.gates[](command).env",
        "spec.serve.env", "spec.params", "spec.steps[].env", "spec.reviewers",
    ]

    /// Mappings whose fields depend on one of their values: path → the discriminating field.
    static let discriminators = ["spec.gates[]": "type"]

    /// The path of `key` inside the mapping at `parent` (the root's path is empty).
    static func child(_ parent: String, _ key: String) -> String { parent.isEmpty ? key : "\(parent).\(key)" }
}

/// One mapping of a reference document: where it sits, abstractly and concretely, and how to reach it.
struct MappingPlace {
    /// One move down the tree: into a mapping's entry or a sequence's item.
    enum Step { case key(String), index(Int) }

    /// The field path with `[]` and `*`, as the schema names it.
    var path: String
    /// The dotted path the decoder puts in its messages (`spec.gates[3].slo`); empty for the root.
    var field: String
    /// The moves from the document's root to the mapping.
    var route: [Step]
}

/// What a reference document uses: its field paths and its mappings.
struct DocumentFields {
    /// Every field path written, free-map keys as `*`.
    var paths: Set<String> = []
    /// Every mapping except free maps, in document order.
    var mappings: [MappingPlace] = []

    init(_ root: Node) {
        visit(root, path: "", field: "", route: [])
    }

    private mutating func visit(_ node: Node, path: String, field: String, route: [MappingPlace.Step]) {
        switch node.value {
        case .mapping(let pairs):
            var path = path
            if let key = FieldPath.discriminators[path], case .string(let value)? = node[key]?.value { path += "(\(value))" }
            let free = FieldPath.freeMaps.contains(path)
            if !free { mappings.append(MappingPlace(path: path, field: field, route: route)) }
            for pair in pairs {
                let childPath = FieldPath.child(path, free ? "*" : pair.key)
                paths.insert(childPath)
                visit(pair.value, path: childPath, field: FieldPath.child(field, pair.key), route: route + [.key(pair.key)])
            }
        case .sequence(let items):
            for (i, item) in items.enumerated() {
                visit(item, path: path + "[]", field: "\(field)[\(i)]", route: route + [.index(i)])
            }
        default:
            break
        }
    }
}

/// What a JSON Schema declares: every property path, the paths that carry a description, and
/// the paths of objects closed by `additionalProperties: false`.
struct SchemaFields {
    /// Every declared property path, additional properties as `*`.
    var paths: Set<String> = []
    /// The paths whose schema (or a schema it refers to) has a description.
    var described: Set<String> = []
    /// The paths of objects that allow no other properties.
    var closed: Set<String> = []
    /// The declared `default` of each path that has one.
    var defaults: [String: Any] = [:]
    private let definitions: [String: Any]

    init(_ schema: [String: Any]) {
        definitions = schema["$defs"] as? [String: Any] ?? [:]
        visit(schema, path: "", references: [])
    }

    private mutating func visit(_ schema: Any, path: String, references: Set<String>) {
        // `true` and `false` are schemas too, but they declare nothing.
        guard let schema = schema as? [String: Any] else { return }
        if schema["description"] is String { described.insert(path) }
        if let value = schema["default"] { defaults[path] = value }
        if let reference = schema["$ref"] as? String {
            let name = String(reference.dropFirst("#/$defs/".count))
            if reference.hasPrefix("#/$defs/"), let target = definitions[name], !references.contains(name) {
                visit(target, path: path, references: references.union([name]))
            } else {
                paths.insert("unresolvable $ref '\(reference)' at \(path)")
            }
        }
        let variants = (schema["allOf"] as? [Any] ?? []).compactMap(Variant.init)
        if !variants.isEmpty {
            // The object's own properties belong to every variant; each variant lives at its own path.
            for variant in variants {
                let variantPath = "\(path)(\(variant.value))"
                visitProperties(of: schema, path: variantPath, references: references)
                visit(variant.schema, path: variantPath, references: references)
            }
            return
        }
        visitProperties(of: schema, path: path, references: references)
        switch schema["additionalProperties"] {
        case let free as [String: Any]:
            paths.insert(FieldPath.child(path, "*"))
            visit(free, path: FieldPath.child(path, "*"), references: references)
        case let allowed as Bool where !allowed:
            closed.insert(path)
        default:
            break
        }
        if let items = schema["items"] { visit(items, path: path + "[]", references: references) }
        for keyword in ["oneOf", "anyOf", "allOf"] {
            for branch in schema[keyword] as? [Any] ?? [] { visit(branch, path: path, references: references) }
        }
        for keyword in ["if", "then", "else", "not"] {
            if let branch = schema[keyword] { visit(branch, path: path, references: references) }
        }
    }

    private mutating func visitProperties(of schema: [String: Any], path: String, references: Set<String>) {
        for (key, property) in schema["properties"] as? [String: Any] ?? [:] {
            paths.insert(FieldPath.child(path, key))
            visit(property, path: FieldPath.child(path, key), references: references)
        }
    }

    /// One `if: {properties: {FIELD: {const: VALUE}}}, then: SCHEMA` branch: a variant told apart by a value.
    private struct Variant {
        var value: String
        var schema: Any

        init?(_ branch: Any) {
            guard let branch = branch as? [String: Any], let condition = branch["if"] as? [String: Any],
                  let properties = condition["properties"] as? [String: Any], properties.count == 1,
                  let value = (properties.first?.value as? [String: Any])?["const"] as? String,
                  let schema = branch["then"] else { return nil }
            self.value = value
            self.schema = schema
        }
    }
}

/// One object the schema closes, as a test case.
struct ClosedPlace: Sendable, CustomTestStringConvertible {
    var kind: String
    var path: String

    var testDescription: String { "\(kind): \(path.isEmpty ? "(document)" : path)" }

    /// Every closed object of every schema; an unreadable schema becomes a case that fails with the reason.
    static func all() -> [ClosedPlace] {
        ReferenceManifests.kinds.flatMap { kind -> [ClosedPlace] in
            do {
                return SchemaFields(try ReferenceManifests.schema(kind)).closed.sorted().map { ClosedPlace(kind: kind, path: $0) }
            } catch {
                return [ClosedPlace(kind: kind, path: "schema unreadable: \(error)")]
            }
        }
    }
}

/// A field the schema gives to some variants of a discriminated mapping but not to `variant`, as a test case.
struct ForeignField: Sendable, CustomTestStringConvertible {
    var kind: String
    /// The discriminated mapping's path (`spec.gates[]`).
    var path: String
    var variant: String
    var field: String

    var testDescription: String { "\(kind): \(field) in \(path)(\(variant))" }

    /// For every discriminated mapping of every schema, each variant paired with each field only other variants have.
    static func all() -> [ForeignField] {
        ReferenceManifests.kinds.flatMap { kind -> [ForeignField] in
            let schema: SchemaFields
            do {
                schema = SchemaFields(try ReferenceManifests.schema(kind))
            } catch {
                return [ForeignField(kind: kind, path: "schema unreadable: \(error)", variant: "", field: "")]
            }
            return FieldPath.discriminators.keys.sorted().flatMap { path -> [ForeignField] in
                var fields: [String: Set<String>] = [:]
                for declared in schema.paths where declared.hasPrefix(path + "(") {
                    let rest = declared.dropFirst(path.count + 1)
                    guard let close = rest.firstIndex(of: ")"), rest[rest.index(after: close)...].first == "." else { continue }
                    let field = rest[rest.index(close, offsetBy: 2)...]
                    if !field.contains(".") && !field.contains("[") { fields[String(rest[..<close]), default: []].insert(String(field)) }
                }
                let everyField = fields.values.reduce(into: Set<String>()) { $0.formUnion($1) }
                return fields.keys.sorted().flatMap { variant in
                    everyField.subtracting(fields[variant]!).sorted().map { ForeignField(kind: kind, path: path, variant: variant, field: $0) }
                }
            }
        }
    }
}

@Suite struct SchemaAgreementTests {
    /// The documents of a kind's reference file.
    private func documents(_ kind: String) throws -> [Document] {
        try YAMLReader.documents(in: try ReferenceManifests.file(kind).text)
    }

    /// The reference files with `kind`'s documents given instead, one JSON file each.
    private func files(replacing kind: String, _ documents: [Document]) throws -> [SourceFile] {
        var files = try ReferenceManifests.kinds.filter { $0 != kind }.map(ReferenceManifests.file)
        for (i, document) in documents.enumerated() {
            files.append(SourceFile(path: "manifests/\(kind)-\(i).json", text: document.root.jsonText(pretty: true)))
        }
        return files
    }

    @Test(arguments: ReferenceManifests.kinds)
    func schemaDeclaresExactlyTheFieldsTheReferenceUses(kind: String) throws {
        let schema = SchemaFields(try ReferenceManifests.schema(kind))
        var used: Set<String> = []
        for document in try documents(kind) { used.formUnion(DocumentFields(document.root).paths) }
        #expect(schema.paths.subtracting(used).sorted() == [], "declared by manifests/schema/\(kind).json but not used by the reference")
        #expect(used.subtracting(schema.paths).sorted() == [], "used by manifests/\(kind).yaml but not declared by its schema")
    }

    @Test(arguments: ReferenceManifests.kinds)
    func schemaDescribesEveryField(kind: String) throws {
        let schema = SchemaFields(try ReferenceManifests.schema(kind))
        #expect(!schema.paths.isEmpty)
        #expect(schema.paths.subtracting(schema.described).sorted() == [])
    }

    @Test(arguments: ReferenceManifests.kinds)
    func schemaClosesEveryFixedMappingOfTheReference(kind: String) throws {
        let schema = SchemaFields(try ReferenceManifests.schema(kind))
        var fixed: Set<String> = []
        for document in try documents(kind) { fixed.formUnion(DocumentFields(document.root).mappings.map(\.path)) }
        #expect(fixed.subtracting(schema.closed).sorted() == [], "mappings the schema leaves open")
        #expect(schema.closed.subtracting(fixed).sorted() == [], "closed objects the reference never writes")
    }

    @Test(arguments: ReferenceManifests.kinds)
    func referenceDocumentsDecodeCleanlyAsJSON(kind: String) throws {
        let catalog = Catalog.load(try files(replacing: kind, try documents(kind)), fileExists: nil)
        #expect(catalog.diagnostics.map(\.description) == [])
        #expect(catalog.manifests.count == 5)
    }

    @Test(arguments: ClosedPlace.all())
    func decoderRefusesAnUnknownFieldWhereTheSchemaIsClosed(place: ClosedPlace) throws {
        let documents = try documents(place.kind)
        var injected = 0
        for (index, document) in documents.enumerated() {
            for mapping in DocumentFields(document.root).mappings where mapping.path == place.path {
                var edited = documents
                edited[index].root = inserting(unknownField, into: document.root, along: mapping.route[...])
                let file = "manifests/\(place.kind)-\(index).json"
                let text = edited[index].root.jsonText(pretty: true)
                let catalog = Catalog.load(try files(replacing: place.kind, edited), fileExists: nil)

                let expected = Diagnostic(file: file, location: try #require(location(of: "\"zzUnknown\"", in: text)),
                                          message: "unknown field 'zzUnknown' in \(mapping.field.isEmpty ? "the document" : mapping.field)")
                #expect(catalog.diagnostics.map(\.description) == [expected.description])
                injected += 1
            }
        }
        #expect(injected > 0, "manifests/\(place.kind).yaml has no mapping at \(place.path)")
    }

    @Test(arguments: ForeignField.all())
    func decoderRefusesAFieldOfAnotherVariant(case foreign: ForeignField) throws {
        let documents = try documents(foreign.kind)
        let places = documents.indices.flatMap { index in DocumentFields(documents[index].root).mappings.map { (index, $0) } }
        let written = places.lazy.compactMap { index, place -> Node.Pair? in
            guard place.path.hasPrefix(foreign.path + "(") else { return nil }
            guard case .mapping(let pairs) = node(at: place.route[...], in: documents[index].root)?.value else { return nil }
            return pairs.first { $0.key == foreign.field }
        }.first
        let donor = try #require(written, "the reference has no \(foreign.path) with '\(foreign.field)'")
        let (index, target) = try #require(places.first { $0.1.path == "\(foreign.path)(\(foreign.variant))" })

        var edited = documents
        edited[index].root = inserting(donor, into: documents[index].root, along: target.route[...])
        let catalog = Catalog.load(try files(replacing: foreign.kind, edited), fileExists: nil)
        #expect(catalog.diagnostics.map(\.message) == ["unknown field '\(foreign.field)' in \(target.field)"])
    }

    /// The node that `route` leads to.
    private func node(at route: ArraySlice<MappingPlace.Step>, in node: Node) -> Node? {
        switch (node.value, route.first) {
        case (_, nil): return node
        case (.mapping(let pairs), .key(let key)?):
            return pairs.first { $0.key == key }.flatMap { self.node(at: route.dropFirst(), in: $0.value) }
        case (.sequence(let items), .index(let i)?) where items.indices.contains(i):
            return self.node(at: route.dropFirst(), in: items[i])
        default: return nil
        }
    }

    private var unknownField: Node.Pair {
        Node.Pair(key: "zzUnknown", keyLocation: Manifests.SourceLocation(line: 1, column: 1), value: Node(.int(1), at: Manifests.SourceLocation(line: 1, column: 1)))
    }

    /// `node` with `pair` added to the mapping that `route` leads to.
    private func inserting(_ pair: Node.Pair, into node: Node, along route: ArraySlice<MappingPlace.Step>) -> Node {
        var node = node
        switch (node.value, route.first) {
        case (.mapping(var pairs), nil):
            pairs.append(pair)
            node.value = .mapping(pairs)
        case (.mapping(var pairs), .key(let key)?):
            if let i = pairs.firstIndex(where: { $0.key == key }) {
                pairs[i].value = inserting(pair, into: pairs[i].value, along: route.dropFirst())
            }
            node.value = .mapping(pairs)
        case (.sequence(var items), .index(let i)?):
            items[i] = inserting(pair, into: items[i], along: route.dropFirst())
            node.value = .sequence(items)
        default:
            break
        }
        return node
    }

    /// Where `needle` first starts in `text`, counting lines and columns from 1 and columns in Unicode scalars.
    private func location(of needle: String, in text: String) -> Manifests.SourceLocation? {
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: needle) {
                return Manifests.SourceLocation(line: i + 1, column: line.unicodeScalars[..<range.lowerBound].count + 1)
            }
        }
        return nil
    }
}

/// The schemas' `default`s against what the decoder fills in when a field is left out.
@Suite struct SchemaDefaultTests {
    /// Manifests that leave out every optional field the reference sets (a Policy with reviewers, so that the gates resolve).
    private static let bare = """
        apiVersion: slipway.dev/v1
        kind: Model
        metadata: {name: bare}
        spec:
          train: {command: [python3, train.py]}
          serve: {command: [python3, serve.py, "${port}"]}
        ---
        apiVersion: slipway.dev/v1
        kind: Model
        metadata: {name: gated}
        spec:
          data:
            - {name: train, path: train.csv, schema: {columns: {x: {type: number}}}}
          train: {command: [python3, train.py]}
          gates:
            - {name: command, type: command, command: [python3, test.py]}
            - {name: data, type: data}
            - {name: baseline, type: baseline, holdout: h.csv, label: y, metric: auc}
            - {name: load-test, type: loadTest, request: r.json, rate: 1, duration: 1s, slo: {p99: 1s}}
            - {name: explainability, type: explainability, holdout: h.csv, label: y}
            - {name: governance, type: governance, approvals: {from: reviewers}}
          serve: {command: [python3, serve.py, "${port}"]}
          rollout: {steps: [{weight: 100}], analysis: {}}
        ---
        apiVersion: slipway.dev/v1
        kind: Pipeline
        metadata: {name: bare}
        spec: {steps: [{name: only, command: [python3, fit.py]}]}
        ---
        apiVersion: slipway.dev/v1
        kind: Policy
        metadata: {name: reviewers-only}
        spec: {reviewers: {reviewers: [ann]}, requireOwners: false}
        ---
        apiVersion: slipway.dev/v1
        kind: Approval
        metadata: {name: bare}
        spec: {model: bare, candidate: {runKey: "sha256:\(String(repeating: "a", count: 64))", artifact: "sha256:\(String(repeating: "b", count: 64))"}, decision: approve, reviewer: ann}
        """

    @Test func schemaDefaultsAreTheDecoderDefaults() throws {
        let catalog = Catalog.load([SourceFile(path: "bare.yaml", text: Self.bare)])
        let policyCatalog = Catalog.load([SourceFile(path: "policy.yaml", text: "{apiVersion: slipway.dev/v1, kind: Policy, metadata: {name: bare}, spec: {}}")])
        #expect(catalog.diagnostics.map(\.description) == [])
        #expect(policyCatalog.diagnostics.map(\.description) == [])
        let decoded = try decodedDefaults(catalog, policy: try #require(policyCatalog.policy)).mapValues(normalized)

        var declared: [String: String] = [:]
        for kind in ReferenceManifests.kinds {
            for (path, value) in SchemaFields(try ReferenceManifests.schema(kind)).defaults {
                let data = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
                declared["\(kind): \(path)"] = try normalized(String(decoding: data, as: UTF8.self))
            }
        }
        #expect(Set(declared.keys).subtracting(decoded.keys).sorted() == [], "schema defaults this test does not check")
        #expect(Set(decoded.keys).subtracting(declared.keys).sorted() == [], "decoder defaults the schema does not declare")
        for (key, value) in declared.sorted(by: { $0.key < $1.key }) where decoded[key] != nil {
            #expect(value == decoded[key], "\(key)")
        }
    }

    /// The decoder's value of every defaulted field, as JSON text, keyed like the schema's defaults.
    private func decodedDefaults(_ catalog: Catalog, policy: Policy) throws -> [String: String] {
        let bare = try #require(catalog.models.first { $0.name == "bare" })
        let gated = try #require(catalog.models.first { $0.name == "gated" })
        let pipeline = try #require(catalog.pipelines.first)
        let approval = try #require(catalog.approvals.first)
        let gates = Dictionary(uniqueKeysWithValues: gated.gates.map { ($0.kind, $0) })
        guard case .command(let command)? = gates[.command]?.check, case .baseline(let baseline)? = gates[.baseline]?.check,
              case .loadTest(let load)? = gates[.loadTest]?.check, case .explainability(let explain)? = gates[.explainability]?.check,
              case .governance(let governance)? = gates[.governance]?.check else {
            throw ReferenceFailure("the gated model lacks a gate type")
        }
        let steps = "[" + bare.rollout.steps.map { "{\"pause\":\(text($0.pause)),\"weight\":\($0.weight)}" }.joined(separator: ",") + "]"
        var values: [String: String] = [
            "model: spec.data": text(bare.data.map(\.name)),
            "model: spec.gates": text(bare.gates.map(\.name)),
            "model: spec.train.timeout": text(bare.train.timeout),
            "model: spec.train.params": text(bare.train.params),
            "model: spec.train.env": text(bare.train.env),
            "model: spec.serve.ready": text(bare.serve.ready),
            "model: spec.serve.readyTimeout": text(bare.serve.readyTimeout),
            "model: spec.serve.env": text(bare.serve.env),
            "model: spec.rollout": "{\"steps\":\(steps)}",
            "model: spec.rollout.steps": steps,
            "model: spec.rollout.steps[].pause": text(try #require(gated.rollout.steps.first).pause),
            "model: spec.rollout.analysis.interval": text(gated.rollout.analysis.interval),
            "model: spec.rollout.analysis.failureLimit": String(gated.rollout.analysis.failureLimit),
            "model: spec.rollout.analysis.maxErrorRate": text(gated.rollout.analysis.maxErrorRate ?? .nan),
            "model: spec.rollout.analysis.minRequests": String(gated.rollout.analysis.minRequests),
            "model: spec.gates[](command).env": text(command.env),
            "model: spec.gates[](baseline).firstRun": text(baseline.threshold.firstRun.rawValue),
            "model: spec.gates[](baseline).trivialMargin": text(baseline.trivialMargin),
            "model: spec.gates[](baseline).positiveLabel": text(baseline.positiveLabel),
            "model: spec.gates[](baseline).batchSize": String(baseline.batchSize),
            "model: spec.gates[](loadTest).warmup": text(load.warmup),
            "model: spec.gates[](loadTest).slo.minAchievedRate": text(load.slo.minAchievedRate),
            "model: spec.gates[](explainability).metric": text(explain.metric.rawValue),
            "model: spec.gates[](explainability).forbid": text(explain.forbid),
            "model: spec.gates[](explainability).maxForbidden": text(explain.maxForbidden),
            "model: spec.gates[](explainability).minAgreement": text(explain.minAgreement),
            "model: spec.gates[](explainability).repeats": String(explain.repeats),
            "model: spec.gates[](explainability).seed": String(explain.seed),
            "model: spec.gates[](governance).modelCard": text(governance.modelCard.written),
            "model: spec.gates[](governance).approvals.required": String(governance.requiredApprovals),
            "pipeline: spec.params": text(pipeline.params),
            "pipeline: spec.steps[].needs": text(try #require(pipeline.steps.first).needs),
            "pipeline: spec.steps[].timeout": text(try #require(pipeline.steps.first).timeout),
            "pipeline: spec.steps[].env": text(try #require(pipeline.steps.first).env),
            "policy: spec.reviewers": text(policy.reviewers),
            "policy: spec.requiredGates": text(policy.requiredGates.map(\.rawValue)),
            "policy: spec.modelCard.sections": text(policy.modelCardSections),
            "policy: spec.forbiddenFeatures": text(policy.forbiddenFeatures),
            "policy: spec.requireOwners": policy.requireOwners ? "true" : "false",
            "approval: spec.gates": text(approval.gates),
        ]
        for gate in gated.gates { values["model: spec.gates[](\(gate.kind.rawValue)).timeout"] = text(gate.timeout) }
        for (kind, metadata) in [("model", bare.metadata), ("pipeline", pipeline.metadata), ("policy", policy.metadata), ("approval", approval.metadata)] {
            values["\(kind): metadata.owners"] = text(metadata.owners)
            values["\(kind): metadata.labels"] = text(metadata.labels)
        }
        return values
    }

    private func text(_ string: String) -> String {
        var out = ""
        CanonicalJSON.quote(string, into: &out)
        return out
    }

    private func text(_ duration: Duration) -> String { text(DurationText.format(duration)) }
    private func text(_ number: Double) -> String { number.shortText }
    private func text(_ strings: [String]) -> String { "[" + strings.map(text).joined(separator: ",") + "]" }
    /// Only empty maps are defaults; a filled one shows as text that no schema default equals.
    private func text<Key, Value>(_ map: [Key: Value]) -> String { map.isEmpty ? "{}" : "\"a map of \(map.count)\"" }

    /// JSON text in one spelling: compact, with durations written the shortest way (`60s` as `1m`).
    private func normalized(_ json: String) throws -> String {
        func normalize(_ node: Node) -> Node {
            var node = node
            switch node.value {
            case .string(let s): if let duration = DurationText.parse(s) { node.value = .string(DurationText.format(duration)) }
            case .sequence(let items): node.value = .sequence(items.map(normalize))
            case .mapping(let pairs): node.value = .mapping(pairs.map { Node.Pair(key: $0.key, keyLocation: $0.keyLocation, value: normalize($0.value)) })
            default: break
            }
            return node
        }
        return normalize(try JSONReader.document(in: json).root).jsonText(pretty: false)
    }
}

/// A test precondition that did not hold.
struct ReferenceFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
