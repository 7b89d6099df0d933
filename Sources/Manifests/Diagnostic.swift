/// A problem found in a manifest, with the file and place it was found at.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Equatable, Codable {
        case error
        case warning
    }

    /// The file, as the user named it (repository-relative when read from git).
    public var file: String
    public var location: SourceLocation
    public var severity: Severity
    public var message: String
    /// A suggestion such as "did you mean 'timeout'?".
    public var hint: String?

    public init(file: String, location: SourceLocation, severity: Severity = .error, message: String, hint: String? = nil) {
        self.file = file
        self.location = location
        self.severity = severity
        self.message = message
        self.hint = hint
    }

    /// `file:line:col: error: message (hint)`, the form compilers and CI annotators read.
    public var description: String {
        var text = "\(file):\(location.line):\(location.column): \(severity.rawValue): \(message)"
        if let hint { text += " (\(hint))" }
        return text
    }
}

extension Diagnostic: Encodable {
    private enum CodingKeys: String, CodingKey { case file, line, column, severity, message, hint }

    /// Flat, as CI annotators want it: file, line, column, severity, message, hint.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(location.line, forKey: .line)
        try c.encode(location.column, forKey: .column)
        try c.encode(severity, forKey: .severity)
        try c.encode(message, forKey: .message)
        try c.encodeIfPresent(hint, forKey: .hint)
    }
}

extension Array where Element == Diagnostic {
    /// Diagnostics in reading order: by file, then line and column.
    public func sortedByPlace() -> [Diagnostic] {
        sorted { ($0.file, $0.location) < ($1.file, $1.location) }
    }

    public var errorCount: Int { count(where: { $0.severity == .error }) }
}
