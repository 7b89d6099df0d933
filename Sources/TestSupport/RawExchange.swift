import Glibc

/// One HTTP exchange in raw bytes over loopback, for what a client library will not send (a head
/// without its body, `Connection` options, an absolute-form target).
public enum RawExchange {
    /// Sends `text` on a new connection to 127.0.0.1:`port` and returns everything received until
    /// the server closes it or `timeoutSeconds` pass without a byte.
    public static func send(port: Int, _ text: String, timeoutSeconds: Int = 10) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawExchangeError(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw RawExchangeError(description: "connect to 127.0.0.1:\(port): errno \(errno)") }
        var limit = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { break }
            received += chunk[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}

/// A raw exchange that could not start.
public struct RawExchangeError: Error, CustomStringConvertible {
    public let description: String
}
