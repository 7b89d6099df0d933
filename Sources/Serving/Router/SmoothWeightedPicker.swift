/// Smooth weighted round-robin over a fixed set of choices: deterministic, and interleaved
/// so that a weight of 1 in 10 means exactly one pick in every ten, spread out.
struct SmoothWeightedPicker<Choice: Sendable>: Sendable {
    private var choices: [(choice: Choice, weight: Int)]
    private var current: [Int]
    private let total: Int

    /// Creates a picker; choices of weight 0 or less are never picked.
    init(_ choices: [(Choice, Int)]) {
        self.choices = choices.filter { $0.1 > 0 }.map { (choice: $0.0, weight: $0.1) }
        current = Array(repeating: 0, count: self.choices.count)
        total = self.choices.reduce(0) { $0 + $1.weight }
    }

    /// The next choice, or nil when every weight is zero.
    mutating func next() -> Choice? {
        guard total > 0 else { return nil }
        var best = 0
        for index in choices.indices {
            current[index] += choices[index].weight
            // Ties go to the earlier choice, which keeps the sequence independent of anything but weights.
            if current[index] > current[best] { best = index }
        }
        current[best] -= total
        return choices[best].choice
    }
}
