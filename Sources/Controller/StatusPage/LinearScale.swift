/// Maps values of a domain linearly onto plot coordinates, keeping every result inside the plot.
struct LinearScale {
    let domain: (low: Double, high: Double)
    /// May run downwards: a y axis, whose zero is at the bottom of the picture.
    let range: (low: Double, high: Double)

    /// The coordinate of `value`; a domain of zero width (one point, or equal times) maps
    /// everything to the middle of the range, and values outside the domain to its nearer end.
    func callAsFunction(_ value: Double) -> Double {
        let width = domain.high - domain.low
        guard width > 0 else { return (range.low + range.high) / 2 }
        let share = min(max((value - domain.low) / width, 0), 1)
        return range.low + share * (range.high - range.low)
    }
}
