/// The address of the client at the other end of a connection.
public struct PeerAddress: Sendable, Hashable, CustomStringConvertible {
    /// The IPv4 address in host byte order.
    public let address: UInt32
    /// The client's port.
    public let port: UInt16

    /// Creates an address from its parts.
    public init(address: UInt32, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// The dotted address without the port, e.g. `127.0.0.1`: what identifies a client across its connections.
    public var host: String {
        "\(address >> 24).\(address >> 16 & 0xFF).\(address >> 8 & 0xFF).\(address & 0xFF)"
    }

    /// `host:port`.
    public var description: String { "\(host):\(port)" }
}
