import Testing
@testable import Manifests

/// Places where the reader once strayed from YAML 1.2: each case reads as the specification says,
/// or is refused where it forbids the text.
@Suite struct YAMLConformanceTests {
    /// Tabs may separate a scalar from its indicator, never indent a collection or a block
    /// scalar's line (yaml-test-suite Y79Y, 6BCT).
    @Test(arguments: [
        ("-\t-\n", 1, 3),
        ("- \t- x\n", 1, 4),
        ("-\ta: 1\n", 1, 3),
        ("- \tkey: value\n", 1, 4),
        ("foo: |\n\t\nbar: 1\n", 2, 1),
        ("foo: |\n  a\n \t\nbar: 1\n", 3, 2),
    ])
    func tabsWhereYAMLIndentsAreRefused(yaml: String, line: Int, column: Int) {
        let error = syntaxError(inYAML: yaml)
        #expect(error?.location == SourceLocation(line: line, column: column), "\(String(describing: error))")
        #expect(error?.message.contains("tab character") == true)
    }

    @Test(arguments: [
        ("-\t-1\n", #"[[-1]]"#),
        ("- foo:\t bar\n-\tbaz\n", #"[[{"foo":"bar"},"baz"]]"#),
        ("foo: |\n \t\nbar: 1\n", #"[{"foo":"\t\n","bar":1}]"#),
        ("k: |\n  \ta\n", #"[{"k":"\ta\n"}]"#),
    ])
    func tabsThatSeparateOrBelongToTheTextAreRead(yaml: String, json: String) throws {
        #expect(try compactJSON(ofYAML: yaml) == json)
    }

    /// A kept block scalar keeps every line break it has, and indentation alone at the very end,
    /// with no line break, adds nothing.
    @Test(arguments: [
        ("k: |+\n  a\n  ", "a\n"),
        ("k: |+\n  a\n\n  ", "a\n\n"),
        ("k: |+\n  a\n  \n  ", "a\n\n"),
        ("k: |+\n  a\n   ", "a\n "),
        ("k: |+\n  a\n  \n", "a\n\n"),
    ])
    func keptBlockScalarsKeepExactlyTheirLines(yaml: String, text: String) throws {
        #expect(try root(ofYAML: yaml)["k"]?.value == .string(text))
    }

    /// A byte order mark may begin the text; anywhere else it is refused rather than read into a key.
    @Test func aByteOrderMarkOnlyBeginsTheText() throws {
        #expect(try root(ofYAML: "\u{FEFF}a: 1\n")["a"]?.value == .int(1))
        let inside = syntaxError(inYAML: "a: 1\n\u{FEFF}b: 2\n")
        #expect(inside?.location == SourceLocation(line: 2, column: 1))
        #expect(inside?.message.contains("byte order mark") == true)
        #expect(syntaxError(inYAML: "a: 1\n---\n\u{FEFF}b: 2\n")?.location == SourceLocation(line: 3, column: 1))
    }

    /// U+FFFE and U+FFFF are not printable characters in YAML; escaped in a double-quoted string they are.
    @Test(arguments: ["\u{FFFE}", "\u{FFFF}"])
    func nonCharactersAreRefused(character: String) throws {
        let error = syntaxError(inYAML: "a: x\(character)\n")
        #expect(error?.location == SourceLocation(line: 1, column: 5))
        #expect(error?.message.contains("non-character U+FFF") == true)
        #expect(try root(ofYAML: #"a: "\uFFFE""# + "\n")["a"]?.value == .string("\u{FFFE}"))
    }
}
