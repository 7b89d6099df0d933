/// Text made safe for XML 1.0 content and attribute values.
enum XMLText {
    /// Escapes the markup characters; characters XML 1.0 cannot hold at all, even as references
    /// (control characters other than tab, line feed and carriage return, U+FFFE, U+FFFF), become
    /// U+FFFD. In attributes, tab, line feed and carriage return are written as references, since
    /// a parser would otherwise turn them into spaces.
    static func escaped(_ text: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\t" where attribute: out += "&#9;"
            case "\n" where attribute: out += "&#10;"
            case "\r": out += "&#13;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
