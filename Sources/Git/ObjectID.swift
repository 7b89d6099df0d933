import CGit2

/// A git object id (SHA-1, 40 hex digits).
public struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    // The 20 raw bytes, held inline: listing a large tree makes one id per entry, and a hex
    // string would cost an allocation each time.
    private let leading: UInt64
    private let middle: UInt64
    private let trailing: UInt32

    /// Parses 40 hex digits; nil for anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 40 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 20)
        for index in 0..<20 {
            guard let high = digits[2 * index].hexValue, let low = digits[2 * index + 1].hexValue else { return nil }
            bytes[index] = high << 4 | low
        }
        (leading, middle, trailing) = bytes.withUnsafeBytes {
            ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self), $0.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        }
    }

    /// Copies a libgit2 id.
    init(_ oid: git_oid) {
        (leading, middle, trailing) = withUnsafeBytes(of: oid.id) {
            ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self), $0.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        }
    }

    /// The id as libgit2 takes it.
    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) {
            $0.storeBytes(of: leading, as: UInt64.self)
            $0.storeBytes(of: middle, toByteOffset: 8, as: UInt64.self)
            $0.storeBytes(of: trailing, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }

    /// The 40 lowercase hex digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        return withUnsafeBytes(of: oid.id) { bytes in
            String(unsafeUninitializedCapacity: 40) { buffer in
                for (index, byte) in bytes.enumerated() {
                    buffer[2 * index] = digits[Int(byte >> 4)]
                    buffer[2 * index + 1] = digits[Int(byte & 0x0f)]
                }
                return 40
            }
        }
    }

    /// The first seven digits, as people quote commits.
    public var short: String { String(hex.prefix(7)) }

    /// The 40 hex digits.
    public var description: String { hex }
}

extension UInt8 {
    /// The value of this ASCII hex digit; nil for any other byte.
    fileprivate var hexValue: UInt8? {
        switch self {
        case 0x30...0x39: self - 0x30
        case 0x61...0x66: self - 0x61 + 10
        case 0x41...0x46: self - 0x41 + 10
        default: nil
        }
    }
}
