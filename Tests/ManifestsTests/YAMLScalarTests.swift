import Testing
@testable import Manifests

@Suite struct YAMLScalarTests {
    /// The core schema on plain scalars, including the YAML 1.1 spellings it leaves as strings.
    @Test(arguments: [
        ("~", Node.Value.null), ("null", .null), ("Null", .null), ("NULL", .null), ("", .null),
        ("nULL", .string("nULL")), ("nil", .string("nil")), ("None", .string("None")),
        ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
        ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
        ("tRUE", .string("tRUE")), ("yes", .string("yes")), ("no", .string("no")), ("on", .string("on")),
        ("off", .string("off")), ("y", .string("y")), ("n", .string("n")), ("Yes", .string("Yes")),
        ("0", .int(0)), ("42", .int(42)), ("-17", .int(-17)), ("+1", .int(1)), ("-0", .int(0)),
        ("0777", .int(777)), ("0o17", .int(15)), ("0o0", .int(0)), ("0x1F", .int(31)), ("0xff", .int(255)),
        ("-0o17", .string("-0o17")), ("+0x1F", .string("+0x1F")), ("0o8", .string("0o8")), ("0xG", .string("0xG")),
        ("0x", .string("0x")), ("0b101", .string("0b101")), ("1_000", .string("1_000")), ("1,000", .string("1,000")),
        ("9223372036854775807", .int(Int.max)), ("-9223372036854775808", .int(Int.min)),
        ("1e3", .double(1000)), ("1E3", .double(1000)), ("1e-3", .double(0.001)), ("-1.5e+3", .double(-1500)),
        (".5", .double(0.5)), ("+.5", .double(0.5)), ("-.5", .double(-0.5)), ("1.", .double(1)), ("2.5", .double(2.5)),
        ("0.001", .double(0.001)), ("1.5e", .string("1.5e")), ("12e", .string("12e")), ("e3", .string("e3")),
        (".", .string(".")), ("-x", .string("-x")), ("+", .string("+")), ("1.2.3", .string("1.2.3")),
        (".inf", .double(.infinity)), (".Inf", .double(.infinity)), (".INF", .double(.infinity)),
        ("+.inf", .double(.infinity)), ("-.inf", .double(-.infinity)), ("-.Inf", .double(-.infinity)),
        (".iNF", .string(".iNF")), ("inf", .string("inf")), ("-.nan", .string("-.nan")),
        ("12:30:00", .string("12:30:00")), ("2024-01-01", .string("2024-01-01")), ("10m", .string("10m")),
        ("0.5s", .string("0.5s")), ("1 2", .string("1 2")),
    ])
    func coreSchema(plain: String, value: Node.Value) throws {
        #expect(try root(ofYAML: "k: \(plain)\n")["k"]?.value == value)
    }

    @Test(arguments: [".nan", ".NaN", ".NAN"])
    func notANumber(plain: String) throws {
        guard case .double(let number)? = try root(ofYAML: "k: \(plain)\n")["k"]?.value else {
            Issue.record("\(plain) is not a double")
            return
        }
        #expect(number.isNaN)
    }

    @Test(arguments: ["'1'", "\"true\"", "'null'", "\"~\"", "''", "\"0x1F\"", "|\n  42\n", ">-\n  .inf\n"])
    func quotedAndBlockScalarsAreStrings(scalar: String) throws {
        guard case .string? = try root(ofYAML: "k: \(scalar)\n")["k"]?.value else {
            Issue.record("\(scalar) did not read as a string")
            return
        }
    }

    @Test(arguments: [
        ("'it''s'", "it's"),
        ("'a\n  folded\n\n  here  '", "a folded\nhere  "),
        ("'trailing   \n  next'", "trailing next"),
        ("'# not a comment'", "# not a comment"),
        ("'\\n stays'", "\\n stays"),
        ("\"a\\tb\\nc\"", "a\tb\nc"),
        ("\"\\0\\a\\b\\t\\n\\v\\f\\r\\e\"", "\u{0}\u{7}\u{8}\t\n\u{B}\u{C}\r\u{1B}"),
        ("\"\\ \\\"\\/\\\\\"", " \"/\\"),
        ("\"\\N\\_\\L\\P\"", "\u{85}\u{A0}\u{2028}\u{2029}"),
        ("\"\\x41\\xe9\"", "A\u{E9}"),
        ("\"\\u00e9\\u20AC\"", "é€"),
        ("\"\\U0001F600\"", "😀"),
        ("\"\\\ttab\"", "\ttab"),
        ("\"multi\n  line\n\n  quoted\"", "multi line\nquoted"),
        ("\"keep \\\n  joined\"", "keep joined"),
        ("\"esc \\\n\n  x\"", "esc \nx"),
        ("\"spaces  \n  dropped\"", "spaces dropped"),
        ("\"escaped tab\\t\n  kept\"", "escaped tab\t kept"),
        ("\"\"", ""),
        ("plain\n  folded\n\n  lines", "plain folded\nlines"),
        ("a:b # c", "a:b"),
    ])
    func scalarText(scalar: String, text: String) throws {
        #expect(try root(ofYAML: "k: \(scalar)\n")["k"]?.value == .string(text))
    }

    /// Digits alone are an integer by the core schema, however many: beyond 64 bits they are
    /// refused, never read as an approximate float.
    @Test(arguments: ["0x1FFFFFFFFFFFFFFFF", "9223372036854775808", "-9223372036854775809", "+99999999999999999999"])
    func integerOutOfRangeIsRefused(plain: String) {
        let error = syntaxError(inYAML: "a: 1\nbig: \(plain)\n")
        #expect(error?.location == SourceLocation(line: 2, column: 6))
        #expect(error?.message.contains("is out of range") == true)
    }
}
