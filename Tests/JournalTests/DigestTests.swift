import Testing
@testable import Journal

@Suite struct DigestTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(input: String, hex: String) {
        #expect(SHA256.hash(input).hex == hex)
    }

    @Test func incrementalEqualsOneShot() {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var h = SHA256()
        h.update(bytes[0..<3])
        h.update(bytes[3..<4097])
        h.update(bytes[4097...])
        #expect(h.finalize() == SHA256.hash(bytes))
    }

    @Test func parsesAndPrints() throws {
        let d = SHA256.hash("abc")
        #expect(Digest(d.description) == d)
        #expect(Digest("sha256:zz") == nil)
        #expect(Digest(String(repeating: "g", count: 64)) == nil)
    }
}
