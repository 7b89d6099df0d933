import Controller
import Foundation
import Git
import Manifests

/// `slipway validate`: checks manifests and reports every problem with its place.
enum ValidateCommand: Command {
    static let spec = CommandSpec(
        name: "validate",
        summary: "Check manifests and report every problem as path:line:col.",
        positionals: "[PATH…]", minPositionals: 0, maxPositionals: .max,
        options: [
            .value("repo", "DIR", "Validate a commit of this git repository instead of files on disk."),
            .value("rev", "REV", "With --repo: the branch, tag or commit to validate (default HEAD)."),
            .flag("no-file-checks", "Do not check that files the manifests refer to exist."),
            .flag("json", "Print the result as JSON."),
        ],
        discussion: """
        Folders are searched for *.yaml, *.yml and *.json files; documents without
        'apiVersion: slipway.dev/…' are left alone. Exit status: 0 valid, 1 problems found, 2 usage error.
        """)

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        let catalog: Catalog
        let source: String
        if let repo = arguments.value("repo") {
            guard arguments.positionals.isEmpty else { throw UsageError(description: "give either --repo or paths, not both") }
            let repository = try Repository.open(at: repo)
            let revision = arguments.value("rev") ?? "HEAD"
            let commit = try await repository.resolve(revision)
            var snapshot = try await ManifestSource.Snapshot.read(repository, at: commit)
            if arguments.flag("no-file-checks") { snapshot.paths = [] }
            catalog = arguments.flag("no-file-checks")
                ? Catalog.load(snapshot.files.map(\.source))
                : snapshot.catalog()
            source = "\(repo) at \(Revision(name: revision, commit: commit))"
        } else {
            if arguments.value("rev") != nil { throw UsageError(description: "--rev goes with --repo") }
            guard !arguments.positionals.isEmpty else { throw UsageError(description: "give the paths to validate, or --repo DIR") }
            catalog = try ManifestSource.catalog(paths: arguments.positionals, checkFiles: !arguments.flag("no-file-checks"))
            source = arguments.positionals.joined(separator: " ")
        }
        let report = ValidationReport(catalog)
        if arguments.flag("json") {
            Output.json(report)
        } else {
            for diagnostic in catalog.diagnostics { Output.print(diagnostic.description) }
            Output.print(report.summary(source: source))
        }
        return catalog.isValid ? .success : .failure
    }
}

/// The machine-readable result of `validate`.
struct ValidationReport: Encodable {
    var valid: Bool
    var files: Int
    var manifests: [String: Int]
    var skippedDocuments: Int
    var errors: Int
    var warnings: Int
    var diagnostics: [Diagnostic]

    init(_ catalog: Catalog) {
        valid = catalog.isValid
        files = catalog.filesRead
        manifests = Dictionary(grouping: catalog.manifests, by: { $0.kind.rawValue }).mapValues(\.count)
        skippedDocuments = catalog.skippedDocuments
        errors = catalog.diagnostics.errorCount
        warnings = catalog.diagnostics.count - errors
        diagnostics = catalog.diagnostics
    }

    func summary(source: String) -> String {
        let kinds = manifests.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let found = kinds.isEmpty ? "no manifests" : kinds
        if valid {
            return "ok: \(found) in \(files) file\(files == 1 ? "" : "s") (\(source))\(warnings > 0 ? ", \(warnings) warning(s)" : "")"
        }
        return "invalid: \(errors) error\(errors == 1 ? "" : "s")\(warnings > 0 ? ", \(warnings) warning(s)" : "") in \(found), \(files) file\(files == 1 ? "" : "s") (\(source))"
    }
}
