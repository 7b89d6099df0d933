/// JSON text of nodes, as `slipway yaml2json` prints them.
///
/// Key order is kept. Integers print as integers; finite doubles print in Swift's shortest
/// form that reads back to the same value (always with a `.` or an exponent, so they read
/// back as doubles). JSON has no infinity or NaN, so those print as the strings `".inf"`,
/// `"-.inf"` and `".nan"`, their YAML spellings; a JSON reader sees them as strings.
extension Node {
    /// The node as JSON; `pretty` puts each entry on its own line, indented by two spaces.
    public func jsonText(pretty: Bool) -> String {
        var out = ""
        write(to: &out, pretty: pretty, indent: 0)
        return out
    }

    /// Appends the node's JSON to `out`, its nested lines indented by `indent` levels.
    func write(to out: inout String, pretty: Bool, indent: Int) {
        switch value {
        case .null:
            out += "null"
        case .bool(let flag):
            out += flag ? "true" : "false"
        case .int(let number):
            out += String(number)
        case .double(let number):
            if number.isNaN {
                out += "\".nan\""
            } else if number.isInfinite {
                out += number < 0 ? "\"-.inf\"" : "\".inf\""
            } else {
                out += number.description
            }
        case .string(let text):
            Node.writeJSONString(text, to: &out)
        case .sequence(let items):
            Node.writeContainer(items, open: "[", close: "]", to: &out, pretty: pretty, indent: indent) { item, out in
                item.write(to: &out, pretty: pretty, indent: indent + 1)
            }
        case .mapping(let pairs):
            Node.writeContainer(pairs, open: "{", close: "}", to: &out, pretty: pretty, indent: indent) { pair, out in
                Node.writeJSONString(pair.key, to: &out)
                out += pretty ? ": " : ":"
                pair.value.write(to: &out, pretty: pretty, indent: indent + 1)
            }
        }
    }

    /// Appends `elements` between `open` and `close`, separated by commas.
    static func writeContainer<Element>(_ elements: [Element], open: String, close: String, to out: inout String, pretty: Bool, indent: Int, element: (Element, inout String) -> Void) {
        out += open
        guard !elements.isEmpty else {
            out += close
            return
        }
        let inner = pretty ? "\n" + String(repeating: "  ", count: indent + 1) : ""
        for (index, item) in elements.enumerated() {
            if index > 0 { out += "," }
            out += inner
            element(item, &out)
        }
        if pretty { out += "\n" + String(repeating: "  ", count: indent) }
        out += close
    }

    /// Appends `text` as a JSON string: quotes, backslashes and control characters escaped.
    static func writeJSONString(_ text: String, to out: inout String) {
        out += "\""
        var plainStart = text.utf8.startIndex
        var index = plainStart
        let utf8 = text.utf8
        while index != utf8.endIndex {
            let b = utf8[index]
            if b < 0x20 || b == 0x22 || b == 0x5C {
                out += text[plainStart..<index]
                switch b {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                case 0x08: out += "\\b"
                case 0x0C: out += "\\f"
                default:
                    let hex = String(b, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
                plainStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        out += text[plainStart..<index]
        out += "\""
    }
}

extension Array where Element == Document {
    /// The documents' roots as one JSON array, in order: what `slipway yaml2json FILE` prints.
    public func jsonText(pretty: Bool) -> String {
        var out = ""
        Node.writeContainer(self, open: "[", close: "]", to: &out, pretty: pretty, indent: 0) { document, out in
            document.root.write(to: &out, pretty: pretty, indent: 1)
        }
        return out
    }
}
