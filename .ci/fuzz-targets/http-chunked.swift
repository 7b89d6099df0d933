// Fuzz target: the chunked body decoder. The first byte picks where the input is split in two
// arrivals; decoding in two steps must give what decoding at once gives.
@testable import HTTP

private func decode(_ parts: [[UInt8]], limit: Int) -> (ChunkedDecoder.Step, [UInt8]) {
    var decoder = ChunkedDecoder(maxTrailerBytes: 1024)
    var body: [UInt8] = []
    var pending: [UInt8] = []
    var last = ChunkedDecoder.Step.needMore(consumedTo: 0)
    var offset = 0
    for part in parts {
        pending += part
        last = pending.withUnsafeBufferPointer { decoder.decode($0, from: 0, into: &body, limit: limit) }
        switch last {
        case .needMore(let consumed):
            offset += consumed
            pending.removeFirst(consumed)
        case .done(let consumed):
            return (.done(consumedTo: offset + consumed), body)
        case .failed:
            return (last, body)
        }
    }
    return (.needMore(consumedTo: offset), body)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 1 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let split = Int(data[0]) % (input.count + 1)
    let whole = decode([input], limit: 1 << 16)
    let parts = decode([Array(input[..<split]), Array(input[split...])], limit: 1 << 16)
    if case .done = whole.0, whole.0 != parts.0 || whole.1 != parts.1 {
        fatalError("split at \(split): \(parts.0) instead of \(whole.0)")
    }
    return 0
}
