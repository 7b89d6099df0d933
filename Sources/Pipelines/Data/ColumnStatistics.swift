/// What a column of a checked file holds, for reviewers.
public struct ColumnStatistics: Encodable, Sendable, Equatable {
    /// A value and how many rows hold it.
    public struct ValueCount: Encodable, Sendable, Equatable {
        /// The value's text.
        public var value: String
        /// Rows holding it.
        public var count: Int

        public init(value: String, count: Int) {
            self.value = value
            self.count = count
        }
    }

    /// The column's name.
    public var name: String
    /// Its schema type: number, integer, string or boolean.
    public var type: String
    /// Cells with a value (missing ones not counted).
    public var count: Int
    /// Empty cells.
    public var missing: Int
    /// Empty cells over rows.
    public var missingFraction: Double
    /// Cells whose value is not of the column's type.
    public var invalid: Int
    /// Number and integer columns: the smallest valid value.
    public var min: Double?
    /// The largest valid value.
    public var max: Double?
    /// The mean of the valid values.
    public var mean: Double?
    /// The sample standard deviation of the valid values.
    public var std: Double?
    /// Distinct valid values, counted up to `distinctCap`.
    public var distinct: Int
    /// Whether there are more distinct values than `distinct` says.
    public var distinctCapped: Bool
    /// String and boolean columns: the most frequent values (exact unless `distinctCapped`).
    public var topValues: [ValueCount]?
}

/// The drift of one column against the reference.
public struct ColumnDrift: Encodable, Sendable, Equatable {
    /// The column compared.
    public var column: String
    /// How its values were binned.
    public var kind: ColumnProfile.Kind
    /// The population stability index.
    public var psi: Double
    /// Bins compared, including "other" and "no value".
    public var bins: Int
    /// Whether `psi` is above the gate's `maxPSI` (false when there is no limit).
    public var exceeded: Bool
}
