import Foundation

/// The format of one line of `journal.jsonl`.
///
/// A line is `{"hash":"<64 hex>","entry":<body>}` and a newline, where `<body>` is the JSON
/// object `{"seq":N,"time":"…","type":"…","prev":"<64 hex>","payload":…}` and the hash is the
/// SHA-256 of exactly the body's bytes as they sit in the file. The fixed prefix lets a reader
/// cut out those bytes without parsing and re-serialising anything, so verification hashes
/// what was written. The body holds the previous entry's hash, so each hash covers the chain.
enum JournalLine {
    /// The bytes before the hash.
    private static let head = Array(#"{"hash":""#.utf8)
    /// The bytes between the hash and the body.
    private static let middle = Array(#"","entry":"#.utf8)
    /// Where the body starts in every line.
    private static let bodyStart = head.count + 64 + middle.count

    /// The fields of a body that the chain needs; the payload stays as bytes.
    private struct Header: Decodable {
        /// The sequence number.
        let seq: Int
        /// The RFC 3339 time.
        let time: String
        /// The event's type name.
        let type: String
        /// The previous entry's hash, in hex.
        let prev: String
    }

    /// The body bytes for one entry; `payload` must be one JSON value without raw newlines.
    static func body(seq: Int, time: Date, type: String, previous: Digest, payload: [UInt8]) throws -> [UInt8] {
        let quotedType = try JSONEncoder().encode(type)
        var body = Array(#"{"seq":\#(seq),"time":"\#(Timestamp.format(time))","type":"#.utf8)
        body += quotedType
        body += Array(#","prev":"\#(previous.hex)","payload":"#.utf8)
        body += payload
        body.append(UInt8(ascii: "}"))
        return body
    }

    /// The full line for `body`, newline included.
    static func line(body: [UInt8]) -> [UInt8] {
        head + Array(SHA256.hash(body).hex.utf8) + middle + body + Array("}\n".utf8)
    }

    /// What a well-formed line states, before the chain checks it.
    struct Parsed {
        /// The entry as the line states it; its `hash` is the stated one.
        let entry: JournalEntry
        /// Whether the stated hash is the hash of the body bytes.
        let hashMatches: Bool
    }

    /// Parses one line without its newline; nil when it is not a well-formed journal line.
    static func parse(_ line: ArraySlice<UInt8>) -> Parsed? {
        let bytes = Array(line)
        guard bytes.count > bodyStart + 1,
              bytes.starts(with: head),
              bytes[(head.count + 64)..<bodyStart].elementsEqual(middle),
              bytes.last == UInt8(ascii: "}"),
              let stated = Digest(String(decoding: bytes[head.count..<(head.count + 64)], as: UTF8.self))
        else { return nil }
        let body = Array(bytes[bodyStart..<(bytes.count - 1)])
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(body)),
              let time = Timestamp.parse(header.time),
              let previous = Digest(header.prev)
        else { return nil }
        let entry = JournalEntry(
            seq: header.seq, time: time, type: header.type, previous: previous, hash: stated, body: body)
        return Parsed(entry: entry, hashMatches: SHA256.hash(body) == stated)
    }
}
