import Testing
@testable import Manifests

/// Literal and folded block scalars; expectations worked out from the YAML 1.2.2 rules for
/// chomping, indentation indicators and folding (chapter 8.1).
@Suite struct YAMLBlockScalarTests {
    @Test(arguments: [
        // Literal with each chomping indicator, then trailing empty lines.
        ("k: |\n  a\n  b\n\n\nx: 1\n", "a\nb\n"),
        ("k: |-\n  a\n  b\n\n\nx: 1\n", "a\nb"),
        ("k: |+\n  a\n  b\n\n\nx: 1\n", "a\nb\n\n\n"),
        ("k: |\n  text", "text"),
        ("k: |+\n  text", "text"),
        ("k: |\n  line1\n    more\n  line3\n", "line1\n  more\nline3\n"),
        ("k: |\n\n  leading\n", "\nleading\n"),
        ("k: |\n  a\n\n  b\n", "a\n\nb\n"),
        ("k: |\n  # not a comment\n  x\n", "# not a comment\nx\n"),
        ("k: |\n    a\n  # trailing comment\nx: 1\n", "a\n"),
        ("k: |\n  tab\there\n", "tab\there\n"),
        ("k: |\nx: 1\n", ""),
        ("k: |+\n\nx: 1\n", "\n"),
        ("k: |-\n\n\nx: 1\n", ""),
        ("k: | # comment\n  a\n", "a\n"),
        // Explicit indentation indicators, alone and with chomping in both orders.
        ("k: |2\n    two more\n  base\n", "  two more\nbase\n"),
        ("k: |1\n  explicit\n", " explicit\n"),
        ("k: |2-\n    x\n", "  x"),
        ("k: |-2\n    x\n", "  x"),
        ("k: >+1\n  a\n\n", " a\n\n"),
        ("- |1\n  explicit\n", " explicit\n"),
        // Folded: plain lines fold to spaces, empty lines stay, more-indented lines keep breaks.
        ("k: >\n  a\n  b\n\n  c\n", "a b\nc\n"),
        ("k: >\n  a\n\n\n  b\n", "a\n\nb\n"),
        ("k: >\n  a\n    d\n  e\n", "a\n  d\ne\n"),
        ("k: >\n  a\n\n    d\n\n  e\n", "a\n\n  d\n\ne\n"),
        ("k: >-\n   x\n\n   y\n  # end\n", "x\ny"),
        ("k: >+\n  keep\n\n", "keep\n\n"),
        ("k: >\n \n  \n  # detected\n", "\n\n# detected\n"),
        ("k: >\n  one\n  two\n\n\n  three\n\n", "one two\n\nthree\n"),
        ("k: >\n  a\n  \tb\n  c\n", "a\n\tb\nc\n"),
        // Spec example 8.10-8.13: folded lines, spaced lines, empty lines, final chomping.
        (">\n\n folded\n line\n\n next\n line\n   * bullet\n\n   * list\n   * lines\n\n last\n line\n\n# Comment\n",
         "\nfolded line\nnext line\n  * bullet\n\n  * list\n  * lines\n\nlast line\n"),
        ("- >\n folded\n text\n- |\n lit\n text\n", "folded text\n"),
        ("--- |\n  four\n", "four\n"),
        ("|\nat column one\n", "at column one\n"),
    ])
    func blockScalar(yaml: String, text: String) throws {
        let node = try root(ofYAML: yaml)
        let value: Node.Value?
        switch node.value {
        case .mapping: value = node["k"]?.value
        case .sequence(let items): value = items.first?.value
        default: value = node.value
        }
        #expect(value == .string(text))
    }

    @Test func lessIndentedTextEndsTheScalarAndIsThenRefused() {
        let error = syntaxError(inYAML: "a: |\n   x\n  y\n")
        #expect(error?.location == SourceLocation(line: 3, column: 3))
    }

    @Test(arguments: [
        ("k: |\n   \n  x\n", 2, 1),
        ("k: |0\n  x\n", 1, 5),
        ("k: |++\n  x\n", 1, 6),
        ("k: |x\n", 1, 5),
        ("k: |#c\n", 1, 5),
    ])
    func badHeadersAndIndentationAreRefused(yaml: String, line: Int, column: Int) {
        #expect(syntaxError(inYAML: yaml)?.location == SourceLocation(line: line, column: column))
    }
}
