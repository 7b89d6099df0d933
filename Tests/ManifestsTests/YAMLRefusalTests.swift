import Testing
@testable import Manifests

/// Every construct the strict reader refuses, with where it points and a word of its message.
@Suite struct YAMLRefusalTests {
    @Test(arguments: [
        ("a: &x 1\n", 1, 4, "anchors"),
        ("a: *x\n", 1, 4, "aliases"),
        ("- &anchor\n  b: 1\n", 1, 3, "anchors"),
        ("a: !!str 1\n", 1, 4, "tags"),
        ("a: !local x\n", 1, 4, "tags"),
        ("[!!int 1]\n", 1, 2, "tags"),
        ("a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key 'a' (first defined at line 1"),
        ("x:\n  'k': 1\n  k: 2\n", 3, 3, "duplicate key 'k' (first defined at line 2"),
        ("{a: 1, a: 2}\n", 1, 8, "duplicate key 'a'"),
        ("? a\n: b\n", 1, 1, "explicit keys"),
        ("{? a: b}\n", 1, 2, "explicit keys"),
        ("[a]: b\n", 1, 1, "flow collection cannot be a mapping key"),
        ("{[a]: b}\n", 1, 2, "flow collection cannot be a mapping key"),
        ("{a: 1}: b\n", 1, 1, "flow collection cannot be a mapping key"),
        ("a:\n\t- b\n", 2, 1, "tab character in indentation"),
        ("a:\n  b: 1\n\tc: 2\n", 3, 1, "tab character in indentation"),
        ("a: 1\n  b: 2\n", 2, 4, "unexpected ':'"),
        ("a: b: c\n", 1, 5, "unexpected ':'"),
        ("a:\n  - b\n  c: d\n", 3, 3, "indented more than the mapping"),
        ("a: [x]\n  b: 1\n", 2, 3, "indented more than the mapping"),
        ("- [a]\n  - b\n", 2, 3, "indented more than the sequence"),
        ("a: 1\n- b\n", 2, 1, "sequence entry cannot follow mapping entries"),
        ("- a\nb: 1\n", 2, 1, "unexpected content after the document"),
        ("a: 1\nb\nc: 2\n", 2, 1, "expected 'key: value'"),
        ("x: - a\n", 1, 4, "block sequence cannot start on this line"),
        ("a: \"unterminated\n", 1, 4, "unterminated quoted string"),
        ("a: 'open\n---\n", 1, 4, "unterminated quoted string"),
        ("a: [1, 2\nb: 3\n", 2, 1, "must start at column 2 or later"),
        ("a: [1, 2\n", 1, 4, "not closed; add ']'"),
        ("{a: 1\n", 1, 1, "not closed; add '}'"),
        ("[a\n---\n", 1, 1, "not closed"),
        ("a: {b: \"1\" c}\n", 1, 12, "expected ',' or '}'"),
        ("[a b c\n d] x\n", 2, 5, "unexpected text after the value"),
        ("[a, , b]\n", 1, 5, "missing entry"),
        ("[a, - b]\n", 1, 5, "block sequence entry"),
        ("a: \"\\q\"\n", 1, 5, "invalid escape '\\q'"),
        ("a: \"\\x4\"\n", 1, 5, "hexadecimal digits"),
        ("a: \"\\uD800\"\n", 1, 5, "names no Unicode character"),
        ("a: \"\\U00110000\"\n", 1, 5, "names no Unicode character"),
        ("a: \"x\"#c\n", 1, 7, "a comment needs a space"),
        ("a: \"x\" y\n", 1, 8, "unexpected text after the value"),
        ("a: |\n   \n  x\n", 2, 1, "leading empty line"),
        ("%TAG ! tag:x,2000:\n---\na\n", 1, 1, "%TAG"),
        ("%FOO bar\n---\na\n", 1, 1, "unknown directive"),
        ("%YAML 1.1\n---\na\n", 1, 7, "only YAML version 1.2"),
        ("%YAML 1.2\na: 1\n", 1, 1, "followed by '---'"),
        ("%YAML 1.2\n%YAML 1.2\n---\n", 1, 1, "second %YAML directive"),
        ("%YAML 1.2\n", 1, 1, "not followed by a document"),
        ("a: @x\n", 1, 4, "'@' cannot start a plain scalar"),
        ("a: `x\n", 1, 4, "'`' cannot start a plain scalar"),
        ("a: ]\n", 1, 4, "unexpected ']'"),
        ("[a, b]]\n", 1, 7, "unexpected text after the value"),
        ("{a: |\n b}\n", 1, 5, "block scalar"),
        (": v\n", 1, 1, "missing key"),
        ("a: \"x\ny\"\n", 2, 1, "continues a quoted string"),
        ("\"multi\n line\": 1\n", 1, 1, "a key must fit on one line"),
        ("a: 1\u{7}\n", 1, 5, "control character U+0007"),
        ("a: \u{90}\n", 1, 4, "control character U+0090"),
        ("--- a: b\n", 1, 6, "unexpected ':'"),
    ])
    func refusal(yaml: String, line: Int, column: Int, message: String) {
        let error = syntaxError(inYAML: yaml)
        #expect(error?.location == SourceLocation(line: line, column: column))
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test(arguments: [3, 16, 17, 40])
    func duplicateKeysAreFoundInLargeMappings(keys: Int) {
        let entries = (1...keys).map { "k\($0): \($0)" }
        let block = (entries + ["k\(keys): again"]).joined(separator: "\n") + "\n"
        #expect(syntaxError(inYAML: block)?.location == SourceLocation(line: keys + 1, column: 1))
        let early = (entries + ["k2: again"]).joined(separator: "\n")
        #expect(syntaxError(inYAML: early)?.message.contains("first defined at line 2") == true)
        let flow = "{" + (entries + ["k1: again"]).joined(separator: ", ") + "}"
        #expect(syntaxError(inYAML: flow)?.message.contains("duplicate key 'k1'") == true)
        #expect(syntaxError(inYAML: (entries).joined(separator: "\n")) == nil)
    }

    @Test func deepNestingIsRefusedInsteadOfExhaustingTheStack() {
        let deep = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect(syntaxError(inYAML: deep)?.message.contains("nested more than") == true)
        let deepBlock = (0..<300).map { String(repeating: " ", count: $0) + "- " }.joined() + "x\n"
        #expect(syntaxError(inYAML: deepBlock)?.message.contains("nested more than") == true)
    }
}
