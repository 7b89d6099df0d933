import Foundation
import Gates
import HTTP
import Journal
import Pipelines
import Rollouts
import Synchronization

/// The daemon's HTTP API, status page, metrics and webhook, on one loopback server.
///
/// `GET /`, `/healthz` and `/metrics` are open (read-only, for browsers, probes and Prometheus);
/// every `/api/v1` call needs a bearer token from `<state>/tokens` with the role its action wants,
/// checked from the head (`admit`) before any body is read. Refusals are journaled as `api.refused`,
/// counted per client and reason (`RefusalTally`): the first of a window, then a summary.
public final class DaemonAPI: Sendable {
    /// The largest body of any call or webhook.
    public static let maxBodyBytes = 1024 * 1024
    /// The bounds of the API's server: few clients, small bodies.
    public static let serverLimits = HTTPServerLimits(
        maxBodyBytes: maxBodyBytes, maxConnections: 256, maxBodyBytesInFlight: 16 * maxBodyBytes)

    private let reconciler: Reconciler
    private let stateFolder: String
    private let dataplane: any Dataplane
    /// The tokens file as last read; `reloadTokens` reads it again (SIGHUP).
    private let tokens: Mutex<AccessTokens>
    private let webhooks: WebhookVerifier?
    private let refusals = Mutex(RefusalTally())

    public init(reconciler: Reconciler, stateFolder: String, dataplane: any Dataplane, webhookSecret: String?) throws {
        self.reconciler = reconciler
        self.stateFolder = stateFolder
        self.dataplane = dataplane
        try AccessTokens.createIfMissing(in: stateFolder)
        self.tokens = Mutex(try AccessTokens.load(stateFolder: stateFolder))
        self.webhooks = webhookSecret.map { WebhookVerifier(secret: $0) }
    }

    /// Reads the tokens file again, so that a token added or revoked takes effect without a restart;
    /// a file that does not load leaves the tokens as they were and says why. Returns how many tokens are in force.
    @discardableResult
    public func reloadTokens() throws -> Int {
        let fresh = try AccessTokens.load(stateFolder: stateFolder)
        tokens.withLock { $0 = fresh }
        return fresh.tokens.count
    }

    public func handle(_ request: HTTPRequest, _ responder: Responder) {
        Task { responder.respond(await self.answer(request)) }
    }

    /// Decides from the head alone, on the server's loop thread: an `/api/v1` call without a token
    /// allowed to make it, or a webhook when none is configured, is refused before its body is read;
    /// every other body is bounded by `maxBodyBytes`.
    public func admit(_ request: HTTPRequest) -> HeadVerdict {
        if let parts = Self.apiParts(request.path), let action = Route(method: request.method, parts: parts).action,
           case .refused(let response) = authorize(request, for: action, journalInline: false) {
            return .refuse(response)
        }
        if request.method == "POST", request.path == "/hooks/git", webhooks == nil {
            return .refuse(unconfiguredWebhook(request, journalInline: false))
        }
        return .accept(maxBodyBytes: Self.maxBodyBytes)
    }

    /// Journals the summaries of refusal windows as they close, until cancelled; then closes every window.
    public func closeRefusalWindows() async {
        let clock = reconciler.clock
        while !Task.isCancelled {
            let next = refusals.withLock { $0.nextClose } ?? clock.now.addingTimeInterval(refusals.withLock { $0.length })
            do { try await clock.sleep(until: next) } catch { break }
            journal(refusals.withLock { $0.close(at: clock.now) })
        }
        journal(refusals.withLock { $0.close(at: clock.now, all: true) })
    }

    /// The refusal summaries of windows closed by now (every one when `all`), journaled; for tests and shutdown.
    func closeRefusalWindows(all: Bool) {
        let now = reconciler.clock.now
        journal(refusals.withLock { $0.close(at: now, all: all) })
    }

    func answer(_ request: HTTPRequest) async -> HTTPResponse {
        let path = String(request.path)
        switch (request.method, path) {
        case ("GET", "/"):
            return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/html; charset=utf-8")]),
                                text: StatusPage.render(models: await reconciler.status(), now: reconciler.clock.now))
        case ("GET", "/healthz"):
            let problem = await reconciler.remoteProblem
            let dataplane = await reconciler.dataplaneProblem
            let journal = await reconciler.journalProblem?.reason
            // Unhealthy only when inference is at stake: an unreachable remote leaves serving as it was.
            let healthy = dataplane == nil && journal == nil
            return Self.json(healthy ? 200 : 503,
                             ["ok": healthy ? "true" : "false", "revision": await reconciler.revision?.hex ?? "",
                              "remote": problem ?? "reachable", "dataplane": dataplane ?? "answering", "journal": journal ?? "writable"])
        case ("GET", "/metrics"):
            return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain; version=0.0.4")]), text: await metrics())
        case ("POST", "/hooks/git"):
            return await webhook(request)
        default:
            if let parts = Self.apiParts(request.path) { return await api(request, parts) }
            return Self.error(404, "no \(request.method) \(path); the API is under /api/v1 (see the README)")
        }
    }

    private func api(_ request: HTTPRequest, _ parts: [String]) async -> HTTPResponse {
        let route = Route(method: request.method, parts: parts)
        guard let action = route.action else {
            return Self.error(404, "no \(request.method) /api/v1/\(parts.joined(separator: "/"))")
        }
        let who: String
        switch authorize(request, for: action, journalInline: true) {
        case .allowed(let name): who = name
        case .refused(let response): return response
        }
        let models = await reconciler.status()
        switch route {
        case .models:
            return Self.json(200, models)
        case .model(let name):
            guard let model = models.first(where: { $0.name == name }) else { return unknown(name, models) }
            return Self.json(200, model)
        case .history(let name):
            return Self.json(200, history(of: name, since: 0))
        case .audit:
            var since = 0
            if let text = request.query.flatMap({ Self.parameter("since", in: String($0)) }) {
                guard let value = Int(text), value >= 0, value < Int.max else {
                    return Self.error(400, "since takes a journal sequence number (a whole number, 0 or more), found '\(text)'")
                }
                since = value
            }
            return Self.json(200, history(of: nil, since: since))
        case .sync:
            await reconciler.nudge()
            return Self.json(202, ["sync": "a reconcile pass starts now"])
        case .command(let name, let command):
            guard models.contains(where: { $0.name == name }) else { return unknown(name, models) }
            let event: CanaryRollout.Event = switch command {
            case "promote": .promote
            case "resume": .resume(now: reconciler.clock.now)
            default: .abort
            }
            guard await reconciler.hasRollout(name) else {
                return Self.error(409, "\(name) has no rollout in progress to \(command)")
            }
            // Journaled before it is handed on: an append that fails means no action.
            do {
                _ = try reconciler.journal.append(APICommand(model: name, command: command, by: who))
            } catch {
                return Self.error(503, "the command could not be journaled, so it was not carried out: \(error)")
            }
            guard await reconciler.command(name, event) else {
                return Self.error(409, "\(name) has no rollout in progress to \(command)")
            }
            return Self.json(202, [command: name])
        case .rollback(let name):
            // `stable.restored`, journaled with who asked before the data plane is told, is the record.
            do {
                let restored = try await reconciler.rollback(name, by: who)
                return Self.json(200, ["stable": restored.artifact])
            } catch let refusal as ReconcilerRefusal {
                return Self.error(409, refusal.description)
            } catch {
                return Self.error(503, "the rollback could not be journaled, so it was not carried out: \(error)")
            }
        case .approve(let name):
            return await approve(name, request, who: who, models: models)
        case .unknown:
            return Self.error(404, "no \(request.method) /api/v1/\(parts.joined(separator: "/"))")
        }
    }

    /// A reviewer's sign-off on the model's current candidate, bound to its digest.
    private func approve(_ name: String, _ request: HTTPRequest, who: String, models: [ModelStatus]) async -> HTTPResponse {
        guard let model = models.first(where: { $0.name == name }) else { return unknown(name, models) }
        let body: SignOff
        do { body = try JSONDecoder().decode(SignOff.self, from: Data(request.body)) } catch {
            return Self.error(400, "the body must be JSON {\"candidate\": \"sha256:…\", \"decision\": \"approve\"|\"reject\", \"comment\"?, \"expires\"?, \"gates\"?}: \(error)")
        }
        guard let candidate = model.candidate else {
            return Self.error(409, "\(name) has no candidate waiting for sign-off")
        }
        guard body.candidate == candidate.runKey || body.candidate == candidate.artifact else {
            return Self.error(409, "the sign-off names \(body.candidate), but \(name)'s candidate is run \(candidate.runKey), artifact \(candidate.artifact); an approval counts only for the candidate it names")
        }
        let expires = body.expires.flatMap { ISO8601DateFormatter().date(from: $0) }
        if body.expires != nil && expires == nil { return Self.error(400, "expires must be an RFC 3339 time such as 2026-12-31T00:00:00Z") }
        if body.decision == .approve,
           let refusal = await reconciler.signOffRefusal(model: name, candidate: candidate, reviewer: who, gates: body.gates ?? []) {
            refuse(request, action: .approve, who: who, reason: "sign-off refused: \(refusal)", journalInline: true)
            return Self.error(403, "this sign-off could never count, so it is not recorded: \(refusal)")
        }
        do {
            _ = try reconciler.journal.append(ApprovalRecorded(model: name, candidate: candidate, gates: body.gates ?? [], decision: body.decision,
                                                      reviewer: who, token: who, comment: body.comment, expires: expires))
        } catch {
            return Self.error(503, "the sign-off could not be journaled, so it is not recorded: \(error)")
        }
        await reconciler.nudge()
        return Self.json(201, ["recorded": "\(body.decision.rawValue) by \(who) for \(candidate.artifact)"])
    }

    private func webhook(_ request: HTTPRequest) async -> HTTPResponse {
        guard let webhooks else { return unconfiguredWebhook(request, journalInline: true) }
        switch webhooks.verify(headers: request.headers, body: request.body) {
        case .accepted(let event):
            await reconciler.nudge()
            return Self.json(202, ["accepted": "\(event.provider.rawValue) \(event.name ?? "event")"])
        case .refused(let reason):
            refuse(request, action: .sync, who: nil, reason: "webhook refused: \(reason)", journalInline: true)
            return Self.error(401, "\(reason)")
        }
    }

    private func metrics() async -> String {
        var lines = [
            "# HELP slipway_reconcile_passes_total Reconcile passes since the daemon started.",
            "# TYPE slipway_reconcile_passes_total counter",
            "slipway_reconcile_passes_total \(await reconciler.passes)",
            "# HELP slipway_reconcile_last_duration_seconds How long the last reconcile pass took.",
            "# TYPE slipway_reconcile_last_duration_seconds gauge",
            "slipway_reconcile_last_duration_seconds \(await reconciler.lastPassSeconds)",
            "# HELP slipway_fetch_errors_total Fetches of the repository that failed.",
            "# TYPE slipway_fetch_errors_total counter",
            "slipway_fetch_errors_total \(await reconciler.fetchErrors)",
            "# HELP slipway_dataplane_up 1 when the data plane answered in the last pass.",
            "# TYPE slipway_dataplane_up gauge",
            "slipway_dataplane_up \(await reconciler.dataplaneProblem == nil ? 1 : 0)",
            "# HELP slipway_model_phase 1 for each model's current phase.",
            "# TYPE slipway_model_phase gauge",
        ]
        let models = await reconciler.status()
        for model in models {
            lines.append("slipway_model_phase{model=\"\(model.name)\",phase=\"\(Self.phaseName(model.phase))\"} 1")
        }
        lines += ["# HELP slipway_model_ready 1 when the router really serves the model's stable and nothing is pending.",
                  "# TYPE slipway_model_ready gauge"]
        for model in models {
            lines.append("slipway_model_ready{model=\"\(model.name)\"} \(model.conditions.first?.type == .ready ? 1 : 0)")
        }
        lines += ["# HELP slipway_gate_verdict 1 for each gate's latest verdict on the model's candidate.", "# TYPE slipway_gate_verdict gauge"]
        for model in models {
            for gate in model.gates {
                lines.append("slipway_gate_verdict{model=\"\(model.name)\",gate=\"\(gate.gate)\",verdict=\"\(gate.verdict.rawValue)\"} 1")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func phaseName(_ phase: ModelPhase) -> String {
        String(phase.description.prefix { $0 != " " })
    }

    /// Journal entries (of one model, or all) after `since`, as JSON objects.
    private func history(of model: String?, since: Int) -> [JournalRecord] {
        let entries = (try? Journal.entries(stateFolder: stateFolder, from: since + 1)) ?? []
        return entries.compactMap { entry in
            guard let payload = try? JSONDecoder().decode(JSONValue.self, from: Data(entry.body)) else { return nil }
            if let model, case .object(let fields) = payload, fields["model"] != .string(model) { return nil }
            return JournalRecord(seq: entry.seq, time: entry.time, type: entry.type, hash: entry.hash.description, event: payload)
        }
    }

    private enum Authorization {
        case allowed(String)
        case refused(HTTPResponse)
    }

    /// Whether the request's token may perform `action`; a refusal is counted and journaled.
    private func authorize(_ request: HTTPRequest, for action: APIAction, journalInline: Bool) -> Authorization {
        switch tokens.withLock({ $0 }).authorize(bearer: AccessTokens.bearer(in: request.headers), for: action) {
        case .allowed(let name, _):
            return .allowed(name)
        case .unauthenticated(let reason):
            refuse(request, action: action, who: nil, reason: reason, journalInline: journalInline)
            return .refused(Self.error(401, reason))
        case .forbidden(let name, let role, _):
            let reason = "token '\(name)' has role \(role.rawValue), which may not \(action.rawValue)"
            refuse(request, action: action, who: name, reason: reason, journalInline: journalInline)
            return .refused(Self.error(403, reason))
        }
    }

    private func unconfiguredWebhook(_ request: HTTPRequest, journalInline: Bool) -> HTTPResponse {
        refuse(request, action: .sync, who: nil, reason: "webhook refused: no secret is configured (SLIPWAY_WEBHOOK_SECRET)",
               journalInline: journalInline)
        return Self.error(401, "webhooks need a secret: start the daemon with SLIPWAY_WEBHOOK_SECRET set")
    }

    /// Counts a refusal and journals what the tally says to: at once when `journalInline`, else
    /// from a task, because the caller is a loop thread that must not wait for an fsync.
    private func refuse(_ request: HTTPRequest, action: APIAction, who: String?, reason: String, journalInline: Bool) {
        let refusal = APIRefused(method: request.method, path: String(request.path), action: action.rawValue, token: who,
                                 reason: reason, client: request.peer?.host)
        let now = reconciler.clock.now
        let entries = refusals.withLock { $0.record(refusal, at: now) }
        guard !entries.isEmpty else { return }
        if journalInline { journal(entries) } else { Task { self.journal(entries) } }
    }

    private func journal(_ entries: [APIRefused]) {
        for entry in entries { _ = try? reconciler.journal.append(entry) }
    }

    /// The parts of a path under `/api/v1/`; nil for any other path.
    private static func apiParts(_ path: Substring) -> [String]? {
        let parts = path.split(separator: "/")
        guard parts.count >= 3, parts[0] == "api", parts[1] == "v1" else { return nil }
        return parts.dropFirst(2).map(String.init)
    }

    private func unknown(_ name: String, _ models: [ModelStatus]) -> HTTPResponse {
        Self.error(404, "no model '\(name)'; known: \(models.map(\.name).joined(separator: ", "))")
    }

    static func parameter(_ name: String, in query: String) -> String? {
        query.split(separator: "&").first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
    }

    static func json(_ status: Int, _ value: some Encodable) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let body = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array(body))
    }

    static func error(_ status: Int, _ message: String) -> HTTPResponse {
        json(status, ["error": message])
    }
}

/// One call of the API, by method and path.
enum Route: Equatable {
    case models, model(String), history(String), audit, sync
    case command(String, String), rollback(String), approve(String)
    case unknown

    init(method: String, parts: [String]) {
        switch (method, parts.count, parts.first) {
        case ("GET", 1, "models"): self = .models
        case ("GET", 2, "models"): self = .model(parts[1])
        case ("GET", 3, "models") where parts[2] == "history": self = .history(parts[1])
        case ("GET", 1, "audit"): self = .audit
        case ("POST", 1, "sync"): self = .sync
        case ("POST", 3, "models") where ["promote", "abort", "resume"].contains(parts[2]): self = .command(parts[1], parts[2])
        case ("POST", 3, "models") where parts[2] == "rollback": self = .rollback(parts[1])
        case ("POST", 3, "models") where parts[2] == "approve": self = .approve(parts[1])
        default: self = .unknown
        }
    }

    /// What the call does, for the token's role to permit; nil for a call that does not exist.
    var action: APIAction? {
        switch self {
        case .models, .model, .history, .audit: .view
        case .sync: .sync
        case .command(_, let command): APIAction(rawValue: command) ?? .abort
        case .rollback: .rollback
        case .approve: .approve
        case .unknown: nil
        }
    }
}

/// The body of `POST /api/v1/models/{name}/approve`.
struct SignOff: Decodable {
    var candidate: String
    var decision: ApprovalRecord.Decision
    var comment: String?
    var expires: String?
    var gates: [String]?
}

/// One journal entry as the API shows it.
struct JournalRecord: Encodable {
    var seq: Int
    var time: Date
    var type: String
    var hash: String
    var event: JSONValue
}
