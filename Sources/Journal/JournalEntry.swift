import Foundation

/// An event kind that a later module defines: a Codable payload with the type name it is journaled under.
public protocol Event: Codable, Sendable {
    /// The name written as the entry's `type`, e.g. `run.finished`.
    static var type: String { get }
}

/// One entry of the journal, as read back.
public struct JournalEntry: Sendable, Equatable {
    /// The sequence number, from 1 without gaps.
    public let seq: Int
    /// When it was appended, to the millisecond.
    public let time: Date
    /// The event's type name.
    public let type: String
    /// The hash of the entry before it (all zeros for the first).
    public let previous: Digest
    /// The SHA-256 of exactly `body`.
    public let hash: Digest
    /// The body as written: a JSON object holding `seq`, `time`, `type`, `prev` and `payload`.
    public let body: [UInt8]

    /// Decodes the payload as `Payload`.
    public func payload<Payload: Decodable>(as _: Payload.Type = Payload.self) throws -> Payload {
        do {
            return try JSONDecoder().decode(PayloadField<Payload>.self, from: Data(body)).payload
        } catch {
            throw JournalError.payload(seq: seq, type: type, expected: "\(Payload.self)", reason: "\(error)")
        }
    }

    /// The payload as `E` when this entry is of `E`'s type; nil for an entry of another type.
    public func event<E: Event>(_: E.Type = E.self) throws -> E? {
        type == E.type ? try payload(as: E.self) : nil
    }
}

/// The one field of a body that payload decoding reads.
private struct PayloadField<Payload: Decodable>: Decodable {
    /// The entry's payload.
    let payload: Payload
}

/// The hash the first entry names as its previous one.
extension Digest {
    /// Thirty-two zero bytes: the previous hash of entry 1.
    public static let genesis = Digest(bytes: [UInt8](repeating: 0, count: 32))
}
