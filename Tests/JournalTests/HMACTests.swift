import Foundation
import Testing
@testable import Journal

/// One RFC 4231 test case: key and data as bytes, the expected HMAC-SHA256 as hex.
struct HMACVector: Sendable, CustomTestStringConvertible {
    let number: Int
    let key: [UInt8]
    let data: [UInt8]
    let hex: String
    var testDescription: String { "RFC 4231 case \(number)" }
}

/// The full-length RFC 4231 cases (case 5 checks a truncated output, which HMAC.sha256 never makes).
let rfc4231: [HMACVector] = [
    HMACVector(number: 1, key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
               hex: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
    HMACVector(number: 2, key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
               hex: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    HMACVector(number: 3, key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50),
               hex: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
    HMACVector(number: 4, key: Array(1...25), data: [UInt8](repeating: 0xcd, count: 50),
               hex: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
    HMACVector(number: 6, key: [UInt8](repeating: 0xaa, count: 131),
               data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
               hex: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    HMACVector(number: 7, key: [UInt8](repeating: 0xaa, count: 131),
               data: Array(("This is a test using a larger than block-size key and a larger than block-size data."
                   + " The key needs to be hashed before being used by the HMAC algorithm.").utf8),
               hex: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
]

/// The full path of `name` on PATH, if it is installed.
func installedProgram(_ name: String) -> String? {
    let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    return folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

@Suite(.serialized) struct HMACTests {
    @Test(arguments: rfc4231)
    func rfc4231Vector(_ vector: HMACVector) {
        #expect(Digest(bytes: HMAC.sha256(key: vector.key, message: vector.data)).hex == vector.hex)
    }

    @Test func emptyKeyAndMessageHaveTheirKnownValue() {
        // The value every HMAC-SHA256 implementation gives for an empty key and an empty message.
        let mac = HMAC.sha256(key: [], message: [])
        #expect(Digest(bytes: mac).hex == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test(.enabled(if: installedProgram("openssl") != nil, "openssl is not installed, so there is nothing to agree with"))
    func agreesWithOpenSSLOnARandomMessage() throws {
        let openssl = try #require(installedProgram("openssl"))
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
        // `-hmac` takes the key as text, so the random key is drawn from letters and digits.
        let key = (0..<40).map { _ in alphabet.randomElement()! }
        let message = (0..<Int.random(in: 1...5000)).map { _ in UInt8.random(in: 0...255) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = ["dgst", "-sha256", "-hmac", String(decoding: key, as: UTF8.self)]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(message))
        try input.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        // openssl prints `NAME(stdin)= <hex>`; the hex is the last word.
        let theirs = printed.split(whereSeparator: \.isWhitespace).last.map(String.init)
        #expect(theirs == Digest(bytes: HMAC.sha256(key: key, message: message)).hex)
    }

    @Test func differentKeysOrMessagesGiveDifferentMACs() {
        let mac = HMAC.sha256(key: Array("key".utf8), message: Array("message".utf8))
        #expect(mac.count == 32)
        #expect(mac != HMAC.sha256(key: Array("kez".utf8), message: Array("message".utf8)))
        #expect(mac != HMAC.sha256(key: Array("key".utf8), message: Array("messagf".utf8)))
    }

    @Test(arguments: [
        ([UInt8](), [UInt8](), true),
        ([1, 2, 3], [1, 2, 3], true),
        ([1, 2, 3], [9, 2, 3], false),
        ([1, 2, 3], [1, 2, 9], false),
        ([1, 2, 3], [1, 2], false),
        ([1, 2], [1, 2, 3], false),
        ([], [0], false),
        ([0], [], false),
    ] as [([UInt8], [UInt8], Bool)])
    func equalComparesWholeContentAndLength(a: [UInt8], b: [UInt8], same: Bool) {
        #expect(HMAC.equal(a, b) == same)
    }

    @Test func equalTellsApartMACsThatDifferInTheirLastBitOnly() {
        let mac = HMAC.sha256(key: Array("k".utf8), message: Array("m".utf8))
        var flipped = mac
        flipped[31] ^= 1
        #expect(HMAC.equal(mac, mac))
        #expect(!HMAC.equal(flipped, mac))
    }
}
