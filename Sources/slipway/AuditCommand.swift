import Journal

/// `slipway audit verify`: walks the journal's hash chain.
enum AuditCommand: Command {
    static let spec = CommandSpec(
        name: "audit",
        summary: "Verify the journal's hash chain: 'ok: N entries' or the first entry changed, removed or reordered.",
        positionals: "verify", minPositionals: 1, maxPositionals: 1,
        options: [.value("state", "DIR", "The state folder (required)."), .flag("json", "Print the report as JSON.")],
        discussion: "Exit status: 0 the chain holds, 1 it is broken.")

    /// The machine-readable report.
    struct Report: Encodable {
        var ok: Bool
        var entries: Int
        var problem: String?
        var tornTail: String?
    }

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        guard arguments.positionals[0] == "verify" else {
            throw UsageError(description: "unknown subcommand '\(arguments.positionals[0])'; use 'slipway audit verify'")
        }
        let report = try Journal.verify(stateFolder: try arguments.required("state"))
        if arguments.flag("json") {
            Output.json(Report(ok: report.ok, entries: report.entries, problem: report.problem?.description,
                               tornTail: report.tornTail?.description))
        } else {
            Output.print(report.description)
        }
        return report.ok ? .success : .failure
    }
}
