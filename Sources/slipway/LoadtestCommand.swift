import Foundation
import Gates
import Glibc
import HTTP
import Manifests

/// `slipway loadtest`: open-loop constant-rate load against one URL, as the loadTest gate sends it.
enum LoadtestCommand: Command {
    static let spec = CommandSpec(
        name: "loadtest",
        summary: "Send requests to a URL at a constant rate, open-loop, and report the achieved rate, latency percentiles and errors.",
        positionals: "URL", minPositionals: 1, maxPositionals: 1,
        options: [
            .value("rate", "N", "Requests per second, 1 to 1000000 (required)."),
            .value("duration", "D", "How long the measured window lasts, e.g. 30s, at most 1d (required)."),
            .value("body", "FILE", "A JSON request body, sent with POST; repeat to send several in turn. Without it, GET.",
                   repeatable: true),
            .value("warmup", "D", "Load sent before the window and not counted (default 2s, at most 1d)."),
            .value("timeout", "D", "How long one request may take before it counts as a timeout (default 10s, at most 60s)."),
            .value("pid", "PID", "The server's process id: report its CPU time and peak memory (with what it started)."),
            .flag("json", "Print the report as JSON."),
        ],
        discussion: """
        Request i is due i/N seconds after the start whether or not earlier ones have returned, and its latency
        counts from then: a server that stalls is charged for every request the stall delays. URL is
        http://HOST:PORT/PATH with an IPv4 HOST or localhost. A progress line goes to standard error once a
        second when it is a terminal.
        Exit status: 0 when every request succeeded and the achieved rate was within 1% of N, 1 otherwise,
        2 usage error.
        """)

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        let (upstream, target) = try parse(url: arguments.positionals[0])
        let rate = try integer(arguments.required("rate"), "--rate", in: LoadTestGate.rates)
        guard let duration = try arguments.duration("duration", longest: LoadTestGate.longestSpan) else {
            throw UsageError(description: "--duration is required")
        }
        let warmup = try arguments.duration("warmup", allowZero: true, longest: LoadTestGate.longestSpan) ?? .seconds(2)
        let timeout = try arguments.duration("timeout", longest: .seconds(60)) ?? .seconds(10)
        let pid = try arguments.value("pid").map { Int32(try integer($0, "--pid", in: 1...Int(Int32.max))) }
        if let pid, !FileManager.default.fileExists(atPath: "/proc/\(pid)") {
            throw CommandError(description: "no process \(pid) is running; --pid takes the server's process id")
        }
        let bodies = try arguments.all("body").map { path in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandError(description: "cannot read the --body file '\(path)'; check the path")
            }
            return Array(data)
        }
        let plan = LoadPlan(upstream: upstream, target: target, bodies: bodies, rate: rate, duration: duration,
                            warmup: warmup, timeout: timeout)
        let live = isatty(STDERR_FILENO) == 1
        let report = try await LoadGenerator.run(plan, serverPID: pid, progress: live ? showProgress : nil)
        if live { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let ok = report.errorCount == 0 && report.achievedRate >= 0.99 * report.targetRate
        if arguments.flag("json") {
            Output.json(report)
        } else {
            let window = "\(DurationText.format(duration)) after a \(DurationText.format(warmup)) warm-up"
            Output.print((["\(report.url): \(rate) req/s for \(window), \(bodies.isEmpty ? "GET" : "POST of \(bodies.count) bod\(bodies.count == 1 ? "y" : "ies")")"]
                          + report.lines + [ok ? "ok" : "failed: " + failures(report).joined(separator: "; ")]).joined(separator: "\n"))
        }
        if report.unreachable {
            Output.error("slipway loadtest: no request reached \(report.url); check that the server is running and listening there")
        }
        return ok ? .success : .failure
    }

    /// Why the run did not pass, in words.
    private static func failures(_ report: LoadReport) -> [String] {
        var reasons: [String] = []
        if report.errorCount > 0 { reasons.append("\(report.errorCount) of \(report.scheduled) requests failed") }
        if report.achievedRate < 0.99 * report.targetRate {
            reasons.append("the achieved rate is \(String(format: "%.1f", report.achievedRate)) req/s, below 99% of \(Int(report.targetRate))")
        }
        return reasons
    }

    private static func showProgress(_ progress: LoadProgress) {
        let elapsed = String(format: "%.0fs", progress.elapsed)
        let text = progress.warmingUp
            ? "\(elapsed) warming up"
            : "\(elapsed) sent \(progress.sent)  answered \(progress.answered)  errors \(progress.errors)"
              + (progress.p99.map { String(format: "  p99 %.2f ms", $0) } ?? "")
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    /// The server and request target of an `http://HOST:PORT/PATH` URL.
    private static func parse(url text: String) throws(UsageError) -> (Upstream, String) {
        guard let url = URLComponents(string: text), url.scheme == "http", let host = url.host, !host.isEmpty else {
            throw UsageError(description: "URL must look like http://127.0.0.1:8080/v2/models/m/infer, found '\(text)'")
        }
        var address = in_addr()
        guard host == "localhost" || inet_pton(AF_INET, host, &address) == 1 else {
            throw UsageError(description: "the URL's host must be an IPv4 address or localhost, found '\(host)'")
        }
        let path = url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath
        return (Upstream(host: host, port: url.port ?? 80), path + (url.percentEncodedQuery.map { "?" + $0 } ?? ""))
    }

    private static func integer(_ text: String, _ option: String, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(description: "\(option) takes a whole number from \(range.lowerBound) to \(range.upperBound), found '\(text)'")
        }
        return value
    }
}
