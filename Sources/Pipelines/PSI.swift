import Foundation

/// Population stability index between a reference distribution and a current one.
///
/// PSI = Σ (cᵢ − rᵢ) · ln(cᵢ / rᵢ) over bins, where rᵢ and cᵢ are the shares of each bin.
/// Empty bins get a small floor share so that the logarithm stays finite.
public enum PSI {
    /// The floor share given to a bin that holds no value on one side.
    public static let emptyBinShare = 0.0001

    /// The index for two histograms with the same bins (counts, not shares).
    public static func index(reference: [Int], current: [Int]) -> Double {
        index(reference: reference.map(Double.init), current: current.map(Double.init))
    }

    /// The index for two histograms with the same bins, given as weights in any unit (counts or shares).
    public static func index(reference: [Double], current: [Double]) -> Double {
        precondition(reference.count == current.count, "PSI needs the same bins on both sides")
        let r = reference.reduce(0, +), c = current.reduce(0, +)
        guard r > 0, c > 0 else { return 0 }
        var total = 0.0
        for (a, b) in zip(reference, current) {
            let p = max(a / r, emptyBinShare)
            let q = max(b / c, emptyBinShare)
            total += (q - p) * log(q / p)
        }
        return total
    }
}
