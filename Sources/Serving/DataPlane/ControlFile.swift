import Foundation
import Journal

/// `control.json` in the data plane's folder: where the router and the control API listen, the
/// bearer token the control API wants, and the data plane's pid. Written with mode 0600.
public struct ControlFile: Codable, Sendable, Equatable {
    public var routerPort: Int
    public var controlPort: Int
    public var token: String
    public var pid: Int32

    public static func path(in folder: String) -> String { folder + "/control.json" }

    public static func read(from folder: String) throws -> ControlFile {
        try JSONDecoder().decode(ControlFile.self, from: Data(contentsOf: URL(fileURLWithPath: path(in: folder))))
    }

    func write(to folder: String) throws {
        try AtomicFile.write(try JSONEncoder().encode(self), to: Self.path(in: folder), permissions: 0o600)
    }

    /// 32 random bytes from the kernel, as hex.
    static func newToken() throws -> String {
        guard let handle = FileHandle(forReadingAtPath: "/dev/urandom") else {
            throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: "/dev/urandom"])
        }
        defer { try? handle.close() }
        let bytes = handle.readData(ofLength: 32)
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `presented` is the token, comparing every byte whatever differs first.
    func accepts(_ presented: String?) -> Bool {
        guard let presented else { return false }
        let a = Array(presented.utf8), b = Array(token.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
