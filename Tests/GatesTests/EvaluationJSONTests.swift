import Foundation
import Pipelines
import Testing
@testable import Gates

/// The JSON of infer requests and responses, written and read by hand.
@Suite struct EvaluationJSONTests {
    static func parse(_ text: String) throws -> JSONValue { try JSONBytes.parse(Array(text.utf8)) }

    @Test func parsesEveryKindOfValue() throws {
        let value = try Self.parse(#" {"a": [1, -2.5e3, 0.125, true, false, null], "b": {"c": "d\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}, "e": []} "#)
        #expect(value == .object([
            "a": .array([.number(1), .number(-2500), .number(0.125), .bool(true), .bool(false), .null]),
            "b": .object(["c": .string("d\"\\/\u{8}\u{c}\n\r\té😀")]),
            "e": .array([]),
        ]))
    }

    @Test(arguments: ["", "01", "1.", ".5", "-", "1e", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "[1 2]", "\"abc", "\"a\u{1}\"", "tru",
                      "\"\\ud800\"", "\"\\x\"", "{1: 2}", "[1] 2", String(repeating: "[", count: 100) + String(repeating: "]", count: 100)])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(throws: JSONBytes.SyntaxError.self) { try Self.parse(text) }
    }

    @Test func stringsRoundTripThroughTheWriter() throws {
        let tricky = "quote \" backslash \\ newline \n nul \u{0} bell \u{7} é 中 😀"
        var out: [UInt8] = []
        JSONBytes.appendString(tricky, to: &out)
        #expect(try JSONBytes.parse(out) == .string(tricky))
        #expect(try JSONSerialization.jsonObject(with: Data(out), options: .fragmentsAllowed) as? String == tricky)
    }

    @Test func requestHasOneInputPerColumnWithTheRightType() throws {
        let features = [
            FeatureColumn(name: "x1", values: .numbers([0.5, 1e-5, -3, 2.5])),
            FeatureColumn(name: "country \"quoted\"", values: .texts(["north", "so\"uth", "", "é"])),
        ]
        let body = InferenceRequestBody.encode(features, rows: 1..<3)
        let request = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect((request["parameters"] as? [String: String]) == ["content_type": "pd"])
        let inputs = try #require(request["inputs"] as? [[String: Any]])
        #expect(inputs.count == 2)
        #expect(inputs[0]["name"] as? String == "x1")
        #expect(inputs[0]["datatype"] as? String == "FP64")
        #expect(inputs[0]["shape"] as? [Int] == [2])
        #expect(inputs[0]["data"] as? [Double] == [1e-5, -3])
        #expect(inputs[1]["name"] as? String == "country \"quoted\"")
        #expect(inputs[1]["datatype"] as? String == "BYTES")
        #expect(inputs[1]["data"] as? [String] == ["so\"uth", ""])
        #expect((inputs[1]["parameters"] as? [String: String]) == ["content_type": "str"])
    }

    static func decode(_ text: String, rows: Int) throws(InferenceResponseBody.Problem) -> Predictions {
        try InferenceResponseBody.decode(Array(text.utf8), rows: rows)
    }

    @Test func readsPredictionsAndPerClassProbabilities() throws {
        let predictions = try Self.decode(#"""
            {"model_name": "m", "outputs": [
              {"name": "probabilities", "shape": [3, 2], "datatype": "FP64", "data": [0.9, 0.1, 0.2, 0.8, 0.5, 0.5]},
              {"name": "predict", "shape": [3], "datatype": "INT64", "data": [0, 1, 1]}]}
            """#, rows: 3)
        #expect(predictions.labels == ["0", "1", "1"])
        #expect(predictions.numbers == [0, 1, 1])
        #expect(predictions.probabilities == .perClass(classes: nil, columns: 2, values: [0.9, 0.1, 0.2, 0.8, 0.5, 0.5]))
    }

    @Test func readsTheFirstOutputAsPredictionsWhenNoneIsNamedPredict() throws {
        let predictions = try Self.decode(#"""
            {"outputs": [{"name": "output-0", "shape": [2, 1], "datatype": "BYTES", "data": [["cat"], ["1.0"]]},
                         {"name": "probabilities", "shape": [2], "datatype": "FP64", "data": [0.25, 0.75],
                          "parameters": {"ignored": true}}]}
            """#, rows: 2)
        #expect(predictions.labels == ["cat", "1"])
        #expect(predictions.numbers == nil)
        #expect(predictions.probabilities == .positive([0.25, 0.75]))
    }

    @Test func readsClassNamesFromTheOutputsParameters() throws {
        let predictions = try Self.decode(#"""
            {"outputs": [{"name": "predict", "shape": [1], "datatype": "BYTES", "data": ["b"]},
                         {"name": "probabilities", "shape": [1, 2], "datatype": "FP64", "data": [0.3, 0.7],
                          "parameters": {"classes": ["b", "a"]}}]}
            """#, rows: 1)
        #expect(predictions.probabilities == .perClass(classes: ["b", "a"], columns: 2, values: [0.3, 0.7]))
    }

    @Test(arguments: [
        ("not json", "not JSON"),
        (#"{"outputs": []}"#, "no \"outputs\""),
        (#"{"error": "boom"}"#, "no \"outputs\""),
        (#"{"outputs": [{"name": "predict", "shape": [2], "data": [1, 0]}]}"#, "shape [2], expected [3]"),
        (#"{"outputs": [{"name": "predict", "shape": [3], "data": [1, 0]}]}"#, "has 2 values, but its shape [3] holds 3"),
        (#"{"outputs": [{"name": "predict", "shape": [3], "data": [1, null, 0]}]}"#, "neither a number nor a string"),
        (#"{"outputs": [{"shape": [3], "data": [1, 1, 0]}]}"#, "no \"name\""),
        (#"{"outputs": [{"name": "predict", "shape": [3]}]}"#, "no \"data\""),
        (#"{"outputs": [{"name": "predict", "shape": [3.5], "data": [1, 1, 0]}]}"#, "not a list of whole numbers"),
        (#"{"outputs": [{"name": "probabilities", "shape": [3], "data": [1, 1, 0]}]}"#, "only a \"probabilities\" output"),
        (#"{"outputs": [{"name": "predict", "shape": [3], "data": [1, 1, 0]}, {"name": "probabilities", "shape": [3], "data": [1, 1.5, 0]}]}"#,
         "not a probability"),
        (#"{"outputs": [{"name": "predict", "shape": [3], "data": [1, 1, 0]}, {"name": "probabilities", "shape": [2, 3], "data": [1, 0, 0, 1, 0, 0]}]}"#,
         "expected [3] or [3, k]"),
        (#"{"outputs": [{"name": "predict", "shape": [3], "data": [1, 1, 0]}, {"name": "probabilities", "shape": [3, 2], "data": [1, 0, 0, 1, 0, 1], "parameters": {"classes": ["a"]}}]}"#,
         "names 1 classes for 2 columns"),
    ])
    func malformedResponsesSayWhatIsWrong(_ text: String, _ phrase: String) {
        do {
            _ = try Self.decode(text, rows: 3)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.message.contains(phrase), "\(error.message)")
        }
    }
}
