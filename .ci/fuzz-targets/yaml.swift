// Fuzz target: the YAML reader (Manifests). Any input must read or be refused with a located
// error; a crash, a hang or a memory error is a finding.
@testable import Manifests

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let documents = try? YAMLReader.documents(in: text) {
        // What was read prints as JSON (yaml2json), which the JSON reader must take back
        // unless a float has no JSON spelling.
        let json = documents.jsonText(pretty: false)
        if !json.contains("nan"), !json.contains("inf"), (try? JSONReader.document(in: json)) == nil {
            fatalError("yaml2json printed JSON the JSON reader refuses: \(json)")
        }
    }
    return 0
}
