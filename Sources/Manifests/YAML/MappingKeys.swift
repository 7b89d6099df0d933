/// Finds a key that a mapping already has, to refuse reading it twice.
///
/// Most mappings are small, so it compares the entries one by one and only builds a dictionary
/// once a mapping grows large.
struct MappingKeys {
    private var index: [String: SourceLocation] = [:]

    /// Beyond this many entries a dictionary beats scanning them.
    private static let scanLimit = 16

    /// Where `key` was first read if `pairs`, the mapping's entries so far, already hold it.
    mutating func firstLocation(of key: String, in pairs: [Node.Pair]) -> SourceLocation? {
        if pairs.count <= Self.scanLimit {
            for pair in pairs where pair.key == key { return pair.keyLocation }
            return nil
        }
        if index.isEmpty {
            for pair in pairs { index[pair.key] = pair.keyLocation }
        } else if let last = pairs.last {
            index[last.key] = last.keyLocation
        }
        return index[key]
    }

    /// The message for `key` read a second time after its first occurrence at `first`.
    static func duplicateMessage(_ key: String, first: SourceLocation) -> String {
        "duplicate key '\(key)' (first defined at line \(first.line), column \(first.column)); a key may appear only once in a mapping, remove or rename one"
    }
}
