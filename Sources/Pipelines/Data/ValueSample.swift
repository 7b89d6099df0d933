import Foundation

/// A uniform random sample of at most `capacity` numbers from a stream of any length.
///
/// Reservoir sampling with geometric skips (Li's "Algorithm L"), so that a long stream costs
/// few random draws. Seeded, so that the same file always yields the same sample and profile.
struct ValueSample: Sendable {
    /// Kept values, in no particular order; every value seen while fewer than `capacity` arrived.
    private(set) var values: [Double] = []
    /// The number of values offered.
    private(set) var seen = 0
    let capacity: Int
    private var generator = SplitMix64(seed: 0x5EED_DA7A)
    private var weight = 1.0
    private var nextReplacement = 0

    init(capacity: Int) {
        precondition(capacity > 0, "a sample holds at least one value")
        self.capacity = capacity
        values.reserveCapacity(Swift.min(capacity, 4096))
    }

    /// Whether every value offered is in the sample.
    var isComplete: Bool { seen <= capacity }

    /// Offers one value to the sample.
    mutating func add(_ value: Double) {
        defer { seen += 1 }
        if seen < capacity {
            values.append(value)
            if seen + 1 == capacity {
                weight = exp(log(unit()) / Double(capacity))
                scheduleNext(after: seen)
            }
            return
        }
        guard seen == nextReplacement else { return }
        values[Int(generator.next() % UInt64(capacity))] = value
        weight *= exp(log(unit()) / Double(capacity))
        scheduleNext(after: seen)
    }

    private mutating func scheduleNext(after index: Int) {
        let skip = floor(log(unit()) / log(1 - weight))
        nextReplacement = skip.isFinite && skip < Double(Int.max / 2) ? index + 1 + Int(skip) : Int.max
    }

    /// A draw in (0, 1).
    private mutating func unit() -> Double {
        (Double(generator.next() >> 11) + 0.5) / Double(1 << 53)
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64) whose stream is fixed by
/// its seed alone, the same on every machine and every run; not for secrets.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
