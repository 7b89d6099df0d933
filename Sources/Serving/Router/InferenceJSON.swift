import Foundation
import HTTP

/// The JSON bodies the router writes and the one thing it reads from model answers.
enum InferenceJSON {
    /// A response with body `{"error": message}`, the shape KServe servers use for errors.
    static func error(_ status: Int, _ message: String) -> HTTPResponse {
        object(status, ["error": message])
    }

    /// A response whose body is `value` as JSON with sorted keys.
    static func object(_ status: Int, _ value: [String: Any]) -> HTTPResponse {
        let body = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data("{}".utf8)
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: headers, body: Array(body))
    }

    /// Whether an inference answer has no `outputs`, or an output whose `data` is null or missing:
    /// a server that answers 200 with nothing in it is failing quietly.
    static func hasNullOutputs(_ body: [UInt8]) -> Bool {
        guard let answer = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let outputs = answer["outputs"] as? [Any], !outputs.isEmpty
        else { return true }
        for output in outputs {
            guard let tensor = output as? [String: Any], let data = tensor["data"], !(data is NSNull) else { return true }
        }
        return false
    }
}
