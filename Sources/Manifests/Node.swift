/// One node of a parsed YAML or JSON document, with the place it was read from.
///
/// Scalars are already resolved by the YAML 1.2 core schema: a plain `42` is `.int`,
/// a quoted `"42"` or a plain `yes` is `.string`. Mappings keep their keys in document
/// order; keys are unique (the reader refuses duplicates).
public struct Node: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
        case sequence([Node])
        case mapping([Pair])
    }

    /// One `key: value` entry of a mapping. Keys are scalars, kept as their text.
    public struct Pair: Sendable, Equatable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: Node

        public init(key: String, keyLocation: SourceLocation, value: Node) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }

    /// The entry for `key` when this node is a mapping that has it.
    public subscript(key: String) -> Node? {
        guard case .mapping(let pairs) = value else { return nil }
        return pairs.first(where: { $0.key == key })?.value
    }

    /// A word for the node's kind, for messages such as "expected a mapping, found a sequence".
    public var kindName: String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .sequence: return "a sequence"
        case .mapping: return "a mapping"
        }
    }
}

/// A document of a YAML stream (or the single document of a JSON file).
public struct Document: Sendable, Equatable {
    public var root: Node
    /// Where the document starts (its `---`, or its first node).
    public var location: SourceLocation

    public init(root: Node, location: SourceLocation) {
        self.root = root
        self.location = location
    }
}

/// A file that could not be read as YAML or JSON, and where.
public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }
}
