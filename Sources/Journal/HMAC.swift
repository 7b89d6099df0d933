import CMbedCrypto

/// HMAC-SHA256 over mbedtls, and the constant-time comparison that checking one needs.
public enum HMAC {
    /// The 32-byte HMAC-SHA256 of `message` under `key`.
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        guard let sha256 = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256) else {
            preconditionFailure("mbedtls was built without SHA-256")
        }
        var out = [UInt8](repeating: 0, count: 32)
        let status = withBytes(key) { keyBytes, keyCount in
            withBytes(message) { messageBytes, messageCount in
                mbedtls_md_hmac(sha256, keyBytes, keyCount, messageBytes, messageCount, &out)
            }
        }
        precondition(status == 0, "mbedtls_md_hmac failed: \(status)")
        return out
    }

    /// Whether `a` and `b` hold the same bytes, looking at every byte whichever differs first.
    ///
    /// The time taken depends on `a.count` only, so pass the value that arrived from outside
    /// as `a` and the secret as `b`: a length mismatch compares `a` with itself and says false.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let sameLength = a.count == b.count
        let other = sameLength ? b : a
        let difference = a.withUnsafeBytes { left in
            other.withUnsafeBytes { right in
                mbedtls_ct_memcmp(left.baseAddress, right.baseAddress, left.count)
            }
        }
        return sameLength && difference == 0
    }

    /// Lends mbedtls a pointer that is never null, even for no bytes.
    private static func withBytes<Result>(
        _ bytes: [UInt8], _ body: (UnsafePointer<UInt8>, Int) -> Result
    ) -> Result {
        if bytes.isEmpty {
            var placeholder: UInt8 = 0
            return body(&placeholder, 0)
        }
        return bytes.withUnsafeBufferPointer { body($0.baseAddress!, $0.count) }
    }
}
