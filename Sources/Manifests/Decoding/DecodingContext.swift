/// Collects the problems found while decoding one file, so that all are reported at once.
final class DecodingContext {
    let file: String
    /// Whether models keep the canonical text of their areas, for comparing two revisions.
    let recordAreas: Bool
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String, recordAreas: Bool = false) {
        self.file = file
        self.recordAreas = recordAreas
    }

    /// Records an error at `location`.
    func error(_ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(Diagnostic(file: file, location: location, message: message, hint: hint))
    }

    /// Records a warning at `location`.
    func warning(_ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(Diagnostic(file: file, location: location, severity: .warning, message: message, hint: hint))
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    // MARK: Scalars

    /// A mapping's reader, or nil (with an error) when `node` is not a mapping.
    func mapping(_ node: Node, _ field: @autoclosure () -> String) -> MappingReader? {
        guard case .mapping(let pairs) = node.value else {
            error("\(field()) must be a mapping, found \(node.kindName)", at: node.location)
            return nil
        }
        return MappingReader(node: node, pairs: pairs, field: field(), context: self)
    }

    /// The items of a sequence, or nil (with an error) when `node` is not one.
    func sequence(_ node: Node, _ field: @autoclosure () -> String) -> [Node]? {
        guard case .sequence(let items) = node.value else {
            error("\(field()) must be a sequence, found \(node.kindName)", at: node.location)
            return nil
        }
        return items
    }

    func string(_ node: Node, _ field: @autoclosure () -> String) -> String? {
        guard case .string(let text) = node.value else {
            error("\(field()) must be a string, found \(node.kindName)", at: node.location)
            return nil
        }
        return text
    }

    func bool(_ node: Node, _ field: @autoclosure () -> String) -> Bool? {
        guard case .bool(let value) = node.value else {
            let hint: String? = if case .string(let s) = node.value, ["yes", "no", "on", "off", "y", "n"].contains(s.lowercased()) {
                "YAML 1.2 reads '\(s)' as a string; write true or false"
            } else { nil }
            error("\(field()) must be true or false, found \(node.kindName)", at: node.location, hint: hint)
            return nil
        }
        return value
    }

    func int(_ node: Node, _ field: @autoclosure () -> String, in range: ClosedRange<Int>? = nil) -> Int? {
        guard case .int(let value) = node.value else {
            error("\(field()) must be an integer, found \(node.kindName)", at: node.location)
            return nil
        }
        if let range, !range.contains(value) {
            error("\(field()) must be between \(range.lowerBound) and \(range.upperBound), found \(value)", at: node.location)
            return nil
        }
        return value
    }

    func number(_ node: Node, _ field: @autoclosure () -> String, in range: ClosedRange<Double>? = nil) -> Double? {
        let value: Double
        switch node.value {
        case .int(let i): value = Double(i)
        case .double(let d) where d.isFinite: value = d
        default:
            error("\(field()) must be a finite number, found \(node.kindName)", at: node.location)
            return nil
        }
        if let range, !range.contains(value) {
            error("\(field()) must be between \(range.lowerBound.shortText) and \(range.upperBound.shortText), found \(value.shortText)", at: node.location)
            return nil
        }
        return value
    }

    /// A fraction between 0 and 1 (error rates, missing shares).
    func fraction(_ node: Node, _ field: @autoclosure () -> String) -> Double? {
        number(node, field(), in: 0...1)
    }

    /// A duration no longer than `longest` (a year unless the field says less).
    func duration(_ node: Node, _ field: @autoclosure () -> String, positive: Bool = true,
                  longest: Duration = DurationText.longest) -> Duration? {
        guard case .string(let text) = node.value else {
            let hint: String? = if case .int(let n) = node.value { "write a unit, e.g. '\(n)s'" } else { nil }
            error("\(field()) must be a duration such as 30s, 5m or 1h, found \(node.kindName)", at: node.location, hint: hint)
            return nil
        }
        guard let duration = DurationText.parse(text) else {
            error("\(field()): '\(text)' is not a duration; write e.g. 250ms, 30s, 5m, 1h or 1h30m", at: node.location)
            return nil
        }
        if positive && duration <= .zero {
            error("\(field()) must be longer than 0s", at: node.location)
            return nil
        }
        if duration > longest {
            error("\(field()) may be at most \(DurationText.format(longest)), found \(text)", at: node.location)
            return nil
        }
        return duration
    }

    func byteCount(_ node: Node, _ field: @autoclosure () -> String) -> Int64? {
        let text: String
        switch node.value {
        case .string(let s): text = s
        case .int(let i) where i > 0: return Int64(i)
        default:
            error("\(field()) must be a size such as 512Mi or 4Gi, found \(node.kindName)", at: node.location)
            return nil
        }
        guard let bytes = ByteCount.parse(text), bytes > 0 else {
            error("\(field()): '\(text)' is not a size; write e.g. 512Mi, 4Gi or 1G", at: node.location)
            return nil
        }
        return bytes
    }

    /// A DNS-1123 label.
    func name(_ node: Node, _ field: @autoclosure () -> String) -> String? {
        guard let text = string(node, field()) else { return nil }
        if let problem = Name.problem(with: text) {
            error("\(field()): \(problem)", at: node.location)
            return nil
        }
        return text
    }

    /// One of a fixed set of words, with a hint for near misses.
    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ field: @autoclosure () -> String, as: T.Type) -> T? where T.RawValue == String {
        guard let text = string(node, field()) else { return nil }
        if let value = T(rawValue: text) { return value }
        let words = T.allCases.map(\.rawValue)
        error("\(field()): '\(text)' is not one of \(words.joined(separator: ", "))", at: node.location,
              hint: Suggestion.hint(for: text, among: words))
        return nil
    }

    /// A list of strings.
    func strings(_ node: Node, _ field: @autoclosure () -> String) -> [String]? {
        guard let items = sequence(node, field()) else { return nil }
        let values = items.enumerated().compactMap { string($1, "\(field())[\($0)]") }
        return values.count == items.count ? values : nil
    }

    /// A command as an argv array (never a shell line).
    func command(_ node: Node, _ field: @autoclosure () -> String) -> [String]? {
        if case .string(let line) = node.value {
            let words = line.split(separator: " ").map { "\"\($0)\"" }.joined(separator: ", ")
            error("\(field()) must be a list of arguments; commands never go through a shell", at: node.location,
                  hint: "write [\(words)]")
            return nil
        }
        guard let argv = strings(node, field()) else { return nil }
        if argv.isEmpty {
            error("\(field()) may not be empty", at: node.location)
            return nil
        }
        return argv
    }

    /// A scalar value (parameters), kept with its type.
    func scalar(_ node: Node, _ field: @autoclosure () -> String) -> ScalarValue? {
        switch node.value {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d) where d.isFinite: return .double(d)
        case .string(let s): return .string(s)
        default:
            error("\(field()) must be a string, number or boolean, found \(node.kindName)", at: node.location)
            return nil
        }
    }
}

extension Double {
    /// `0.5`, `2` — without a trailing `.0` for whole numbers.
    var shortText: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
        return String(self)
    }
}
