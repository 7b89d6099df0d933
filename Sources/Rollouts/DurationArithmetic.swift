import Foundation

extension Duration {
    /// The duration in seconds, for date arithmetic and ratios.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }

    /// The duration in milliseconds as people read it in a reason: `150ms`, `12.5ms`.
    var millisecondsText: String {
        // From the components, so that 150ms prints as 150ms and not as 150.00000000000003.
        let ms = Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
        return ms == ms.rounded() ? "\(Int(ms))ms" : String(format: "%.1fms", ms)
    }
}

extension Date {
    /// This date moved forward by `duration`.
    func adding(_ duration: Duration) -> Date {
        addingTimeInterval(duration.seconds)
    }
}

/// A fraction written as a percentage with two decimals: `0.2` → `20.00%`.
func percentText(_ fraction: Double) -> String {
    String(format: "%.2f%%", fraction * 100)
}
