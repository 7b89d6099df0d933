extension StatusPage {
    /// A rollout's analyses as two charts, canary against stable: error rate and p99 latency.
    struct AnalysisCharts {
        /// Oldest first; not empty.
        let analyses: [AnalysisPoint]

        static let canaryColour = "#d97706"
        static let stableColour = "#2563eb"

        var html: String {
            var out = "<h3>Rollout analysis</h3><p class=\"caption\">\(summary)</p><div class=\"charts\">"
            out += chart(title: "Error rate, canary vs stable", unit: "%",
                         canary: analyses.map { $0.canaryErrorRate * 100 }, stable: analyses.map { $0.stableErrorRate.map { $0 * 100 } }).svg
            out += chart(title: "p99 latency (ms), canary vs stable", unit: " ms",
                         canary: analyses.map { $0.canaryP99 * 1000 }, stable: analyses.map { $0.stableP99.map { $0 * 1000 } }).svg
            return out + "</div>"
        }

        /// How many analyses, over which span, and the latest figures.
        private var summary: String {
            guard let first = analyses.first, let last = analyses.last else { return "" }
            let count = analyses.count == 1 ? "1 analysis at \(PageTime.clock(first.time))"
                : "\(analyses.count) analyses from \(PageTime.clock(first.time)) to \(PageTime.clock(last.time))"
            func pair(_ canary: Double, _ stable: Double?, _ scale: Double, _ digits: Int, _ unit: String) -> String {
                let stableText = stable.map { FixedDecimal.text($0 * scale, digits: digits) + unit } ?? "no data"
                return "canary \(FixedDecimal.text(canary * scale, digits: digits))\(unit), stable \(stableText)"
            }
            return "\(count) UTC. Latest: error rate \(pair(last.canaryErrorRate, last.stableErrorRate, 100, 2, "%"));"
                + " p99 \(pair(last.canaryP99, last.stableP99, 1000, 1, " ms"))."
        }

        private func chart(title: String, unit: String, canary: [Double], stable: [Double?]) -> Chart {
            Chart(title: title, unit: unit, times: analyses.map(\.time), series: [
                Chart.Series(name: "canary", colour: Self.canaryColour, dashed: false, values: canary),
                Chart.Series(name: "stable", colour: Self.stableColour, dashed: true, values: stable),
            ])
        }
    }
}
