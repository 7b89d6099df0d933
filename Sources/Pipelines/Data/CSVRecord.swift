/// One row of a CSV file: the unescaped bytes of its fields, back to back, and where each field ends.
///
/// Reused from row to row so that reading allocates nothing once the buffers have grown.
public struct CSVRecord: Sendable {
    /// The fields' bytes, quotes removed and `""` turned into `"`.
    public internal(set) var bytes: [UInt8] = []
    /// `ends[i]` is the offset in `bytes` just past field `i`.
    public internal(set) var ends: [Int] = []

    /// An empty record, to be filled by `CSVReader.next(into:)`.
    public init() {}

    /// The number of fields.
    public var count: Int { ends.count }

    /// The byte range of field `index` in `bytes`.
    public func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    /// Field `index` as text (the reader has already checked that it is UTF-8).
    public func text(_ index: Int) -> String {
        String(decoding: bytes[range(of: index)], as: UTF8.self)
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }
}
