/// The stream level: directives, document markers and the documents between them.
extension YAMLParser {
    /// Reads every document of the text.
    mutating func parseStream() throws(SyntaxError) -> [Document] {
        var documents: [Document] = []
        // The `%YAML` directive waiting for its document's `---`.
        var directive: SourceLocation?
        try skipToContent()
        while !atEnd {
            if pos == lineStart && peek() == 0x25 {
                if let directive {
                    throw SyntaxError("a second %YAML directive for the same document; keep one", at: directive)
                }
                directive = here
                try parseDirective()
                continue
            }
            let start = here
            if atDocumentMarker && peek() == Byte.dot {
                if let directive {
                    throw SyntaxError("this directive is not followed by a document; add '---' after it", at: directive)
                }
                pos += 3
                try endLine()
                try skipToContent()
                continue
            }
            let root: Node
            if atDocumentMarker {
                directive = nil
                pos += 3
                if !Byte.isBlank(peek()) { throw error("'---' must be followed by a space or the end of the line") }
                root = try parseBlockValue(parentIndent: -1, context: .document)
            } else {
                if let directive {
                    throw SyntaxError("a directive must be followed by '---' before the document", at: directive)
                }
                root = try parseBlockNode(indent: indent, parentIndent: -1)
            }
            documents.append(Document(root: root, location: start))
            if atEnd { break }
            guard atDocumentMarker else {
                throw error("unexpected content after the document's top-level node; fix its indentation, or start a new document with '---'")
            }
            if peek() == Byte.dot {
                pos += 3
                try endLine()
                try skipToContent()
            }
        }
        if let directive {
            throw SyntaxError("this directive is not followed by a document; add '---' and the document after it", at: directive)
        }
        return documents
    }

    /// Reads the `%` directive line at the cursor; only `%YAML 1.2` is accepted.
    private mutating func parseDirective() throws(SyntaxError) {
        let start = pos
        while !Byte.isBlank(peek()) { pos += 1 }
        let name = string(start..<pos)
        guard name == "%YAML" else {
            pos = start
            if name == "%TAG" {
                throw error("%TAG directives are not supported, since tags are not; remove it")
            }
            throw error("unknown directive '\(name)'; only '%YAML 1.2' is accepted")
        }
        skipWhite()
        let versionStart = pos
        while !Byte.isBlank(peek()) { pos += 1 }
        guard string(versionStart..<pos) == "1.2" else {
            pos = versionStart
            throw error("only YAML version 1.2 is supported; write '%YAML 1.2' or remove the directive")
        }
        try endLine()
        try skipToContent()
    }
}
