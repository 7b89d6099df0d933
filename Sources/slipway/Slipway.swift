import Foundation
import Manifests

/// The `slipway` command line: finds the command, parses its arguments, maps outcomes to exit statuses.
enum Slipway {
    /// The commands, in the order `slipway --help` lists them.
    static var commands: [any Command.Type] {
        [
            ValidateCommand.self,
            PlanCommand.self,
            YAML2JSONCommand.self,
            RunCommand.self,
            HistoryCommand.self,
            RunsCommand.self,
            AuditCommand.self,
            GCCommand.self,
            DigestCommand.self,
            DataCommand.self,
            QuickstartCommand.self,
            DaemonCommand.self,
            StatusCommand.self,
            PromoteCommand.self,
            AbortCommand.self,
            ResumeCommand.self,
            RollbackCommand.self,
            DataplaneCommand.self,
            GatesCommand.self,
            ApproveCommand.self,
            LoadtestCommand.self,
        ]
    }

    /// The text of `slipway --help`.
    static func topLevelHelp() -> String {
        let width = commands.map { $0.spec.name.count }.max() ?? 0
        let rows = commands.map { "  " + $0.spec.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.spec.summary }
        return (["Slipway: GitOps CI/CD for machine-learning models.", "", "Usage: slipway COMMAND [OPTIONS]", "", "Commands:"]
            + rows + ["", "Run 'slipway COMMAND --help' for a command's options."]).joined(separator: "\n")
    }

    /// Runs one command line and returns its exit status.
    static func main(_ arguments: [String]) async -> ExitStatus {
        guard let name = arguments.first else {
            Output.error(topLevelHelp())
            return .usage
        }
        if name == "--help" || name == "-h" || name == "help" {
            if arguments.count > 1, let command = commands.first(where: { $0.spec.name == arguments[1] }) {
                Output.print(command.spec.help)
            } else {
                Output.print(topLevelHelp())
            }
            return .success
        }
        guard let command = commands.first(where: { $0.spec.name == name }) else {
            let hint = Suggestion.closest(to: name, among: commands.map { $0.spec.name }).map { " (did you mean '\($0)'?)" } ?? ""
            Output.error("slipway: unknown command '\(name)'\(hint); run 'slipway --help' for the list")
            return .usage
        }
        do {
            let parsed = try ParsedArguments(Array(arguments.dropFirst()), spec: command.spec)
            if parsed.wantsHelp {
                Output.print(command.spec.help)
                return .success
            }
            return try await command.run(parsed)
        } catch let error as UsageError {
            Output.error("slipway \(name): \(error)\nUsage: \(command.spec.usage)")
            return .usage
        } catch {
            Output.error("slipway \(name): \(error)")
            return .failure
        }
    }
}
