import Foundation
import Testing
@testable import Serving

/// The router's null-output check reads answers byte by byte; Foundation's parser is the reference
/// for what it must conclude.
@Suite struct RouterNullOutputTests {
    @Test(arguments: [
        (#"{"outputs":[{"name":"y","shape":[2],"datatype":"FP32","data":[1,2]}]}"#, false),
        (#"{"outputs":[{"name":"y","data":[1]},{"name":"z","data":[2]}]}"#, false),
        (#"{"outputs":[{"name":"y","data":null}]}"#, true),
        (#"{"outputs":[{"name":"y","data":[null]}]}"#, false),
        (#"{"outputs":[{"name":"y","data":0}]}"#, false),
        (#"{"outputs":[{"name":"y","data":"text"}]}"#, false),
        (#"{"outputs":[{"name":"y","data":false}]}"#, false),
        (#"{"outputs":[{"name":"y","data":{}}]}"#, false),
        (#"{"outputs":[{"name":"y"}]}"#, true),
        (#"{"outputs":[{}]}"#, true),
        (#"{"outputs":[]}"#, true),
        (#"{"outputs":null}"#, true),
        (#"{"outputs":{"data":[1]}}"#, true),
        (#"{"outputs":[[1]]}"#, true),
        (#"{"outputs":[{"data":[1]},3]}"#, true),
        (#"{"model_name":"m"}"#, true),
        (#"{}"#, true),
        // Only the top-level object's outputs count, however deep another key of that name sits.
        (#"{"model":{"outputs":[{"data":[1]}]}}"#, true),
        (#"{"outputs":[{"data":[1],"meta":{"outputs":[],"data":null}}]}"#, false),
        (#"{"outputs":[{"data":[1],"parameters":{"data":null}}]}"#, false),
        // Quotes, braces and key names inside strings are text, not structure.
        (#"{"outputs":[{"name":"a\"data\":null}","data":[1]}]}"#, false),
        (#"{"id":"\"outputs\":[]","outputs":[{"data":[1]}]}"#, false),
        (#"{"outputs":[{"name":"\\","data":[1]}]}"#, false),
        // Keys are compared once decoded.
        (#"{"out\u0070uts":[{"d\u0061ta":[1]}]}"#, false),
        (#"{"outputs":[{"d\u0061ta":null}]}"#, true),
        (#"{"Outputs":[{"data":[1]}]}"#, true),
        (#"{"outputs":[{"DATA":[1]}]}"#, true),
        (#"{"outputs":[{"data\u0000":[1]}]}"#, true),
        // A repeated key keeps its last value, as a dictionary does.
        (#"{"outputs":[],"outputs":[{"data":[1]}]}"#, false),
        (#"{"outputs":[{"data":[1]}],"outputs":[]}"#, true),
        (#"{"outputs":[{"data":null,"data":[1]}]}"#, false),
        (#"{"outputs":[{"data":[1],"data":null}]}"#, true),
        // Whitespace anywhere between tokens, and the trailing commas Foundation tolerates.
        (" \n{ \"outputs\" :\t[ {\r\n\"data\" : [ 1 ] } ] }\n ", false),
        (#"{"outputs":[{"data":[1,],},],}"#, false),
        // Numbers in every form Foundation reads, and the ones it refuses.
        (#"{"outputs":[{"data":[-0,0.5,1e5,1E-5,2e+3,-12.25e05]}]}"#, false),
        (#"{"outputs":[{"data":[1e308]}]}"#, false),
        (#"{"outputs":[{"data":[1e400]}]}"#, true),
        (#"{"outputs":[{"data":[-1E400]}]}"#, true),
        (#"{"outputs":[{"data":[1e-400]}]}"#, false),
        (#"{"outputs":[{"data":1e400,"data":[1]}]}"#, false),
        (#"{"outputs":[{"data":[01]}]}"#, true),
        (#"{"outputs":[{"data":[-01]}]}"#, true),
        (#"{"outputs":[{"data":[1.]}]}"#, true),
        (#"{"outputs":[{"data":[.5]}]}"#, true),
        (#"{"outputs":[{"data":[1e]}]}"#, true),
        (#"{"outputs":[{"data":[-]}]}"#, true),
        (#"{"outputs":[{"data":[+1]}]}"#, true),
        (#"{"outputs":[{"data":[1x]}]}"#, true),
        // Escapes: the valid ones, and those Foundation refuses.
        (#"{"outputs":[{"name":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00","data":[1]}]}"#, false),
        (#"{"outputs":[{"name":"\x","data":[1]}]}"#, true),
        (#"{"outputs":[{"name":"\u12","data":[1]}]}"#, true),
        (#"{"outputs":[{"name":"\ud800","data":[1]}]}"#, true),
        (#"{"outputs":[{"name":"\udc00","data":[1]}]}"#, true),
        (#"{"outputs":[{"name":"\ud800\u0041","data":[1]}]}"#, true),
        // Documents that are not one whole JSON object.
        (#"{"outputs":[{"data":[1]}]"#, true),
        (#"{"outputs":[{"data":[1]}]}}"#, true),
        (#"{"outputs":[{"data":[1]}]} x"#, true),
        (#"{"outputs":[{"data":[1]}]}{}"#, true),
        (#"{"outputs":[{"data":nul}]}"#, true),
        (#"{"outputs":[{"data":[1]},,]}"#, true),
        (#"{"outputs":[{"data" [1]}]}"#, true),
        (#"{"outputs":[{data:[1]}]}"#, true),
        (#"{,"outputs":[{"data":[1]}]}"#, true),
        (#"[{"outputs":[{"data":[1]}]}]"#, true),
        ("\"outputs\"", true),
        ("", true),
        ("   ", true),
        ("not json", true),
    ])
    func answersAreJudgedAsFoundationReadsThem(body: String, isNull: Bool) {
        #expect(InferenceJSON.hasNullOutputs(Array(body.utf8)) == isNull)
        #expect(Self.foundationVerdict(Array(body.utf8)) == isNull, "the table disagrees with Foundation")
    }

    @Test(arguments: [
        ("a byte order mark before the document", [0xEF, 0xBB, 0xBF] + Array(#"{"outputs":[{"data":[1]}]}"#.utf8), false),
        ("a byte order mark opening a key, which Foundation drops", Array(#"{"outputs":[{""#.utf8) + [0xEF, 0xBB, 0xBF]
            + Array(#"data":[1]}]}"#.utf8), false),
        ("a byte order mark inside a key", Array(#"{"outputs":[{"da"#.utf8) + [0xEF, 0xBB, 0xBF] + Array(#"ta":[1]}]}"#.utf8), true),
        ("two-byte UTF-8 in a string", Array(#"{"outputs":[{"name":""#.utf8) + [0xC3, 0xA9] + Array(#"","data":[1]}]}"#.utf8), false),
        ("four-byte UTF-8 in a string", Array(#"{"outputs":[{"name":""#.utf8) + [0xF0, 0x9F, 0x98, 0x80] + Array(#"","data":[1]}]}"#.utf8), false),
        ("an overlong encoding", Array(#"{"outputs":[{"name":""#.utf8) + [0xC0, 0x80] + Array(#"","data":[1]}]}"#.utf8), true),
        ("an encoded surrogate", Array(#"{"outputs":[{"name":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#"","data":[1]}]}"#.utf8), true),
        ("a sequence past U+10FFFF", Array(#"{"outputs":[{"name":""#.utf8) + [0xF4, 0x90, 0x80, 0x80] + Array(#"","data":[1]}]}"#.utf8), true),
        ("a cut-short sequence", Array(#"{"outputs":[{"name":""#.utf8) + [0xE2, 0x82] + Array(#"","data":[1]}]}"#.utf8), true),
        ("a control byte in a string", Array(#"{"outputs":[{"name":"a"#.utf8) + [0x0A] + Array(#"b","data":[1]}]}"#.utf8), true),
        ("UTF-16 little-endian, which Foundation decodes", Self.utf16LittleEndian(#"{"outputs":[{"data":[1]}]}"#), false),
        ("UTF-16 little-endian with null data", Self.utf16LittleEndian(#"{"outputs":[{"data":null}]}"#), true),
    ] as [(String, [UInt8], Bool)])
    func bytesBeyondASCIIAreJudgedAsFoundationReadsThem(_ what: String, body: [UInt8], isNull: Bool) {
        #expect(InferenceJSON.hasNullOutputs(body) == isNull, "\(what)")
        #expect(Self.foundationVerdict(body) == isNull, "the table disagrees with Foundation: \(what)")
    }

    @Test(arguments: [(509, false), (510, true)])
    func nestingStopsWhereFoundationStops(levels: Int, isNull: Bool) {
        // Three levels are the answer's own object, outputs array and tensor.
        let nested = String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
        let body = Array(#"{"outputs":[{"data":\#(nested)}]}"#.utf8)
        #expect(InferenceJSON.hasNullOutputs(body) == isNull)
        #expect(Self.foundationVerdict(body) == isNull)
    }

    @Test func generatedAnswersAgreeWithFoundation() {
        var generator = AnswerGenerator(seed: 0x5EED_1234)
        var nullCount = 0
        for _ in 0..<3000 {
            let body = generator.answer()
            let expected = Self.foundationVerdict(body)
            if expected { nullCount += 1 }
            #expect(InferenceJSON.hasNullOutputs(body) == expected, "\(String(decoding: body, as: UTF8.self))")
        }
        // The corpus is only worth something if it holds both verdicts in quantity.
        #expect(nullCount > 300 && nullCount < 2700)
    }

    /// What the router concluded when it parsed every answer with `JSONSerialization`.
    static func foundationVerdict(_ body: [UInt8]) -> Bool {
        guard let answer = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let outputs = answer["outputs"] as? [Any], !outputs.isEmpty
        else { return true }
        for output in outputs {
            guard let tensor = output as? [String: Any], let data = tensor["data"], !(data is NSNull) else { return true }
        }
        return false
    }

    static func utf16LittleEndian(_ text: String) -> [UInt8] {
        text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
    }
}

/// Deterministic inference answers, mostly well formed, some damaged, with the keys, escapes and
/// numbers that could trip a byte reader.
private struct AnswerGenerator {
    private var state: UInt64
    private let keys = [
        "outputs", "data", "name", "shape", #"d\u0061ta"#, #"out\u0070uts"#, "DATA", #"a\"b"#, "data ", "dat\u{430}",
    ]
    private let atoms = [
        "null", "true", "false", "0", "-0", "7", "1.5", "-2e10", "1E-3", "1e400", "1e-400", "01", "1.", "nul",
        #""s""#, #""\ud83d\ude00""#, #""\ud800""#, #""\q""#, "\"\u{e9}\"", "[]", "{}", "[null]", "[1,]",
    ]

    private static let structural = Array(#"{}[]",:0an\ "#.utf8)

    init(seed: UInt64) {
        state = seed
    }

    mutating func answer() -> [UInt8] {
        var text = below(5) == 0 ? value(depth: 0) : #"{"outputs":"# + tensors(depth: 0) + (below(3) == 0 ? #","model_name":"m"# : "") + "}"
        if below(6) == 0 { text = " " + text + "\n" }
        var bytes = Array(text.utf8)
        // Damage one answer in three: drop, change or insert a byte, or cut the rest off.
        if below(3) == 0, !bytes.isEmpty {
            let at = below(bytes.count)
            switch below(4) {
            case 0: bytes.remove(at: at)
            case 1: bytes[at] = Self.structural[below(Self.structural.count)]
            case 2: bytes.insert(UInt8(below(256)), at: at)
            default: bytes.removeSubrange(at...)
            }
        }
        return bytes
    }

    private mutating func value(depth: Int) -> String {
        switch below(depth > 2 ? 2 : 4) {
        case 0, 1: return atoms[below(atoms.count)]
        case 2: return "[" + (0..<below(3)).map { _ in value(depth: depth + 1) }.joined(separator: ",") + "]"
        default: return object(depth: depth + 1)
        }
    }

    private mutating func object(depth: Int) -> String {
        let members = (0..<below(4)).map { _ in
            "\"\(keys[below(keys.count)])\":" + (below(4) == 0 ? tensors(depth: depth) : value(depth: depth))
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    private mutating func tensors(depth: Int) -> String {
        "[" + (0..<below(3)).map { _ in
            below(5) == 0 ? value(depth: depth + 1) : #"{"name":"y","data":"# + value(depth: depth + 1) + "}"
        }.joined(separator: ",") + "]"
    }

    private mutating func below(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }
}
