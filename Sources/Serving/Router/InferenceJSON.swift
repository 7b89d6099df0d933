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
    /// a server that answers 200 with nothing in it is failing quietly. Malformed JSON counts too.
    ///
    /// Runs on the loop thread for every 200 answer, so it walks the bytes once and builds nothing.
    static func hasNullOutputs(_ body: [UInt8]) -> Bool {
        if mayBeWideUnicode(body) { return foundationHasNullOutputs(body) }
        let verdict = body.withUnsafeBufferPointer { buffer -> Bool? in
            var reader = JSONByteReader(buffer)
            do throws(JSONByteReader.Malformed) {
                let nullOutputs = try answerHasNullOutputs(&reader)
                return reader.sawHugeNumber ? nil : nullOutputs
            } catch {
                return true
            }
        }
        return verdict ?? foundationHasNullOutputs(body)
    }

    /// Reads the top-level object; like a dictionary lookup, the last `outputs` member decides.
    private static func answerHasNullOutputs(_ reader: inout JSONByteReader) throws(JSONByteReader.Malformed) -> Bool {
        guard try reader.atObject() else { return true }
        var nullOutputs = true
        if try reader.open() {
            repeat {
                if try reader.key(is: "outputs") {
                    nullOutputs = try outputsHaveNull(&reader)
                } else {
                    try reader.skipValue()
                }
            } while try reader.nextMember()
        }
        try reader.end()
        return nullOutputs
    }

    /// Reads an `outputs` value: anything but a non-empty array of tensors that all have data is null output.
    private static func outputsHaveNull(_ reader: inout JSONByteReader) throws(JSONByteReader.Malformed) -> Bool {
        guard try reader.atArray() else {
            try reader.skipValue()
            return true
        }
        guard try reader.open() else { return true }
        var anyNull = false
        repeat {
            if try !tensorHasData(&reader) { anyNull = true }
        } while try reader.nextElement()
        return anyNull
    }

    /// Reads one output tensor; it has data when it is an object whose last `data` member is not null.
    private static func tensorHasData(_ reader: inout JSONByteReader) throws(JSONByteReader.Malformed) -> Bool {
        guard try reader.atObject() else {
            try reader.skipValue()
            return false
        }
        var hasData = false
        if try reader.open() {
            repeat {
                if try reader.key(is: "data") {
                    hasData = try !reader.valueIsNull()
                } else {
                    try reader.skipValue()
                }
            } while try reader.nextMember()
        }
        return hasData
    }

    /// Whether Foundation would read the body as UTF-16 or UTF-32 (a byte order mark or NUL bytes at
    /// the start), which the byte reader does not decode; no model server is known to answer so.
    private static func mayBeWideUnicode(_ body: [UInt8]) -> Bool {
        guard body.count >= 2 else { return false }
        return body.prefix(4).contains(0) || (body[0], body[1]) == (0xFF, 0xFE) || (body[0], body[1]) == (0xFE, 0xFF)
    }

    /// The same verdict through Foundation's parser, for the encodings only it decodes and the
    /// numbers near a `Double`'s range that it may refuse.
    private static func foundationHasNullOutputs(_ body: [UInt8]) -> Bool {
        guard let answer = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let outputs = answer["outputs"] as? [Any], !outputs.isEmpty
        else { return true }
        for output in outputs {
            guard let tensor = output as? [String: Any], let data = tensor["data"], !(data is NSNull) else { return true }
        }
        return false
    }
}
