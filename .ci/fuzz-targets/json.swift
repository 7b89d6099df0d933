// Fuzz target: the strict JSON reader (Manifests).
@testable import Manifests

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? JSONReader.document(in: text)
    return 0
}
