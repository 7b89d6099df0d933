import Testing
@testable import Manifests

@Suite struct JSONTextTests {
    @Test func prettyTextIndentsByTwoSpacesAndKeepsKeyOrder() throws {
        let documents = try YAMLReader.documents(in: "b: [1, {c: x}]\na: {}\nd: []\n---\nplain\n")
        #expect(documents.jsonText(pretty: true) == """
        [
          {
            "b": [
              1,
              {
                "c": "x"
              }
            ],
            "a": {},
            "d": []
          },
          "plain"
        ]
        """)
        #expect([Document]().jsonText(pretty: true) == "[]")
    }

    @Test(arguments: [
        ("q\"b\\s/", #""q\"b\\s/""#),
        ("\n\r\t\u{8}\u{C}", #""\n\r\t\b\f""#),
        ("\u{0}\u{1F}\u{7F}", "\"\\u0000\\u001F\u{7F}\""),
        ("é😀\u{2028}", "\"é😀\u{2028}\""),
    ])
    func stringsAreEscaped(text: String, json: String) {
        let at = SourceLocation(line: 1, column: 1)
        #expect(Node(.string(text), at: at).jsonText(pretty: false) == json)
    }

    @Test(arguments: [
        (Node.Value.double(.infinity), #"".inf""#),
        (.double(-.infinity), #""-.inf""#),
        (.double(.nan), #"".nan""#),
        (.double(0.1), "0.1"),
        (.double(1e16), "1e+16"),
        (.double(-0.0), "-0.0"),
        (.double(.leastNonzeroMagnitude), "5e-324"),
        (.int(Int.min), "-9223372036854775808"),
    ])
    func numbers(value: Node.Value, json: String) {
        #expect(Node(value, at: SourceLocation(line: 1, column: 1)).jsonText(pretty: false) == json)
    }

    /// YAML read, printed as JSON, read back as JSON: the same values (locations aside).
    @Test(arguments: [
        "a: 1\nb: [x, 2.5, -3, true, ~]\nc: {d: \"\\u00e9\\t\\\"\", e: 'it''s'}\n",
        "- |\n  lit\n   text\n- >-\n  folded\n  text\n- 0x1F\n- 0o17\n- 1e300\n- 0.1\n- -0.0\n",
        "nested:\n  - - a\n    - {b: [c, {d: e}]}\n  - \"\\U0001F600 \\x00 \\e\"\n",
        "{}\n",
        "'single'\n",
    ])
    func roundTrip(yaml: String) throws {
        let fromYAML = try root(ofYAML: yaml)
        for pretty in [false, true] {
            let fromJSON = try JSONReader.document(in: fromYAML.jsonText(pretty: pretty)).root
            #expect(withoutLocations(fromJSON) == withoutLocations(fromYAML))
        }
    }

    /// The node with every location set to 1:1, to compare values only.
    private func withoutLocations(_ node: Node) -> Node {
        let at = SourceLocation(line: 1, column: 1)
        switch node.value {
        case .sequence(let items):
            return Node(.sequence(items.map(withoutLocations)), at: at)
        case .mapping(let pairs):
            return Node(.mapping(pairs.map { Node.Pair(key: $0.key, keyLocation: at, value: withoutLocations($0.value)) }), at: at)
        default:
            return Node(node.value, at: at)
        }
    }
}
