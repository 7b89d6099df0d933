/// A parameter value: string, integer, number or boolean, kept with its type.
public enum ScalarValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)

    /// The text substituted for `${params.NAME}` in a command.
    public var description: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return d.shortText
        case .bool(let b): return b ? "true" : "false"
        }
    }
}

/// A path written in a manifest, resolved against the model's folder, with where it was written.
public struct LocatedPath: Sendable, Hashable {
    /// The normalised repository-relative path.
    public var path: String
    /// The text as written in the manifest.
    public var written: String
    public var location: SourceLocation

    public init(path: String, written: String, location: SourceLocation) {
        self.path = path
        self.written = written
        self.location = location
    }
}

extension DecodingContext {
    /// A path relative to `folder` that must stay inside the repository.
    func path(_ node: Node, _ field: @autoclosure () -> String, folder: String) -> LocatedPath? {
        guard let text = string(node, field()) else { return nil }
        do {
            return LocatedPath(path: try RepositoryPath.resolve(text, in: folder), written: text, location: node.location)
        } catch {
            self.error("\(field()): '\(text)': \(error)", at: node.location)
            return nil
        }
    }
}

extension MappingReader {
    mutating func path(_ key: String, folder: String) -> LocatedPath? {
        optional(key).flatMap { context.path($0, path(key), folder: folder) }
    }
}
