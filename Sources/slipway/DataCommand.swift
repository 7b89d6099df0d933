import Foundation
import Manifests
import Pipelines

/// `slipway data check`: the data gate on one CSV file, against a model's declared schema.
enum DataCommand: Command {
    static let spec = CommandSpec(
        name: "data",
        summary: "Check a CSV file against a model's data schema, as the data gate does before training.",
        positionals: "check FILE", minPositionals: 2, maxPositionals: 2,
        options: [
            .value("manifest", "FILE", "The model manifest declaring the schema (required)."),
            .value("dataset", "NAME", "The data set whose schema applies (default: the first with a schema)."),
            .value("reference", "CSV", "A reference file (stable's data) to measure drift against."),
            .value("max-psi", "X", "Fail when a column's population stability index exceeds X (default: the model's data gate)."),
            .flag("json", "Print the whole report as JSON (statistics, violations with row numbers, drift)."),
        ],
        discussion: "Exit status: 0 pass, 1 a rule is broken or the file is not valid CSV, 2 usage error.")

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        guard arguments.positionals[0] == "check" else {
            throw UsageError(description: "unknown subcommand '\(arguments.positionals[0])'; use 'slipway data check FILE'")
        }
        let file = arguments.positionals[1]
        let manifestPath = try arguments.required("manifest")
        guard let text = try? String(contentsOfFile: manifestPath, encoding: .utf8) else {
            throw CommandError(description: "cannot read '\(manifestPath)'")
        }
        let catalog = Catalog.load([SourceFile(path: manifestPath, text: text)], complete: false)
        for problem in catalog.diagnostics where problem.severity == .error { Output.error(problem.description) }
        guard let model = catalog.models.first else {
            throw CommandError(description: "'\(manifestPath)' holds no valid Model")
        }
        let wanted = arguments.value("dataset")
        guard let dataset = model.data.first(where: { $0.schema != nil && (wanted == nil || $0.name == wanted) }), let schema = dataset.schema else {
            throw CommandError(description: wanted.map { "model '\(model.name)' has no data set '\($0)' with a schema" }
                                            ?? "model '\(model.name)' declares no data set with a schema")
        }
        let gate = model.gates.lazy.compactMap { if case .data(let d) = $0.check { d } else { nil } }.first
        var maxPSI = gate?.maxPSI
        if let text = arguments.value("max-psi") {
            guard let value = Double(text), value >= 0 else { throw UsageError(description: "--max-psi takes a number, found '\(text)'") }
            maxPSI = value
        }
        let report = DataValidator(schema: schema, reference: arguments.value("reference").map(DataReference.file), maxPSI: maxPSI)
            .check(csvAt: file)
        if arguments.flag("json") {
            Output.json(report)
        } else {
            // The summary lists every violation and warning already.
            Output.print(report.summary)
        }
        return report.verdict == .pass ? .success : .failure
    }
}
