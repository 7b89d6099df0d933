/// A limit on one measured value, alone and against stable.
///
/// - `min`/`max` bound the candidate's value (inclusive).
/// - `minChange`/`maxChange` bound d = candidate − stable, oriented so that a positive d is an
///   improvement when `higherIsBetter` is false too (d is then stable − candidate).
/// - `minRelativeChange`/`maxRelativeChange` bound r = d / |stable|; a stable of 0 fails them.
/// - `firstRun` says what change limits do when there is no stable yet.
public struct Threshold: Sendable, Equatable {
    public enum FirstRun: String, Sendable, CaseIterable { case pass, fail }

    public var min: Double?
    public var max: Double?
    public var minChange: Double?
    public var maxChange: Double?
    public var minRelativeChange: Double?
    public var maxRelativeChange: Double?
    public var higherIsBetter: Bool
    public var firstRun: FirstRun

    public init(min: Double? = nil, max: Double? = nil, minChange: Double? = nil, maxChange: Double? = nil,
                minRelativeChange: Double? = nil, maxRelativeChange: Double? = nil,
                higherIsBetter: Bool = true, firstRun: FirstRun = .pass) {
        self.min = min
        self.max = max
        self.minChange = minChange
        self.maxChange = maxChange
        self.minRelativeChange = minRelativeChange
        self.maxRelativeChange = maxRelativeChange
        self.higherIsBetter = higherIsBetter
        self.firstRun = firstRun
    }

    /// Whether any limit compares with stable.
    public var comparesWithStable: Bool {
        minChange != nil || maxChange != nil || minRelativeChange != nil || maxRelativeChange != nil
    }

    /// The field names a threshold adds to the mapping it is written in.
    static let fields = ["min", "max", "minChange", "maxChange", "minRelativeChange", "maxRelativeChange", "higherIsBetter", "firstRun"]

    /// Reads the threshold fields inline from `map` (they sit beside the gate's other fields).
    static func decode(_ map: inout MappingReader, higherIsBetter defaultDirection: Bool) -> Threshold {
        var t = Threshold(higherIsBetter: defaultDirection)
        t.min = map.number("min")
        t.max = map.number("max")
        t.minChange = map.number("minChange")
        t.maxChange = map.number("maxChange")
        t.minRelativeChange = map.number("minRelativeChange")
        t.maxRelativeChange = map.number("maxRelativeChange")
        t.higherIsBetter = map.bool("higherIsBetter") ?? defaultDirection
        t.firstRun = map.choice("firstRun", as: FirstRun.self) ?? .pass
        for (low, high, lowName, highName) in [(t.min, t.max, "min", "max"), (t.minChange, t.maxChange, "minChange", "maxChange"),
                                               (t.minRelativeChange, t.maxRelativeChange, "minRelativeChange", "maxRelativeChange")] {
            if let low, let high, low > high {
                map.context.error("\(map.path(lowName)) (\(low.shortText)) is greater than \(highName) (\(high.shortText)); no value can pass",
                                  at: map.node.location)
            }
        }
        return t
    }
}
