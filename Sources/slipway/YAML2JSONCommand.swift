import Foundation
import Manifests

/// `slipway yaml2json`: prints the documents of a YAML file as a JSON array.
enum YAML2JSONCommand: Command {
    static let spec = CommandSpec(
        name: "yaml2json",
        summary: "Print the documents of a YAML file as a JSON array, as Slipway reads them.",
        positionals: "FILE", minPositionals: 1, maxPositionals: 1,
        discussion: """
        For debugging manifests and cross-checking Slipway's YAML reader against other implementations.
        On a YAML error it prints FILE:LINE:COL: message and exits 1.
        """)

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        let file = arguments.positionals[0]
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw CommandError(description: "cannot read '\(file)' as UTF-8 text")
        }
        do throws(SyntaxError) {
            let documents = try YAMLReader.documents(in: text)
            Output.print(documents.jsonText(pretty: true))
            return .success
        } catch {
            Output.error("\(file):\(error.location.line):\(error.location.column): \(error.message)")
            return .failure
        }
    }
}
