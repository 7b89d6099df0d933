import Testing
@testable import Manifests

@Suite struct YAMLStructureTests {
    @Test(arguments: [
        ("a: 1\nb: two\n", #"[{"a":1,"b":"two"}]"#),
        ("a:\n  b:\n    c: 1\n  d: 2\ne: 3\n", #"[{"a":{"b":{"c":1},"d":2},"e":3}]"#),
        ("- a\n- b\n", #"[["a","b"]]"#),
        ("key:\n- a\n- b\nnext: 1\n", #"[{"key":["a","b"],"next":1}]"#),
        ("- key: value\n  other: 2\n- plain\n", #"[[{"key":"value","other":2},"plain"]]"#),
        ("- - a\n  - b\n- - c\n", #"[[["a","b"],["c"]]]"#),
        ("- a: 1\n  b:\n  - c\n  - d\n- e\n", #"[[{"a":1,"b":["c","d"]},"e"]]"#),
        ("-\n  a: 1\n-\n- x\n", #"[[{"a":1},null,"x"]]"#),
        ("a:\nb: ~\nc: null\n", #"[{"a":null,"b":null,"c":null}]"#),
        ("  a: 1\n  b: 2\n", #"[{"a":1,"b":2}]"#),
        ("a:    value   \nb:\tvalue2\n", #"[{"a":"value","b":"value2"}]"#),
        ("<<: merge\nx: 1\n", #"[{"<<":"merge","x":1}]"#),
        ("1: one\ntrue: yes\nnull: n\n", #"[{"1":"one","true":"yes","null":"n"}]"#),
        ("\"quoted key\": 1\n'single': 2\n\"\": empty\n", #"[{"quoted key":1,"single":2,"":"empty"}]"#),
        ("a : spaced\n", #"[{"a":"spaced"}]"#),
        ("url: http://x.y/z?a=b\ncolon: a:b\ndash: -x\nq: ?x\nhash: a#b\n", #"[{"url":"http://x.y/z?a=b","colon":"a:b","dash":"-x","q":"?x","hash":"a#b"}]"#),
        ("a: x # comment\n# whole line\nb: \"y\" # c\n", #"[{"a":"x","b":"y"}]"#),
        ("a: # nothing\n  # still nothing\nb: 1\n", #"[{"a":null,"b":1}]"#),
        ("a: 1\r\nb: 2\r\n", #"[{"a":1,"b":2}]"#),
        ("\u{FEFF}a: 1\n", #"[{"a":1}]"#),
        ("a: 1", #"[{"a":1}]"#),
    ])
    func blockCollections(yaml: String, json: String) throws {
        #expect(try compactJSON(ofYAML: yaml) == json)
    }

    @Test(arguments: [
        ("{a: 1, b: [x, y]}\n", #"[{"a":1,"b":["x","y"]}]"#),
        ("a: {x: 1,\n  y: [1,\n   2], z: \"q\n  r\"}\nb: [\n  ]\n", #"[{"a":{"x":1,"y":[1,2],"z":"q r"},"b":[]}]"#),
        ("[a, b, ]\n", #"[["a","b"]]"#),
        ("{a: 1, }\n", #"[{"a":1}]"#),
        ("[a, [b, [c, {d: [e]}]]]\n", #"[["a",["b",["c",{"d":["e"]}]]]]"#),
        ("{}\n", #"[{}]"#),
        ("[]\n", #"[[]]"#),
        ("{a, b: 2}\n", #"[{"a":null,"b":2}]"#),
        ("{\"a\":1, 'b':2}\n", #"[{"a":1,"b":2}]"#),
        ("[a: 1, b]\n", #"[[{"a":1},"b"]]"#),
        ("{a:b}\n", #"[{"a:b":null}]"#),
        ("[http://x, a:b]\n", #"[["http://x","a:b"]]"#),
        ("{a: }\n", #"[{"a":null}]"#),
        ("[multi\n  line, x]\n", #"[["multi line","x"]]"#),
        ("[a, # comment\n b]\n", #"[["a","b"]]"#),
        ("- [a, b]\n- {c: d}\n", #"[[["a","b"],{"c":"d"}]]"#),
        ("k: [yes, 1, 'q', \"d\"]\n", #"[{"k":["yes",1,"q","d"]}]"#),
    ])
    func flowCollections(yaml: String, json: String) throws {
        #expect(try compactJSON(ofYAML: yaml) == json)
    }

    @Test(arguments: [
        ("", "[]"),
        ("# only a comment\n\n", "[]"),
        ("---\na: 1\n---\n- 2\n...\n---\n\"three\"\n--- |\n  four\n---\n", #"[{"a":1},[2],"three","four\n",null]"#),
        ("---\n--- # comment\n...\n", "[null,null]"),
        ("a: 1\n...\nb: 2\n", #"[{"a":1},{"b":2}]"#),
        ("%YAML 1.2\n---\nx: 1\n", #"[{"x":1}]"#),
        ("plain scalar\n", #"["plain scalar"]"#),
        ("top\n  level\nscalar\n", #"["top level scalar"]"#),
        ("--- [a]\n--- text\n--- 'q'\n", #"[["a"],"text","q"]"#),
        ("---\n{a: [b, c], d: e}\n---\n[x, y]\n", #"[{"a":["b","c"],"d":"e"},["x","y"]]"#),
    ])
    func documents(yaml: String, json: String) throws {
        #expect(try compactJSON(ofYAML: yaml) == json)
    }

    @Test func documentLocationsAreTheirMarkersOrFirstNodes() throws {
        let documents = try YAMLReader.documents(in: "# c\n  a: 1\n---\nb: 2\n...\n\n- c\n")
        #expect(documents.map(\.location) == [
            SourceLocation(line: 2, column: 3),
            SourceLocation(line: 3, column: 1),
            SourceLocation(line: 7, column: 1),
        ])
    }

    @Test func nodesKeepTheirLinesAndColumns() throws {
        let yaml = """
        spec:
          data:
            - name: train
              path: "data/é.csv"
          flow: {a: [1, 22], é: x}
          text: |
            body
        """
        let spec = try #require(try root(ofYAML: yaml)["spec"])
        #expect(spec.location == SourceLocation(line: 2, column: 3))
        let data = try #require(spec["data"])
        #expect(data.location == SourceLocation(line: 3, column: 5))
        guard case .sequence(let items) = data.value, case .mapping(let pairs) = items[0].value else {
            Issue.record("expected a sequence of mappings")
            return
        }
        #expect(items[0].location == SourceLocation(line: 3, column: 7))
        #expect(pairs.map(\.keyLocation) == [SourceLocation(line: 3, column: 7), SourceLocation(line: 4, column: 7)])
        #expect(pairs[1].value.location == SourceLocation(line: 4, column: 13))
        let flow = try #require(spec["flow"])
        #expect(flow.location == SourceLocation(line: 5, column: 9))
        guard case .mapping(let flowPairs) = flow.value, case .sequence(let numbers) = flowPairs[0].value.value else {
            Issue.record("expected a flow mapping holding a sequence")
            return
        }
        #expect(numbers.map(\.location) == [SourceLocation(line: 5, column: 14), SourceLocation(line: 5, column: 17)])
        // Columns count Unicode scalars, so the two-byte 'é' is one column.
        #expect(flowPairs[1].keyLocation == SourceLocation(line: 5, column: 22))
        #expect(flowPairs[1].value.location == SourceLocation(line: 5, column: 25))
        #expect(spec["text"]?.location == SourceLocation(line: 6, column: 9))
    }

    @Test func emptyValuesSitRightAfterTheirIndicator() throws {
        let node = try root(ofYAML: "a:\nb: [x, ]\n")
        #expect(node["a"]?.location == SourceLocation(line: 1, column: 3))
        #expect(node["a"]?.value == .null)
    }
}
