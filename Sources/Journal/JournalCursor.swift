/// A place in the journal: just past entry `seq`, whose hash is `hash`, at byte `offset`. A reader
/// that keeps one reads only what was appended since, and still checks the chain from there.
public struct JournalCursor: Codable, Sendable, Equatable {
    /// The last entry read (0 before the first).
    public var seq: Int
    /// That entry's hash (genesis before the first).
    public var hash: Digest
    /// The byte offset just past that entry's line.
    public var offset: Int

    public init(seq: Int, hash: Digest, offset: Int) {
        self.seq = seq
        self.hash = hash
        self.offset = offset
    }

    /// Before the first entry.
    public static let start = JournalCursor(seq: 0, hash: .genesis, offset: 0)

    private enum CodingKeys: String, CodingKey { case seq, hash, offset }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .hash)
        guard let hash = Digest(text) else {
            throw DecodingError.dataCorruptedError(forKey: .hash, in: container, debugDescription: "'\(text)' is not a SHA-256 digest")
        }
        self.init(seq: try container.decode(Int.self, forKey: .seq), hash: hash, offset: try container.decode(Int.self, forKey: .offset))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(hash.description, forKey: .hash)
        try container.encode(offset, forKey: .offset)
    }
}
