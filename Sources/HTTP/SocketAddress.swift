import Glibc

/// An IPv4 address and port, the only kind of endpoint this module binds or connects to.
struct SocketAddress {
    /// The C form, ready for `bind` and `connect`.
    var storage: sockaddr_in

    /// Parses a dotted IPv4 `host` (or `localhost`) and a port.
    init(host: String, port: Int) throws(SocketError) {
        storage = sockaddr_in()
        storage.sin_family = sa_family_t(AF_INET)
        storage.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
        let numeric = host == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, numeric, &storage.sin_addr) == 1 else {
            throw SocketError(operation: "parse address", address: "\(host):\(port)", code: EINVAL)
        }
    }

    /// Runs `body` with the address as a generic `sockaddr`.
    func withSockAddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        withUnsafePointer(to: storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }

    /// Sets an integer socket option, e.g. `TCP_NODELAY`.
    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32 = 1) {
        var value = value
        _ = socketCall { setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) }
    }
}
