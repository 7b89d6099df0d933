/// Smooth weighted round-robin over a fixed set of choices: deterministic, and interleaved
/// so that a weight of 1 in 10 means exactly one pick in every ten, spread out.
struct SmoothWeightedPicker<Choice: Sendable>: Sendable {
    private let choices: [Choice]
    // Kept apart from the choices, so that a pick does integer work alone and copies one choice.
    private let weights: [Int]
    private var current: [Int]
    private let total: Int

    /// Creates a picker; choices of weight 0 or less are never picked.
    init(_ choices: [(Choice, Int)]) {
        let kept = choices.filter { $0.1 > 0 }
        self.choices = kept.map(\.0)
        weights = kept.map(\.1)
        current = Array(repeating: 0, count: kept.count)
        total = weights.reduce(0, +)
    }

    /// The next choice, or nil when every weight is zero.
    mutating func next() -> Choice? {
        guard total > 0 else { return nil }
        var best = 0
        for index in weights.indices {
            current[index] += weights[index]
            // Ties go to the earlier choice, which keeps the sequence independent of anything but weights.
            if current[index] > current[best] { best = index }
        }
        current[best] -= total
        return choices[best]
    }
}
