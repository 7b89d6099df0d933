import Controller
import Foundation
import Gates

/// `slipway status`: what the daemon says of every model, or of one.
enum StatusCommand: Command {
    static let spec = CommandSpec(
        name: "status",
        summary: "Show every model's phase, stable, candidate, conditions and gate verdicts, from the daemon.",
        positionals: "[MODEL]", minPositionals: 0, maxPositionals: 1,
        options: DaemonClient.options + [.flag("json", "Print the status as JSON.")])

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        let client = try DaemonClient(arguments)
        let path = arguments.positionals.first.map { "/api/v1/models/\($0)" } ?? "/api/v1/models"
        let (status, body) = try await client.call("GET", path)
        guard status == 200 else { throw CommandError(description: "the daemon refused (\(status)): \(DaemonClient.message(body))") }
        if arguments.flag("json") {
            Output.print(String(decoding: body, as: UTF8.self))
            return .success
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let models = arguments.positionals.isEmpty ? try decoder.decode([ModelStatus].self, from: body) : [try decoder.decode(ModelStatus.self, from: body)]
        if models.isEmpty { Output.print("no models yet: the daemon has not read a revision with a Model manifest") }
        for model in models {
            Output.print("\(model.name)  \(model.phase)  revision \(model.revision.map { String($0.prefix(7)) } ?? "-")")
            Output.print("  stable     \(model.stable?.artifact ?? "none")")
            if let candidate = model.candidate { Output.print("  candidate  \(candidate.artifact) (run \(candidate.runKey))") }
            for condition in model.conditions { Output.print("  \(condition.type) \(condition.reason): \(condition.message)") }
            for gate in model.gates { Output.print("  gate \(gate.gate): \(gate.verdict.rawValue) — \(gate.reason)") }
            if let error = model.lastError { Output.print("  last error: \(error)") }
        }
        return .success
    }
}

/// `slipway promote|abort|rollback MODEL`: an operator's command through the daemon.
struct OperatorCommand {
    static func spec(_ name: String, _ summary: String) -> CommandSpec {
        CommandSpec(name: name, summary: summary, positionals: "MODEL", minPositionals: 1, maxPositionals: 1,
                    options: DaemonClient.options + [.flag("json", "Print the daemon's answer as JSON.")])
    }

    static func send(_ command: String, _ arguments: ParsedArguments) async throws -> ExitStatus {
        let model = arguments.positionals[0]
        let (status, body) = try await DaemonClient(arguments).call("POST", "/api/v1/models/\(model)/\(command)")
        if arguments.flag("json") { Output.print(String(decoding: body, as: UTF8.self)) }
        guard (200..<300).contains(status) else {
            Output.error("slipway \(command): the daemon refused (\(status)): \(DaemonClient.message(body))")
            return .failure
        }
        if !arguments.flag("json") { Output.print("\(model): \(command) accepted") }
        return .success
    }
}

enum PromoteCommand: Command {
    static let spec = OperatorCommand.spec("promote", "Promote a model's canary now, skipping its remaining steps (operator).")
    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus { try await OperatorCommand.send("promote", arguments) }
}

enum AbortCommand: Command {
    static let spec = OperatorCommand.spec("abort", "Stop a model's rollout and send its traffic back to stable (operator).")
    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus { try await OperatorCommand.send("abort", arguments) }
}

enum ResumeCommand: Command {
    static let spec = OperatorCommand.spec("resume", "Resume a model's paused canary, e.g. one paused for lack of traffic (operator).")
    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus { try await OperatorCommand.send("resume", arguments) }
}

enum RollbackCommand: Command {
    static let spec = OperatorCommand.spec("rollback", "Serve a model's previous stable again and quarantine the current one (operator).")
    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus { try await OperatorCommand.send("rollback", arguments) }
}
