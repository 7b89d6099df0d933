import CMbedCrypto

/// A SHA-256 digest, written `sha256:<64 hex digits>`.
public struct Digest: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 32 bytes of the digest.
    public let bytes: [UInt8]

    /// Wraps 32 bytes of a SHA-256 digest.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "a SHA-256 digest has 32 bytes, got \(bytes.count)")
        self.bytes = bytes
    }

    /// Parses `sha256:<hex>` (or bare hex); nil for anything else.
    public init?(_ text: String) {
        let hex = text.hasPrefix("sha256:") ? text.dropFirst(7) : Substring(text)
        guard hex.utf8.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var high: UInt8? = nil
        for c in hex.utf8 {
            guard let v = Digest.nibble(c) else { return nil }
            if let h = high { bytes.append(h << 4 | v); high = nil } else { high = v }
        }
        self.bytes = bytes
    }

    /// The 64 lowercase hex digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The digest as `sha256:<hex>`.
    public var description: String { "sha256:" + hex }

    /// Orders digests by their bytes, which is also the order of their hex.
    public static func < (a: Digest, b: Digest) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }

    /// The value of one hex digit.
    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }
}

/// Incremental SHA-256 over mbedtls.
public struct SHA256: ~Copyable {
    /// The mbedtls state, on the heap so that its address never moves.
    private let context: UnsafeMutablePointer<mbedtls_sha256_context>

    /// Starts a SHA-256 (not SHA-224) hash.
    public init() {
        context = .allocate(capacity: 1)
        mbedtls_sha256_init(context)
        let status = mbedtls_sha256_starts_ret(context, 0)
        precondition(status == 0, "mbedtls_sha256_starts_ret failed: \(status)")
    }

    deinit {
        mbedtls_sha256_free(context)
        context.deallocate()
    }

    /// Feeds bytes into the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let status = mbedtls_sha256_update_ret(context, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        precondition(status == 0, "mbedtls_sha256_update_ret failed: \(status)")
    }

    /// Feeds a sequence of bytes into the hash.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let array = Array(bytes)
        array.withUnsafeBytes { update($0) }
    }

    /// Feeds the UTF-8 bytes of `text` into the hash.
    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Ends the hash and returns the digest.
    public consuming func finalize() -> Digest {
        var out = [UInt8](repeating: 0, count: 32)
        let status = mbedtls_sha256_finish_ret(context, &out)
        precondition(status == 0, "mbedtls_sha256_finish_ret failed: \(status)")
        return Digest(bytes: out)
    }

    /// The digest of one buffer.
    public static func hash(_ bytes: some Sequence<UInt8>) -> Digest {
        var h = SHA256()
        h.update(bytes)
        return h.finalize()
    }

    /// The digest of the UTF-8 bytes of `text`.
    public static func hash(_ text: String) -> Digest {
        var h = SHA256()
        h.update(text)
        return h.finalize()
    }
}
