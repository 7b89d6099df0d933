import Testing
@testable import Manifests

@Suite struct JSONReaderTests {
    @Test(arguments: [
        (#"{"a": 1, "b": [true, false, null], "c": {"d": "e"}}"#, #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#),
        ("  [ ]  ", "[]"),
        ("{}", "{}"),
        ("\"text\"", "\"text\""),
        ("0", "0"), ("-0", "0"), ("-12", "-12"), ("1.5", "1.5"), ("1e3", "1000.0"), ("1E-2", "0.01"), ("2.0", "2.0"),
        ("9223372036854775807", "9223372036854775807"),
        ("9223372036854775808", "9.223372036854776e+18"),
        ("-9223372036854775808", "-9223372036854775808"),
        (#""\"\\\/\b\f\n\r\t""#, #""\"\\/\b\f\n\r\t""#),
        (#""\u00e9\u20ac\ud83d\ude00""#, "\"é€😀\""),
        (#""\u0001""#, #""\u0001""#),
        ("\r\n[1,\r\n 2]\r\n", "[1,2]"),
        (#"{"b": 1, "a": 2}"#, #"{"b":1,"a":2}"#),
    ])
    func reads(json: String, compact: String) throws {
        #expect(try JSONReader.document(in: json).root.jsonText(pretty: false) == compact)
    }

    @Test func numbersAreIntsOnlyWithoutFractionOrExponent() throws {
        let root = try JSONReader.document(in: "[1, 1.0, 1e0, -5]").root
        guard case .sequence(let items) = root.value else {
            Issue.record("expected an array")
            return
        }
        #expect(items.map(\.value) == [.int(1), .double(1), .double(1), .int(-5)])
    }

    @Test(arguments: [
        ("", 1, 1, "empty JSON text"),
        ("   \n  ", 2, 3, "empty JSON text"),
        ("[1,]", 1, 4, "expected a JSON value"),
        ("{\"a\": 1,}", 1, 9, "expected a key"),
        ("// c\n{}", 1, 1, "expected a JSON value"),
        ("{} x", 1, 4, "unexpected text after"),
        ("01", 1, 2, "leading zeros"),
        ("-", 1, 2, "expected a digit"),
        ("1.", 1, 3, "after the decimal point"),
        ("1e", 1, 3, "exponent"),
        (".5", 1, 1, "expected a JSON value"),
        ("+1", 1, 1, "expected a JSON value"),
        ("1e999", 1, 1, "out of range"),
        ("tru", 1, 1, "expected a JSON value"),
        ("'a'", 1, 1, "expected a JSON value"),
        ("{a: 1}", 1, 2, "expected a key in double quotes"),
        ("{\"a\" 1}", 1, 6, "expected ':'"),
        ("[1 2]", 1, 4, "expected ',' or ']'"),
        ("{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}'"),
        ("{\"a\": 1,\n \"a\": 2}", 2, 2, "duplicate key 'a' (first defined at line 1"),
        ("\"open", 1, 1, "unterminated string"),
        ("\"tab\there\"", 1, 5, "control characters must be escaped"),
        (#""\x41""#, 1, 2, "invalid escape"),
        (#""\u12G4""#, 1, 2, "four hexadecimal digits"),
        (#""\ud800""#, 1, 2, "lone high surrogate"),
        (#""\ud800\u0041""#, 1, 8, "expected a low surrogate"),
        (#""\udc00""#, 1, 2, "lone low surrogate"),
        ("[\n  1,\n  nul]", 3, 3, "expected a JSON value"),
        ("[\"é\", x]", 1, 7, "expected a JSON value"),
    ])
    func refuses(json: String, line: Int, column: Int, message: String) {
        do {
            _ = try JSONReader.document(in: json)
            Issue.record("\(json) was accepted")
        } catch {
            #expect(error.location == SourceLocation(line: line, column: column))
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func nodesKeepTheirLinesAndColumns() throws {
        let document = try JSONReader.document(in: "{\n  \"a\": [1,\n    {\"b\": null}]\n}")
        #expect(document.location == SourceLocation(line: 1, column: 1))
        guard case .mapping(let pairs) = document.root.value, case .sequence(let items) = pairs[0].value.value else {
            Issue.record("expected an object holding an array")
            return
        }
        #expect(pairs[0].keyLocation == SourceLocation(line: 2, column: 3))
        #expect(pairs[0].value.location == SourceLocation(line: 2, column: 8))
        #expect(items.map(\.location) == [SourceLocation(line: 2, column: 9), SourceLocation(line: 3, column: 5)])
        #expect(items[1]["b"]?.location == SourceLocation(line: 3, column: 11))
    }

    @Test func duplicateKeysAreFoundInLargeObjects() {
        let entries = (1...40).map { "\"k\($0)\": \($0)" }
        #expect(throws: SyntaxError.self) { try JSONReader.document(in: "{" + (entries + ["\"k7\": 0"]).joined(separator: ",") + "}") }
        #expect(throws: Never.self) { try JSONReader.document(in: "{" + entries.joined(separator: ",") + "}") }
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: SyntaxError.self) { try JSONReader.document(in: deep) }
    }
}
