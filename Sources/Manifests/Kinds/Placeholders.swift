/// The `${…}` placeholders of commands, and which may appear where.
public enum Placeholders {
    /// The placeholders allowed in one kind of command.
    public struct Allowed: Sendable {
        var data = false, output = false, params = false, artifact = false, port = false, steps = false, reports = false

        static let training = Allowed(data: true, output: true, params: true)
        static let pipelineStep = Allowed(data: true, output: true, params: true, steps: true)
        static let serving = Allowed(params: true, artifact: true, port: true)
        /// A test command: the model's data and parameters, and a folder for JUnit reports.
        static let gateCommand = Allowed(data: true, params: true, artifact: true, reports: true)
        /// An explainer: the candidate's artifact and data; it prints importances or writes them to `${output}`.
        static let explainer = Allowed(data: true, output: true, params: true, artifact: true)
    }

    /// Every `${…}` in `text`, as the inside of the braces.
    public static func names(in text: String) -> [String] {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return [] }
        var names: [String] = []
        let bytes = text.utf8
        var i = bytes.startIndex
        while let dollar = bytes[i...].firstIndex(of: UInt8(ascii: "$")) {
            let brace = bytes.index(after: dollar)
            guard brace < bytes.endIndex, bytes[brace] == UInt8(ascii: "{") else {
                i = brace
                continue
            }
            let start = bytes.index(after: brace)
            guard let close = bytes[start...].firstIndex(of: UInt8(ascii: "}")) else { break }
            names.append(String(text[start..<close]))
            i = bytes.index(after: close)
        }
        return names
    }

    /// Whether `text` opens a `${` that no `}` closes.
    static func hasUnclosed(_ text: String) -> Bool {
        var open = false
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if previous == UInt8(ascii: "$") && byte == UInt8(ascii: "{") { open = true }
            if byte == UInt8(ascii: "}") { open = false }
            previous = byte
        }
        return open
    }

    /// Reports placeholders that are unknown, not allowed here, or name a missing data set or parameter.
    static func check(_ argv: [String], _ field: String, at location: SourceLocation, allowed: Allowed,
                      data: Set<String>, params: Set<String>, steps: Set<String> = [], _ context: DecodingContext) {
        for argument in argv where argument.utf8.contains(UInt8(ascii: "$")) {
            if hasUnclosed(argument) {
                context.error("\(field): '\(argument)' opens '${' without closing it", at: location)
            }
            for name in names(in: argument) {
                let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
                switch (parts.first ?? "", parts.count) {
                case ("data", 2) where allowed.data:
                    if !data.contains(parts[1]) {
                        context.error("\(field): ${\(name)} names data set '\(parts[1])', which spec.data does not declare", at: location,
                                      hint: Suggestion.hint(for: parts[1], among: Array(data)))
                    }
                case ("params", 2) where allowed.params:
                    if !params.contains(parts[1]) {
                        context.error("\(field): ${\(name)} names parameter '\(parts[1])', which params does not set", at: location,
                                      hint: Suggestion.hint(for: parts[1], among: Array(params)))
                    }
                case ("steps", 2) where allowed.steps:
                    if !steps.contains(parts[1]) {
                        context.error("\(field): ${\(name)} names step '\(parts[1])', which is not among this step's 'needs'", at: location)
                    }
                case ("output", 1) where allowed.output, ("artifact", 1) where allowed.artifact,
                     ("port", 1) where allowed.port, ("reports", 1) where allowed.reports:
                    continue
                default:
                    context.error("\(field): ${\(name)} is not a placeholder that can be used here", at: location,
                                  hint: "here you may use \(allowed.words.joined(separator: ", "))")
                }
            }
        }
    }
}

extension Placeholders.Allowed {
    var words: [String] {
        var w: [String] = []
        if data { w.append("${data.NAME}") }
        if params { w.append("${params.NAME}") }
        if steps { w.append("${steps.NAME}") }
        if output { w.append("${output}") }
        if artifact { w.append("${artifact}") }
        if port { w.append("${port}") }
        if reports { w.append("${reports}") }
        return w
    }
}
