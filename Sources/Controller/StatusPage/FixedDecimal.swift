/// Numbers written with a fixed count of decimals, identical on every machine and in every locale,
/// so that a page rendered twice from the same input is the same text.
enum FixedDecimal {
    /// `value` rounded half away from zero to `digits` decimals (at most 6), never in exponent form
    /// and never as `-0`. Non-finite values and values too large for exact rounding are written as
    /// Swift writes them.
    static func text(_ value: Double, digits: Int) -> String {
        let digits = min(max(digits, 0), 6)
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value.magnitude * Double(scale)).rounded(.toNearestOrAwayFromZero)
        guard value.isFinite, scaled < 1e15 else { return String(describing: value) }
        let units = Int64(scaled)
        let whole = String(units / scale)
        var text = value < 0 && units != 0 ? "-" + whole : whole
        if digits > 0 {
            let fraction = String(units % scale)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }
}
