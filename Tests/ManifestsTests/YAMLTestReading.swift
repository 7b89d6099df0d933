@testable import Manifests

/// The documents of `yaml` as one compact JSON array, the form the tables state expectations in.
func compactJSON(ofYAML yaml: String) throws -> String {
    try YAMLReader.documents(in: yaml).jsonText(pretty: false)
}

/// The root of the single document of `yaml`.
func root(ofYAML yaml: String) throws -> Node {
    let documents = try YAMLReader.documents(in: yaml)
    guard documents.count == 1 else { throw SyntaxError("expected one document, found \(documents.count)", at: SourceLocation(line: 0, column: 0)) }
    return documents[0].root
}

/// The error that reading `yaml` throws, or nil when it reads.
func syntaxError(inYAML yaml: String) -> SyntaxError? {
    do {
        _ = try YAMLReader.documents(in: yaml)
        return nil
    } catch {
        return error
    }
}
