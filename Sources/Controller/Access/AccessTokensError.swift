import Glibc

/// Why the token file could not be used; each case says what to do about it.
public enum AccessTokensError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not exist.
    case missing(path: String)
    /// Group or others may read or change the file; `mode` holds its permission bits.
    case exposed(path: String, mode: mode_t)
    /// The file (or the random source) could not be read.
    case unreadable(path: String, reason: String)
    /// Lines that are not `ROLE NAME TOKEN`, or that clash with earlier lines; all of them at once.
    case invalid(path: String, problems: [AccessTokenProblem])
    /// A name given for a new token that cannot be written as one field of a line.
    case invalidName(String)

    public var description: String {
        switch self {
        case .missing(let path):
            return "\(path) does not exist; write one `ROLE NAME TOKEN` line per API token there "
                + "(roles: viewer, operator, reviewer), with mode 600"
        case .exposed(let path, let mode):
            let octal = String(mode, radix: 8)
            return "\(path) has mode \(String(repeating: "0", count: max(0, 4 - octal.count)) + octal), "
                + "so group or others may read or change the API tokens it holds; run `chmod 600 \(path)`"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .invalid(let path, let problems):
            return problems.map { "\(path):\($0.line): \($0.message)" }.joined(separator: "\n")
        case .invalidName(let name):
            return "'\(name)' cannot name a token: a name is one word without spaces that does not start with #"
        }
    }
}

/// One thing wrong with one line of the token file.
public struct AccessTokenProblem: Sendable, Equatable {
    public let line: Int
    public let message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}
