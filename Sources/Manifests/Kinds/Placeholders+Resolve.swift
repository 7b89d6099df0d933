/// A `${…}` in a command that the run cannot fill.
public struct PlaceholderError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The argument holding it, as written.
    public let argument: String
    /// Its position in the command (0 is the program).
    public let index: Int
    /// The name inside the braces, or nil when the braces are not closed.
    public let name: String?
    /// The names the run can fill.
    public let known: [String]

    /// What is wrong, where, and the closest known name.
    public var description: String {
        guard let name else {
            return "argument \(index) '\(argument)' opens '${' without closing it; write the placeholder as ${NAME}"
        }
        let choices = known.sorted().map { "${\($0)}" }.joined(separator: ", ")
        let guess = Suggestion.closest(to: name, among: known).map { "; did you mean ${\($0)}?" } ?? ""
        return "argument \(index) '\(argument)' uses ${\(name)}, which this run does not provide (it provides \(choices.isEmpty ? "none" : choices))\(guess)"
    }
}

extension Placeholders {
    /// Fills every `${NAME}` of `arguments` from `values` (keys like `data.train`, `output`,
    /// `params.C`); a `$` not followed by `{` stays as it is. Throws on the first name `values` lacks.
    public static func resolve(_ arguments: [String], with values: [String: String]) throws(PlaceholderError) -> [String] {
        var resolved: [String] = []
        for (index, argument) in arguments.enumerated() {
            var result = ""
            var rest = argument[...]
            while let open = rest.range(of: "${") {
                guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                    throw PlaceholderError(argument: argument, index: index, name: nil, known: Array(values.keys))
                }
                let name = String(rest[open.upperBound..<close])
                guard let value = values[name] else {
                    throw PlaceholderError(argument: argument, index: index, name: name, known: Array(values.keys))
                }
                result += rest[..<open.lowerBound]
                result += value
                rest = rest[rest.index(after: close)...]
            }
            resolved.append(result + rest)
        }
        return resolved
    }
}
