import Foundation

extension LoadReport {
    /// The report as a person reads it, one figure a line.
    public var lines: [String] {
        var lines = [
            "achieved   \(Figures.rate(achievedRate)) req/s of \(Figures.rate(targetRate)) (\(Figures.percent(targetRate > 0 ? achievedRate / targetRate : 0)))",
            "requests   \(scheduled) due, \(sent) sent, \(answered) answered, \(succeeded) ok; at most \(peakInFlight) in flight",
        ]
        if let latency {
            let figures = [("p50", latency.p50), ("p90", latency.p90), ("p99", latency.p99), ("p99.9", latency.p999), ("max", latency.max)]
            lines.append("latency    " + figures.map { "\($0.0) \(Figures.milliseconds($0.1))" }.joined(separator: "  ")
                         + "  (from each request's due time)")
        } else {
            lines.append("latency    none: no request was answered")
        }
        lines.append("errors     " + errorText)
        if maxSendLagMs >= 10 {
            lines.append("generator  sent up to \(Figures.milliseconds(maxSendLagMs)) late; the machine running the test may be too busy")
        }
        if let server {
            lines.append("server     pid \(server.pid) (\(server.processes) process\(server.processes == 1 ? "" : "es")): "
                         + String(format: "%.2f CPU-seconds, %.0f%% of a core, ", server.cpuSeconds, server.averageCores * 100)
                         + "peak RSS \(Figures.mebibytes(server.peakResidentBytes))")
        } else if let serverNote {
            lines.append("server     \(serverNote)")
        }
        return lines
    }

    /// `none`, or each class with its count, then the rate.
    var errorText: String {
        guard errorCount > 0 else { return "none" }
        let classes = errors.sorted { (LoadErrorClass(rawValue: $0.key) ?? .overCap) < (LoadErrorClass(rawValue: $1.key) ?? .overCap) }
        return classes.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + " (\(Figures.percent(errorRate)) of requests)"
    }
}
