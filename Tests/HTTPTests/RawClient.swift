import Foundation
import Glibc
@testable import HTTP

/// A blocking loopback socket that speaks raw bytes to a server under test, every read bounded by a deadline.
final class RawClient {
    private let fd: Int32
    private var received: [UInt8] = []
    private(set) var closedByPeer = false

    /// Connects to 127.0.0.1:`port`; reads give up after `timeout`.
    init(port: Int, timeout: Duration = .seconds(5)) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw SocketError(operation: "connect", address: "127.0.0.1:\(port)", code: errno) }
        let seconds = timeout.components.seconds
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Sends `text` as UTF-8 bytes.
    func send(_ text: String) {
        send(Array(text.utf8))
    }

    /// Sends raw bytes; a failure (the server already closed) is left for reads to show.
    func send(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { _ = Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads `count` complete responses (sized by Content-Length or chunked), or fewer if the server closes or the deadline passes.
    func responses(_ count: Int) -> [RawResponse] {
        var parsed: [RawResponse] = []
        while parsed.count < count {
            if let response = RawResponse.take(from: &received) {
                parsed.append(response)
                continue
            }
            if !readMore() { break }
        }
        return parsed
    }

    /// Reads until the server closes the connection or the deadline passes; returns whether it closed.
    func waitForClose() -> Bool {
        while readMore() {}
        return closedByPeer
    }

    /// Everything received and not yet taken as a response, as text.
    var leftover: String { String(decoding: received, as: UTF8.self) }

    private func readMore() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(fd, &chunk, chunk.count, 0)
        if count > 0 {
            received.append(contentsOf: chunk[0..<count])
            return true
        }
        if count == 0 || errno == ECONNRESET { closedByPeer = true }
        return false
    }
}

/// A response as a test reads it: status, lower-cased field names, body.
struct RawResponse {
    var status: Int
    var headers: [(String, String)]
    var body: String

    /// The first value of `name` (lower case).
    func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }

    /// Removes one complete response from the front of `buffer`, if one is there.
    static func take(from buffer: inout [UInt8]) -> RawResponse? {
        let text = buffer
        guard let headEnd = find([13, 10, 13, 10], in: text, from: 0) else { return nil }
        let lines = String(decoding: text[0..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        let headers = lines.dropFirst().map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (parts[0].lowercased(), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        var position = headEnd + 4
        var body: [UInt8] = []
        if headers.contains(where: { $0 == ("transfer-encoding", "chunked") }) {
            while true {
                guard let lineEnd = find([13, 10], in: text, from: position) else { return nil }
                let size = Int(String(decoding: text[position..<lineEnd], as: UTF8.self), radix: 16) ?? 0
                position = lineEnd + 2
                if size == 0 {
                    guard text.count >= position + 2 else { return nil }
                    position += 2
                    break
                }
                guard text.count >= position + size + 2 else { return nil }
                body += text[position..<(position + size)]
                position += size + 2
            }
        } else {
            let length = headers.first { $0.0 == "content-length" }.flatMap { Int($0.1) } ?? 0
            guard text.count >= position + length else { return nil }
            body = Array(text[position..<(position + length)])
            position += length
        }
        buffer.removeFirst(position)
        return RawResponse(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = from
        while index + needle.count <= haystack.count {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

/// Records what a server's handler saw, and lets a test wait for it with a deadline.
final class RequestLog: @unchecked Sendable {
    private let condition = NSCondition()
    private var seen: [HTTPRequest] = []

    /// Adds a request.
    func record(_ request: HTTPRequest) {
        condition.lock()
        seen.append(request)
        condition.broadcast()
        condition.unlock()
    }

    /// The requests seen so far.
    var requests: [HTTPRequest] {
        condition.lock()
        defer { condition.unlock() }
        return seen
    }

    /// Waits until at least `count` requests were seen or `timeout` passes; returns them.
    func wait(for count: Int, timeout: TimeInterval = 5) -> [HTTPRequest] {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while seen.count < count, condition.wait(until: deadline) {}
        return seen
    }
}

/// Starts a one-loop server whose handler records each request and echoes its method, target and body.
func echoServer(limits: HTTPServerLimits = HTTPServerLimits(), log: RequestLog) throws -> HTTPServer {
    try HTTPServer(loops: 1, limits: limits) { request, responder in
        log.record(request)
        let text = "\(request.method) \(request.target) \(String(decoding: request.body, as: UTF8.self))"
        responder.respond(HTTPResponse(status: 200, text: text))
    }
}
