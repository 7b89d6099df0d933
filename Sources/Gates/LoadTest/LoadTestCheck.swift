import Foundation
import HTTP
import Manifests
import Pipelines

/// The `loadTest` gate: open-loop constant-rate load against the candidate, judged by the SLO.
public struct LoadTestCheck: Gate {
    /// The gate's name in the manifest.
    public let name: String
    /// The rate, duration, request files and SLO from the manifest.
    public let spec: LoadTestGate
    /// The candidate's server process, whose CPU and memory are sampled; nil to skip that.
    public let serverPID: Int32?
    /// How long one request may take before it counts as a timeout.
    public let requestTimeout: Duration

    /// A gate named `name` that runs `spec`, sampling `serverPID` when given.
    public init(name: String, spec: LoadTestGate, serverPID: Int32? = nil, requestTimeout: Duration = .seconds(10)) {
        self.name = name
        self.spec = spec
        self.serverPID = serverPID
        self.requestTimeout = requestTimeout
    }

    /// Loads the candidate's endpoint with the request files of its exported folder and judges the report.
    public func evaluate(_ subject: GateSubject) async -> GateResult {
        let clock = ContinuousClock()
        let began = clock.now
        func result(_ verdict: GateVerdict, _ reason: String, _ evidence: JSONValue = .object([:]), _ violations: [String] = []) -> GateResult {
            GateResult(gate: name, kind: GateSpec.Kind.loadTest.rawValue, verdict: verdict, reason: reason,
                       evidence: evidence, violations: violations, seconds: (clock.now - began).seconds)
        }
        guard let endpoint = subject.candidateEndpoint else {
            return result(.error, "no running candidate to load: the gate needs the candidate's inference endpoint")
        }
        let bodies: [[UInt8]]
        switch readBodies(in: subject.folder, model: subject.model) {
        case .success(let read): bodies = read
        case .failure(let problem): return result(.error, problem.description)
        }
        let plan = LoadPlan(upstream: Upstream(host: endpoint.host, port: endpoint.port), target: endpoint.inferPath,
                            bodies: bodies, rate: spec.rate, duration: spec.duration, warmup: spec.warmup, timeout: requestTimeout)
        let report: LoadReport
        do {
            report = try await LoadGenerator.run(plan, serverPID: serverPID)
        } catch {
            return result(.error, "could not start the load generator: \(error)")
        }
        let evidence = Self.evidence(report, slo: spec.slo)
        if report.unreachable {
            return result(.error, "every request to \(report.url) failed to connect (\(report.errorText)); the candidate is not serving there", evidence)
        }
        let violations = spec.slo.violations(of: report)
        if violations.isEmpty {
            let p99 = report.latency.map { "p99 \(Figures.milliseconds($0.p99)), " } ?? ""
            return result(.pass, "\(p99)\(Figures.rate(report.achievedRate)) of \(Figures.rate(report.targetRate)) req/s, errors \(report.errorText)", evidence)
        }
        let more = violations.count > 1 ? " (and \(violations.count - 1) more)" : ""
        return result(.fail, violations[0] + more, evidence, violations)
    }

    /// A request file the gate could not read.
    struct BodyProblem: Error, CustomStringConvertible {
        var description: String
    }

    /// The request bodies, resolved in the candidate's exported model folder.
    private func readBodies(in folder: String, model: String) -> Result<[[UInt8]], BodyProblem> {
        var bodies: [[UInt8]] = []
        for request in spec.requests {
            let place = "model '\(model)', gate '\(name)': request file '\(request.written)' (manifest line \(request.location.line))"
            guard let relative = try? RepositoryPath.resolve(request.written, in: "") else {
                return .failure(BodyProblem(description: "\(place) lies outside the model's folder; keep request files inside it"))
            }
            let path = (folder as NSString).appendingPathComponent(relative)
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(BodyProblem(description: "\(place) is missing at the candidate's revision (looked for \(path)); add it or fix the path"))
            }
            bodies.append(Array(data))
        }
        return .success(bodies)
    }

    /// The report with the limits it was judged against, as JSON.
    static func evidence(_ report: LoadReport, slo: LoadTestGate.SLO) -> JSONValue {
        guard case .object(var fields) = (try? JSONValue(encoding: report)) ?? .null else { return .object([:]) }
        var limits: [String: JSONValue] = ["minAchievedRate": .number(slo.minAchievedRate)]
        for (key, limit) in [("p50", slo.p50), ("p90", slo.p90), ("p99", slo.p99), ("p999", slo.p999), ("max", slo.max)] {
            if let limit { limits[key + "Ms"] = .number(limit.seconds * 1_000) }
        }
        if let errorRate = slo.errorRate { limits["errorRate"] = .number(errorRate) }
        fields["slo"] = .object(limits)
        return .object(fields)
    }
}
