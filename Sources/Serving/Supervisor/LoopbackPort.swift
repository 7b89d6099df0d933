import Glibc
import Processes

/// Free TCP ports on the loopback interface.
enum LoopbackPort {
    /// A port the kernel had free a moment ago: bind port 0, read what it gave, close. Another
    /// process may take it before the server binds it; the server then exits before it is ready
    /// and the supervisor starts it again on a new port.
    static func pick() throws(SystemError) -> Int {
        let socket = try SystemCall.checked("open a socket to pick a port") {
            Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(INADDR_LOOPBACK).bigEndian
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try SystemCall.checked("bind 127.0.0.1:0") {
            withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        }
        try SystemCall.checked("read the bound port") {
            withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
