import Manifests

extension LoadTestGate.SLO {
    /// Every limit `report` breaks, in words; empty when it meets them all.
    public func violations(of report: LoadReport) -> [String] {
        var found: [String] = []
        let limits: [(String, Duration?, KeyPath<LatencySummary, Double>)] = [
            ("p50", p50, \.p50), ("p90", p90, \.p90), ("p99", p99, \.p99), ("p99.9", p999, \.p999), ("max", max, \.max),
        ]
        let latencyLimits = limits.filter { $0.1 != nil }
        if let latency = report.latency {
            for (label, limit, path) in latencyLimits {
                guard let limit else { continue }
                let measured = latency[keyPath: path]
                if measured > limit.seconds * 1_000 {
                    found.append("\(label) latency \(Figures.milliseconds(measured)) is above the limit of \(DurationText.format(limit))")
                }
            }
        } else if !latencyLimits.isEmpty {
            found.append("no request was answered, so the latency limits (\(latencyLimits.map(\.0).joined(separator: ", "))) cannot be met")
        }
        if let errorRate, report.errorRate > errorRate {
            found.append("error rate \(Figures.percent(report.errorRate)) (\(report.errorCount) of \(report.scheduled)) is above the limit of \(Figures.percent(errorRate))")
        }
        if report.achievedRate < minAchievedRate * report.targetRate {
            found.append("achieved \(Figures.rate(report.achievedRate)) req/s, below \(Figures.percent(minAchievedRate)) of the target \(Figures.rate(report.targetRate)) req/s")
        }
        return found
    }
}
