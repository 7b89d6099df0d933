/// The keys already read in one mapping, to refuse a key that appears twice.
///
/// Most mappings are small, so it compares keys one by one and only builds a dictionary once a
/// mapping grows large.
struct MappingKeys {
    private var small: [(key: String, location: SourceLocation)] = []
    private var large: [String: SourceLocation] = [:]

    /// Beyond this many keys a dictionary beats scanning the list.
    private static let listLimit = 16

    /// Records `key`, or returns where it was first read when the mapping already has it.
    mutating func insert(_ key: String, at location: SourceLocation) -> SourceLocation? {
        if large.isEmpty {
            for entry in small where entry.key == key { return entry.location }
            small.append((key, location))
            if small.count > Self.listLimit {
                for entry in small { large[entry.key] = entry.location }
                small = []
            }
            return nil
        }
        if let first = large[key] { return first }
        large[key] = location
        return nil
    }

    /// The message for `key` read a second time after its first occurrence at `first`.
    static func duplicateMessage(_ key: String, first: SourceLocation) -> String {
        "duplicate key '\(key)' (first defined at line \(first.line), column \(first.column)); a key may appear only once in a mapping, remove or rename one"
    }
}
