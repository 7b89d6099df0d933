/// The headings of a markdown text (ATX `#` headings and setext underlined ones, outside fenced
/// code and front matter), and whether each section has text before the next heading of the same
/// or a higher level.
struct MarkdownHeadings {
    private struct Heading {
        var title: String
        var level: Int
        var line: Int
    }

    private(set) var sections: [ModelCard.Section] = []

    init(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        var headings: [Heading] = []
        var content = [Bool](repeating: false, count: lines.count)
        // Lines of paragraph text: only those can be underlined into a setext heading.
        var paragraph = [Bool](repeating: false, count: lines.count)
        var fence: Substring? = nil
        var inComment = false
        var index = Self.frontMatterEnd(lines)
        while index < lines.count {
            let line = lines[index]
            let body = line.drop(while: { $0 == " " })
            if let open = fence {
                if body.hasPrefix(open) { fence = nil }
                content[index] = true
            } else if line.count - body.count < 4, let marker = Self.fenceMarker(body) {
                fence = marker
                content[index] = true
            } else if let heading = Self.atx(body, indent: line.count - body.count, line: index + 1) {
                headings.append(heading)
            } else if let level = Self.setextLevel(body, indent: line.count - body.count) {
                // Under paragraph text the line makes a heading of it; elsewhere it is a rule, not text.
                if index > 0, paragraph[index - 1] {
                    content[index - 1] = false
                    headings.append(Heading(title: lines[index - 1].trimmingCharacters(in: .whitespaces), level: level, line: index))
                }
            } else {
                content[index] = Self.hasText(line, inComment: &inComment)
                paragraph[index] = content[index]
            }
            index += 1
        }
        for (position, heading) in headings.enumerated() {
            let end = headings[(position + 1)...].first(where: { $0.level <= heading.level }).map { $0.line - 1 } ?? lines.count
            let bodyLines = heading.line..<max(heading.line, end)
            sections.append(ModelCard.Section(title: heading.title, line: heading.line,
                                              hasContent: bodyLines.contains { content[$0] }))
        }
    }

    /// The index of the first line after a `---` front matter block at the top, or 0.
    private static func frontMatterEnd(_ lines: [String]) -> Int {
        guard lines.first == "---" else { return 0 }
        guard let close = lines.dropFirst().firstIndex(where: { $0 == "---" || $0 == "..." }) else { return 0 }
        return close + 1
    }

    /// The fence that opens a code block (three or more backticks or tildes).
    private static func fenceMarker(_ body: Substring) -> Substring? {
        guard let first = body.first, first == "`" || first == "~" else { return nil }
        let run = body.prefix(while: { $0 == first })
        return run.count >= 3 ? run : nil
    }

    /// An ATX heading: up to three spaces, one to six `#`, then a space or the end of the line.
    private static func atx(_ body: Substring, indent: Int, line: Int) -> Heading? {
        guard indent < 4 else { return nil }
        let hashes = body.prefix(while: { $0 == "#" })
        guard (1...6).contains(hashes.count) else { return nil }
        let rest = body.dropFirst(hashes.count)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var title = rest.trimmingCharacters(in: .whitespaces)
        // An optional closing sequence of `#` after a space is no part of the title.
        let closing = title.reversed().prefix(while: { $0 == "#" }).count
        if closing > 0, closing == title.count || title.dropLast(closing).last == " " {
            title = String(title.dropLast(closing)).trimmingCharacters(in: .whitespaces)
        }
        return Heading(title: title, level: hashes.count, line: line)
    }

    /// The level of a setext underline (`===` is 1, `---` is 2).
    private static func setextLevel(_ body: Substring, indent: Int) -> Int? {
        guard indent < 4, let first = body.first, first == "=" || first == "-" else { return nil }
        let trimmed = body.trimmingCharacters(in: .whitespaces)
        guard trimmed.allSatisfy({ $0 == first }) else { return nil }
        return first == "=" ? 1 : 2
    }

    /// Whether `line` has text outside HTML comments; `inComment` carries an open comment to the next line.
    private static func hasText(_ line: String, inComment: inout Bool) -> Bool {
        var rest = Substring(line)
        var text = false
        while !rest.isEmpty {
            if inComment {
                guard let close = rest.range(of: "-->") else { return text }
                rest = rest[close.upperBound...]
                inComment = false
            } else if let open = rest.range(of: "<!--") {
                text = text || !rest[..<open.lowerBound].allSatisfy(\.isWhitespace)
                rest = rest[open.upperBound...]
                inComment = true
            } else {
                return text || !rest.allSatisfy(\.isWhitespace)
            }
        }
        return text
    }
}
