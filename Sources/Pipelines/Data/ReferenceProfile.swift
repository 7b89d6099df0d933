/// The distribution of a data set's columns, kept so that later data can be compared with it (drift).
///
/// Serialisable, so that it can be stored with a run instead of re-reading that run's data.
public struct ReferenceProfile: Codable, Sendable, Equatable {
    /// Data rows in the profiled file.
    public var rows: Int
    /// One profile per schema column found in the file.
    public var columns: [ColumnProfile]

    /// A profile from its parts (normally made by `DataValidator.profile(csvAt:schema:)`).
    public init(rows: Int, columns: [ColumnProfile]) {
        self.rows = rows
        self.columns = columns
    }

    /// The profile of the column called `name`.
    public func column(named name: String) -> ColumnProfile? {
        columns.first { $0.name == name }
    }
}

/// The binned distribution of one column.
///
/// `shares` holds one share of the rows per value bin, then the share of rows with no usable value
/// (missing or not of the column's type) last, so that a change in missingness also counts as drift.
public struct ColumnProfile: Codable, Sendable, Equatable {
    /// How values are binned.
    public enum Kind: String, Codable, Sendable {
        /// Binned by the reference's deciles.
        case numeric
        /// Binned by value, with rare values folded into one "other" bin.
        case categorical
    }

    /// The column's name.
    public var name: String
    /// How its values are binned.
    public var kind: Kind
    /// Numeric: the upper bounds (inclusive) of all value bins but the last, distinct and ascending.
    public var edges: [Double]?
    /// Categorical: the values with a bin of their own; the bin after them is "other".
    public var categories: [String]?
    /// The share of rows in each bin (see the type's summary for the order).
    public var shares: [Double]

    /// A profile from its parts.
    public init(name: String, kind: Kind, edges: [Double]? = nil, categories: [String]? = nil, shares: [Double]) {
        self.name = name
        self.kind = kind
        self.edges = edges
        self.categories = categories
        self.shares = shares
    }

    /// Categories rarer than this share of the rows go into "other".
    static let rareShare = 0.01
    /// At most this many categories get a bin of their own.
    static let maxCategories = 20

    /// The numeric value bin of `value`: the first bin whose upper bound is at least `value`.
    static func bin(of value: Double, edges: [Double]) -> Int {
        var low = 0, high = edges.count
        while low < high {
            let middle = (low + high) / 2
            if edges[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// A numeric profile whose edges are the deciles of `sample` (which stands for all `valued` values).
    static func numeric(name: String, sample: [Double], valued: Int, rows: Int) -> ColumnProfile {
        let sorted = sample.sorted()
        var edges: [Double] = []
        if !sorted.isEmpty {
            for tenth in 1...9 {
                // Nearest rank: the smallest value with at least tenth/10 of the sample at or below it.
                let rank = (tenth * sorted.count + 9) / 10
                let edge = sorted[max(rank - 1, 0)]
                if edges.last != edge { edges.append(edge) }
            }
        }
        var counts = [Double](repeating: 0, count: edges.count + 1)
        for value in sorted { counts[bin(of: value, edges: edges)] += 1 }
        let valuedShare = rows > 0 ? Double(valued) / Double(rows) : 0
        var shares = counts.map { sorted.isEmpty ? 0 : $0 / Double(sorted.count) * valuedShare }
        shares.append(rows > 0 ? Double(rows - valued) / Double(rows) : 0)
        return ColumnProfile(name: name, kind: .numeric, edges: edges, shares: shares)
    }

    /// A categorical profile from value counts; valued rows not tallied in `counts` go to "other".
    static func categorical(name: String, counts: [String: Int], valued: Int, rows: Int) -> ColumnProfile {
        let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let threshold = Double(rows) * rareShare
        let kept = ranked.prefix(maxCategories).filter { Double($0.value) >= threshold }
        let total = Double(max(rows, 1))
        var shares = kept.map { Double($0.value) / total }
        let keptCount = kept.reduce(0) { $0 + $1.value }
        shares.append(Double(valued - keptCount) / total)
        shares.append(Double(rows - valued) / total)
        if rows == 0 { shares = shares.map { _ in 0 } }
        return ColumnProfile(name: name, kind: .categorical, categories: kept.map(\.key), shares: shares)
    }
}
