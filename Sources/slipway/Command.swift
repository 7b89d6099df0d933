/// One `slipway` subcommand.
protocol Command {
    static var spec: CommandSpec { get }
    /// Runs the command; throws `UsageError` for bad usage, anything else for a failure of the machinery.
    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus
}
