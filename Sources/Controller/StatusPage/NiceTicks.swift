import Foundation

/// Round tick values for a value axis that starts at zero and ends at or just above the largest
/// value: steps of 1, 2, 2.5 or 5 times a power of ten, at most `intervals` of them.
struct NiceTicks: Equatable {
    /// The distance between two ticks.
    let step: Double
    /// How many steps from zero to the top tick.
    let intervals: Int
    /// Decimals that write every tick exactly (at most 6).
    let digits: Int

    /// Ticks covering zero to `maximum`; a maximum of zero (or below, or not finite) gets the axis
    /// of a maximum of one, so a series of zeros still has a scale and lies on the bottom line.
    init(covering maximum: Double, intervals wanted: Int = 4) {
        let top = maximum.isFinite && maximum > 0 ? maximum : 1
        let wanted = max(1, wanted)
        let magnitude = pow(10, log10(top / Double(wanted)).rounded(.down))
        // The relative tolerance keeps 0.4 in steps of 0.1 at four intervals, not five, despite rounding.
        let tolerance = 1e-9
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }
            .first { $0 * Double(wanted) >= top * (1 - tolerance) } ?? 10 * magnitude
        self.step = step
        self.intervals = max(1, Int((top / step * (1 - tolerance)).rounded(.up)))
        self.digits = (0...6).first { digits in
            let shifted = step * pow(10, Double(digits))
            return abs(shifted - shifted.rounded()) < 1e-6 * max(1, shifted)
        } ?? 6
    }

    /// The highest tick: the top of the axis.
    var top: Double { step * Double(intervals) }

    /// Every tick from zero to the top, in order.
    var values: [Double] { (0...intervals).map { Double($0) * step } }
}
