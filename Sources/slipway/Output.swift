import Foundation

/// Where a command writes: standard output for results, standard error for progress and problems.
///
/// Text may carry what users wrote (CSV headers, manifest strings, paths), so control characters
/// other than line breaks and tabs are printed as escapes: a file cannot move the cursor, clear
/// the screen or set a window title on the terminal that reads the report.
enum Output {
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((terminalSafe(text) + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((terminalSafe(text) + "\n").utf8))
    }

    /// `text` with C0 and C1 control characters (but line feed and tab), DEL and the Unicode line
    /// and paragraph separators written as `\u{…}`.
    static func terminalSafe(_ text: String) -> String {
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x0A, 0x09: return false
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: return true
            default: return false
            }
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
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
