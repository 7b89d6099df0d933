// Fuzz target: the router's reader of V2 (Open Inference Protocol) answers, which runs on the
// loop thread for every 200 answer.
@testable import Serving

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    _ = InferenceJSON.hasNullOutputs(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
