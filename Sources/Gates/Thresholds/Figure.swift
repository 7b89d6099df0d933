import Foundation
import Pipelines

/// How gates print and record measured numbers.
enum Figure {
    /// Six significant digits: `0.853333`, `12`, `1e-05`; `nan` and `inf` as such.
    static func text(_ value: Double) -> String {
        String(format: "%.6g", value)
    }

    /// The value as evidence; JSON has no NaN or infinity, so those are kept as text.
    static func json(_ value: Double) -> JSONValue {
        value.isFinite ? .number(value) : .string(text(value))
    }

    /// The value as evidence, `null` when absent.
    static func json(_ value: Double?) -> JSONValue {
        value.map(json) ?? .null
    }

    /// A duration in seconds.
    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
