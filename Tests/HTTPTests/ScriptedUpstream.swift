import Foundation
import Glibc
@testable import HTTP

/// A loopback upstream whose every connection runs a script of raw reads and writes on its own thread.
final class ScriptedUpstream: @unchecked Sendable {
    let port: Int
    private let listening: Int32
    private let tally = Tally()

    /// Listens on a free port and runs `script` for each accepted connection.
    init(script: @escaping @Sendable (ScriptedPeer) -> Void) throws {
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listening, pointer, length) == 0 && listen(listening, 16) == 0
                    && getsockname(listening, pointer, &length) == 0
            }
        }
        guard bound else { throw SocketError(operation: "listen", address: "127.0.0.1:0", code: errno) }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.listening = listening
        // The threads hold the tally, not the upstream, so that dropping the upstream closes the listener.
        let tally = tally
        Thread {
            while true {
                let fd = accept(listening, nil, nil)
                if fd < 0 { return }
                tally.count(\.accepted)
                Thread {
                    script(ScriptedPeer(fd: fd))
                    close(fd)
                    tally.count(\.finished)
                }.start()
            }
        }.start()
    }

    deinit {
        shutdown(listening, Int32(SHUT_RDWR))
        close(listening)
    }

    /// How many connections were accepted.
    var accepted: Int { tally.read(\.accepted) }

    /// Waits until `count` connection scripts have ended; returns whether they did in time.
    func waitForFinished(_ count: Int, timeout: TimeInterval = 5) -> Bool {
        tally.wait(\.finished, reaches: count, timeout: timeout)
    }
}

/// Counters of accepted and finished connections, shared with the upstream's threads.
final class Tally: @unchecked Sendable {
    struct Counts {
        var accepted = 0
        var finished = 0
    }

    private let condition = NSCondition()
    private var counts = Counts()

    /// Adds one to a counter.
    func count(_ counter: WritableKeyPath<Counts, Int>) {
        condition.lock()
        counts[keyPath: counter] += 1
        condition.broadcast()
        condition.unlock()
    }

    /// The value of a counter.
    func read(_ counter: KeyPath<Counts, Int>) -> Int {
        condition.lock()
        defer { condition.unlock() }
        return counts[keyPath: counter]
    }

    /// Waits until a counter reaches `value`; returns whether it did in time.
    func wait(_ counter: KeyPath<Counts, Int>, reaches value: Int, timeout: TimeInterval) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while counts[keyPath: counter] < value, condition.wait(until: deadline) {}
        return counts[keyPath: counter] >= value
    }
}

/// The server side of one scripted connection.
struct ScriptedPeer {
    let fd: Int32

    /// Reads one request head and its Content-Length body; nil when the client closed.
    func readRequest() -> String? {
        var received: [UInt8] = []
        var byte: UInt8 = 0
        while !received.suffix(4).elementsEqual([13, 10, 13, 10]) {
            guard recv(fd, &byte, 1, 0) == 1 else { return nil }
            received.append(byte)
        }
        let head = String(decoding: received, as: UTF8.self)
        let length = head.components(separatedBy: "\r\n")
            .first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        for _ in 0..<length {
            guard recv(fd, &byte, 1, 0) == 1 else { return nil }
            received.append(byte)
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Writes `text` as it is.
    func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Blocks until the client closes its side.
    func waitForClientClose() {
        var byte: UInt8 = 0
        while recv(fd, &byte, 1, 0) > 0 {}
    }
}
