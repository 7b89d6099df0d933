/// Reads the fields of one mapping, remembering which were read so that the rest can be
/// reported as unknown, with a "did you mean" hint.
struct MappingReader {
    let node: Node
    let pairs: [Node.Pair]
    /// The dotted path of this mapping in the document, for messages (`spec.train`).
    let field: String
    let context: DecodingContext
    private var known: [String] = []

    init(node: Node, pairs: [Node.Pair], field: String, context: DecodingContext) {
        self.node = node
        self.pairs = pairs
        self.field = field
        self.context = context
        known.reserveCapacity(pairs.count + 4)
    }

    /// The dotted path of a field of this mapping.
    func path(_ key: String) -> String { field.isEmpty ? key : "\(field).\(key)" }

    /// The value of an optional field.
    mutating func optional(_ key: String) -> Node? {
        known.append(key)
        return pairs.first(where: { $0.key == key })?.value
    }

    /// The value of a required field, or nil with an error at the mapping.
    mutating func required(_ key: String) -> Node? {
        guard let value = optional(key) else {
            context.error("\(field.isEmpty ? "the document" : field) is missing the required field '\(key)'", at: node.location)
            return nil
        }
        return value
    }

    /// Whether the mapping has `key` (without marking it read).
    func has(_ key: String) -> Bool { pairs.contains { $0.key == key } }

    /// Reports every field that no `optional`/`required` call asked for.
    func rejectUnknownFields() {
        for pair in pairs where !known.contains(pair.key) {
            context.error("unknown field '\(pair.key)' in \(field.isEmpty ? "the document" : field)", at: pair.keyLocation,
                          hint: Suggestion.hint(for: pair.key, among: known))
        }
    }

    // Typed shorthands: read an optional field and convert it, reporting problems at the value.

    mutating func string(_ key: String) -> String? { optional(key).flatMap { context.string($0, path(key)) } }
    mutating func bool(_ key: String) -> Bool? { optional(key).flatMap { context.bool($0, path(key)) } }
    mutating func int(_ key: String, in range: ClosedRange<Int>? = nil) -> Int? {
        optional(key).flatMap { context.int($0, path(key), in: range) }
    }
    mutating func number(_ key: String, in range: ClosedRange<Double>? = nil) -> Double? {
        optional(key).flatMap { context.number($0, path(key), in: range) }
    }
    mutating func fraction(_ key: String) -> Double? { optional(key).flatMap { context.fraction($0, path(key)) } }
    mutating func duration(_ key: String) -> Duration? { optional(key).flatMap { context.duration($0, path(key)) } }
    mutating func byteCount(_ key: String) -> Int64? { optional(key).flatMap { context.byteCount($0, path(key)) } }
    mutating func name(_ key: String) -> String? { optional(key).flatMap { context.name($0, path(key)) } }
    mutating func strings(_ key: String) -> [String]? { optional(key).flatMap { context.strings($0, path(key)) } }
    mutating func command(_ key: String) -> [String]? { optional(key).flatMap { context.command($0, path(key)) } }
    mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, as type: T.Type) -> T? where T.RawValue == String {
        optional(key).flatMap { context.choice($0, path(key), as: type) }
    }

    /// A mapping of string keys to scalar values (`params`, `env`, `labels`).
    mutating func scalars(_ key: String) -> [(key: String, value: ScalarValue, location: SourceLocation)]? {
        guard let node = optional(key), let map = context.mapping(node, path(key)) else { return nil }
        return map.pairs.compactMap { pair in
            context.scalar(pair.value, map.path(pair.key)).map { (pair.key, $0, pair.keyLocation) }
        }
    }

    /// A mapping of string keys to string values.
    mutating func stringMap(_ key: String) -> [String: String]? {
        guard let node = optional(key), let map = context.mapping(node, path(key)) else { return nil }
        var result: [String: String] = [:]
        for pair in map.pairs {
            if let value = context.string(pair.value, map.path(pair.key)) { result[pair.key] = value }
        }
        return result
    }
}
