import Foundation

/// A signed statement that the journal's entry `seq` had hash `hash` at `time`: the chain's head as
/// the daemon saw it. Anyone with the key can check it; nobody without the key can make one.
public struct Checkpoint: Sendable, Equatable, Codable {
    /// The sequence number of the head entry.
    public let seq: Int
    /// That entry's hash, which covers every entry before it.
    public let hash: Digest
    /// When the checkpoint was signed, to the millisecond.
    public let time: Date
    /// The `CheckpointKey.id` of the key that signed it.
    public let keyId: String
    /// HMAC-SHA256 of `signedText` under the key.
    public let mac: [UInt8]

    /// Signs the head (`seq`, `hash`) at `time` with `key`.
    public init(seq: Int, hash: Digest, time: Date, key: CheckpointKey) {
        let time = Timestamp.truncated(time)
        self.init(seq: seq, hash: hash, time: time, keyId: key.id,
                  mac: HMAC.sha256(key: key.bytes, message: Checkpoint.signedText(seq: seq, hash: hash, time: time)))
    }

    /// A checkpoint as read, not yet checked.
    init(seq: Int, hash: Digest, time: Date, keyId: String, mac: [UInt8]) {
        self.seq = seq
        self.hash = hash
        self.time = time
        self.keyId = keyId
        self.mac = mac
    }

    /// The bytes the MAC covers: a versioned text with one field a line, so no two different
    /// checkpoints share it, and no other use of the key (or JSON formatting) can produce it.
    static func signedText(seq: Int, hash: Digest, time: Date) -> [UInt8] {
        Array("slipway-checkpoint-v1\nseq \(seq)\nhash \(hash)\ntime \(Timestamp.format(time))\n".utf8)
    }

    /// Whether `key` signed exactly this seq, hash and time; compared in constant time.
    public func isSigned(by key: CheckpointKey) -> Bool {
        HMAC.equal(mac, HMAC.sha256(key: key.bytes, message: Checkpoint.signedText(seq: seq, hash: hash, time: time)))
    }

    private enum CodingKeys: String, CodingKey { case seq, hash, time, keyId, mac }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func field<T>(_ key: CodingKeys, _ parse: (String) -> T?) throws -> T {
            let text = try container.decode(String.self, forKey: key)
            guard let value = parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "'\(text)' is not a valid \(key.rawValue)")
            }
            return value
        }
        let seq = try container.decode(Int.self, forKey: .seq)
        guard seq >= 1 else {
            throw DecodingError.dataCorruptedError(forKey: .seq, in: container, debugDescription: "a checkpoint names an entry from 1 on")
        }
        self.init(seq: seq, hash: try field(.hash, Digest.init), time: try field(.time, Timestamp.parse),
                  keyId: try container.decode(String.self, forKey: .keyId), mac: try field(.mac) { Hex.decode(Substring($0)) })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(hash.description, forKey: .hash)
        try container.encode(Timestamp.format(time), forKey: .time)
        try container.encode(keyId, forKey: .keyId)
        try container.encode(Hex.encode(mac), forKey: .mac)
    }
}
