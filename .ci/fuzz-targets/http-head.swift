// Fuzz target: the HTTP/1.1 head parser (request and response heads), called as the server and
// the client call it, on a head that ends at the first blank line.
@testable import HTTP

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    // The parsers are handed a complete head: everything up to and including CRLF CRLF.
    var end = -1
    if size >= 4 {
        for i in 3..<size where bytes[i - 3] == 13 && bytes[i - 2] == 10 && bytes[i - 1] == 13 && bytes[i] == 10 {
            end = i + 1
            break
        }
    }
    guard end > 0 else { return 0 }
    _ = HeadParser.request(bytes, start: 0, end: end, maxHeaders: 100)
    _ = HeadParser.response(bytes, start: 0, end: end, maxHeaders: 100, method: "GET")
    _ = HeadParser.response(bytes, start: 0, end: end, maxHeaders: 100, method: "HEAD")
    return 0
}
