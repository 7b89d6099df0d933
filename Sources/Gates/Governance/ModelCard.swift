import Manifests

/// The sections of a model card: the headings (any level) of a markdown card, or the top-level
/// keys of a YAML card, each with whether anything is written under it.
public struct ModelCard: Sendable, Equatable {
    public enum Format: String, Codable, Sendable { case markdown, yaml }

    /// One heading or key.
    public struct Section: Sendable, Equatable {
        public var title: String
        public var line: Int
        /// Whether the section holds text (its subsections' included); HTML comments, which
        /// card templates use as prompts, are not text.
        public var hasContent: Bool
    }

    public var format: Format
    public var sections: [Section]

    /// Reads `text`; a card whose file name ends in `.yaml` or `.yml` is YAML, any other markdown.
    public static func parse(_ text: String, file: String) throws(SyntaxError) -> ModelCard {
        if file.hasSuffix(".yaml") || file.hasSuffix(".yml") { return try yaml(text) }
        return ModelCard(format: .markdown, sections: MarkdownHeadings(text).sections)
    }

    /// The first section whose title is `name`, ignoring case, spacing, emphasis and a final colon.
    public func section(named name: String) -> Section? {
        let wanted = Self.normalised(name)
        return sections.first { Self.normalised($0.title) == wanted }
    }

    static func normalised(_ title: String) -> String {
        var text = title.trimmingCharacters(in: .whitespaces)
        while let last = text.last, ":*_`".contains(last) { text.removeLast() }
        while let first = text.first, "*_`".contains(first) { text.removeFirst() }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }

    private static func yaml(_ text: String) throws(SyntaxError) -> ModelCard {
        guard let document = try YAMLReader.documents(in: text).first else { return ModelCard(format: .yaml, sections: []) }
        guard case .mapping(let pairs) = document.root.value else {
            throw SyntaxError("a YAML model card is a mapping of section names to their text, found \(document.root.kindName)",
                              at: document.root.location)
        }
        return ModelCard(format: .yaml, sections: pairs.map {
            Section(title: $0.key, line: $0.keyLocation.line, hasContent: hasContent($0.value))
        })
    }

    private static func hasContent(_ node: Node) -> Bool {
        switch node.value {
        case .null: return false
        case .string(let text): return !text.allSatisfy(\.isWhitespace)
        case .sequence(let items): return items.contains(where: hasContent)
        case .mapping(let pairs): return pairs.contains { hasContent($0.value) }
        case .bool, .int, .double: return true
        }
    }
}
