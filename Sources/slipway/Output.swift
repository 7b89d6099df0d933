import Foundation

/// Where a command writes: standard output for results, standard error for progress and problems.
enum Output {
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints a value as pretty JSON with sorted keys (what `--json` gives machines).
    static func json(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}

/// The exit statuses every command uses.
enum ExitStatus: Int32 {
    case success = 0
    /// What the command checked or did failed.
    case failure = 1
    case usage = 2
}

/// A failure of the machinery (not of what was checked), said to the user as one line.
struct CommandError: Error, CustomStringConvertible {
    var description: String
}
