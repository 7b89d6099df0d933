import Manifests

/// One option a command accepts.
struct OptionSpec: Sendable {
    var name: String
    /// Placeholder for the value (`DIR`, `REV`); nil for a flag.
    var value: String?
    var help: String
    var repeatable = false

    static func flag(_ name: String, _ help: String) -> OptionSpec { OptionSpec(name: name, value: nil, help: help) }
    static func value(_ name: String, _ value: String, _ help: String, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(name: name, value: value, help: help, repeatable: repeatable)
    }
}

/// What a command accepts, and the text of its `--help`.
struct CommandSpec: Sendable {
    var name: String
    var summary: String
    /// The positional part of the usage line, e.g. `PATH…`.
    var positionals: String = ""
    var minPositionals = 0
    var maxPositionals = 0
    var options: [OptionSpec] = []
    /// Extra paragraphs after the options.
    var discussion: String = ""

    var usage: String {
        let opts = options.map { o in o.value.map { "[--\(o.name) \($0)]" } ?? "[--\(o.name)]" }.joined(separator: " ")
        return ["slipway \(name)", opts, positionals].filter { !$0.isEmpty }.joined(separator: " ")
    }

    var help: String {
        var lines = ["\(summary)", "", "Usage: \(usage)", "", "Options:"]
        let all = options + [.flag("help", "Show this help.")]
        let width = all.map { "--\($0.name)\($0.value.map { " " + $0 } ?? "")".count }.max() ?? 0
        for o in all {
            let left = "--\(o.name)\(o.value.map { " " + $0 } ?? "")"
            lines.append("  " + left.padding(toLength: width + 2, withPad: " ", startingAt: 0) + o.help)
        }
        if !discussion.isEmpty { lines += ["", discussion] }
        return lines.joined(separator: "\n")
    }
}

/// A usage error: wrong flags or arguments. Exit status 2.
struct UsageError: Error, CustomStringConvertible {
    var description: String
}

/// The options and positionals of one command line, checked against a `CommandSpec`.
struct ParsedArguments: Sendable {
    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []
    private(set) var wantsHelp = false

    /// Parses `arguments`: `--name value`, `--name=value`, flags, `--` to end options.
    init(_ arguments: [String], spec: CommandSpec) throws(UsageError) {
        var rest = arguments[...]
        var optionsEnded = false
        while let argument = rest.popFirst() {
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" { optionsEnded = true; continue }
            if argument == "--help" || argument == "-h" { wantsHelp = true; continue }
            guard argument.hasPrefix("--") else {
                throw UsageError(description: "unknown option '\(argument)'; options are written --name")
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String? = nil
            if let eq = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let option = spec.options.first(where: { $0.name == name }) else {
                let hint = Suggestion.closest(to: name, among: spec.options.map(\.name) + ["help"]).map { " (did you mean --\($0)?)" } ?? ""
                throw UsageError(description: "unknown option '--\(name)' for 'slipway \(spec.name)'\(hint)")
            }
            if option.value == nil {
                if inlineValue != nil { throw UsageError(description: "--\(name) takes no value") }
                flags.insert(name)
                continue
            }
            guard let value = inlineValue ?? rest.popFirst() else {
                throw UsageError(description: "--\(name) needs a value (\(option.value!))")
            }
            if values[name] != nil && !option.repeatable {
                throw UsageError(description: "--\(name) is given twice")
            }
            values[name, default: []].append(value)
        }
        if wantsHelp { return }
        if positionals.count < spec.minPositionals {
            throw UsageError(description: "'slipway \(spec.name)' needs \(spec.positionals.isEmpty ? "arguments" : spec.positionals)")
        }
        if positionals.count > spec.maxPositionals {
            let extra = positionals[spec.maxPositionals...].joined(separator: " ")
            throw UsageError(description: "unexpected argument\(positionals.count - spec.maxPositionals > 1 ? "s" : "") '\(extra)'")
        }
    }

    /// The value of a single-valued option.
    func value(_ name: String) -> String? { values[name]?.last }
    /// Every value of a repeatable option.
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value of a duration option, at most `longest`; nil when the option is not given.
    func duration(_ name: String, allowZero: Bool = false, longest: Duration = DurationText.longest) throws(UsageError) -> Duration? {
        guard let text = value(name) else { return nil }
        guard let duration = DurationText.parse(text), allowZero || duration > .zero else {
            throw UsageError(description: "--\(name) takes a duration such as 500ms, 30s or 5m, found '\(text)'")
        }
        guard duration <= longest else {
            throw UsageError(description: "--\(name) may be at most \(DurationText.format(longest)), found '\(text)'")
        }
        return duration
    }

    /// The value of an option the command cannot do without.
    func required(_ name: String) throws(UsageError) -> String {
        guard let v = value(name) else { throw UsageError(description: "--\(name) is required") }
        return v
    }
}
