/// Writes version counters in the Prometheus text exposition format, version 0.0.4.
enum PrometheusExposition {
    /// The content type a scraper expects for this format.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The text for `snapshots`, versions in a stable order so that scrapes diff cleanly.
    static func render(_ snapshots: [VersionID: VersionMetricsSnapshot]) -> String {
        let ordered = snapshots.sorted { ($0.key.model, $0.key.version) < ($1.key.model, $1.key.version) }
        var out = ""
        family(&out, "slipway_requests_total", "counter", "Requests proxied to a model version.")
        for (id, snapshot) in ordered {
            sample(&out, "slipway_requests_total", labels(id), "\(snapshot.requests)")
        }
        family(&out, "slipway_request_errors_total", "counter", "Failed requests by version and error class.")
        for (id, snapshot) in ordered {
            for errorClass in ErrorClass.allCases {
                let count = snapshot.errors[errorClass] ?? 0
                sample(&out, "slipway_request_errors_total", labels(id, ("class", errorClass.rawValue)), "\(count)")
            }
        }
        family(&out, "slipway_requests_in_flight", "gauge", "Requests sent to a version and not yet answered.")
        for (id, snapshot) in ordered {
            sample(&out, "slipway_requests_in_flight", labels(id), "\(snapshot.inFlight)")
        }
        family(&out, "slipway_null_outputs_total", "counter",
               "200 responses with no outputs or an output whose data is null.")
        for (id, snapshot) in ordered {
            sample(&out, "slipway_null_outputs_total", labels(id), "\(snapshot.nullOutputs)")
        }
        family(&out, "slipway_request_duration_seconds", "histogram", "Time from sending a request to its answer.")
        for (id, snapshot) in ordered {
            var cumulative = 0
            for (index, bound) in LatencyBuckets.bounds.enumerated() {
                cumulative += snapshot.latencyCounts[index]
                sample(&out, "slipway_request_duration_seconds_bucket",
                       labels(id, ("le", number(bound))), "\(cumulative)")
            }
            cumulative += snapshot.latencyCounts[LatencyBuckets.bounds.count]
            sample(&out, "slipway_request_duration_seconds_bucket", labels(id, ("le", "+Inf")), "\(cumulative)")
            sample(&out, "slipway_request_duration_seconds_sum", labels(id), number(snapshot.latencySum))
            sample(&out, "slipway_request_duration_seconds_count", labels(id), "\(cumulative)")
        }
        return out
    }

    /// Escapes a label value: backslash, double quote and line feed, as the format requires.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// A number as the format writes it: integral values without a fraction.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    private static func family(_ out: inout String, _ name: String, _ type: String, _ help: String) {
        out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    private static func sample(_ out: inout String, _ name: String, _ labels: String, _ value: String) {
        out += "\(name){\(labels)} \(value)\n"
    }

    private static func labels(_ id: VersionID, _ extra: (String, String)? = nil) -> String {
        var text = "model=\"\(escape(id.model))\",version=\"\(escape(id.version))\""
        if let extra { text += ",\(extra.0)=\"\(escape(extra.1))\"" }
        return text
    }
}
