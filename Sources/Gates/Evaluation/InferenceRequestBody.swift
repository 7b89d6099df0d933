/// The Open Inference Protocol (KServe V2) request for a range of holdout rows.
enum InferenceRequestBody {
    /// `{"inputs": [one per column], "parameters": {"content_type": "pd"}}`: each input is named by
    /// its column, has shape [n] and is FP64 numbers or BYTES strings. The `pd` content type has
    /// MLServer decode the inputs as one DataFrame; `str` on a BYTES input has it decode text, not bytes.
    static func encode(_ features: [FeatureColumn], rows: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + features.count * (64 + rows.count * 20))
        out.append(contentsOf: #"{"inputs":["#.utf8)
        for (index, column) in features.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"name":"#.utf8)
            JSONBytes.appendString(column.name, to: &out)
            out.append(contentsOf: #","shape":["#.utf8)
            out.append(contentsOf: String(rows.count).utf8)
            switch column.values {
            case .numbers(let numbers):
                out.append(contentsOf: #"],"datatype":"FP64","data":["#.utf8)
                for row in rows {
                    if row > rows.lowerBound { out.append(UInt8(ascii: ",")) }
                    JSONBytes.appendNumber(numbers[row], to: &out)
                }
            case .texts(let texts):
                out.append(contentsOf: #"],"datatype":"BYTES","parameters":{"content_type":"str"},"data":["#.utf8)
                for row in rows {
                    if row > rows.lowerBound { out.append(UInt8(ascii: ",")) }
                    JSONBytes.appendString(texts[row], to: &out)
                }
            }
            out.append(contentsOf: "]}".utf8)
        }
        out.append(contentsOf: #"],"parameters":{"content_type":"pd"}}"#.utf8)
        return out
    }
}
