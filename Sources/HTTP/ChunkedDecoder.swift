import Glibc

/// Decodes a chunked body incrementally from received bytes, strictly.
struct ChunkedDecoder {
    /// What the next bytes are expected to be.
    private enum State {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailer
    }

    /// How far one call got.
    enum Step: Equatable {
        /// All bytes up to this index are consumed; more are needed.
        case needMore(consumedTo: Int)
        /// The body ended; bytes up to this index belonged to it.
        case done(consumedTo: Int)
        /// The body is refused.
        case failed(HTTPParseError)
    }

    private var state = State.size
    private var trailerBytes = 0
    private let maxLineBytes = 4096
    private let maxTrailerBytes: Int

    /// Creates a decoder that refuses trailers longer than `maxTrailerBytes`.
    init(maxTrailerBytes: Int) {
        self.maxTrailerBytes = maxTrailerBytes
    }

    /// Decodes `bytes[from...]`, appending chunk data to `body`, refusing a body over `limit`.
    mutating func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, from: Int, into body: inout [UInt8], limit: Int
    ) -> Step {
        var position = from
        while true {
            switch state {
            case .size:
                guard let lineEnd = lineEnd(bytes, position) else {
                    if bytes.count - position > maxLineBytes { return .failed(.malformed("a chunk size line is too long")) }
                    return .needMore(consumedTo: position)
                }
                guard case .success(let size) = Self.chunkSize(bytes, position, lineEnd.cr) else {
                    return .failed(.malformed("a chunk size is not hexadecimal digits followed by CRLF or ;extension"))
                }
                if size > limit - body.count { return .failed(.bodyTooLarge) }
                position = lineEnd.next
                state = size == 0 ? .trailer : .data(remaining: size)
            case .data(let remaining):
                let available = min(remaining, bytes.count - position)
                if available == 0 { return .needMore(consumedTo: position) }
                body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<(position + available)]))
                position += available
                state = remaining == available ? .dataEnd : .data(remaining: remaining - available)
            case .dataEnd:
                if bytes.count - position < 2 { return .needMore(consumedTo: position) }
                guard bytes[position] == 0x0D, bytes[position + 1] == 0x0A else {
                    return .failed(.malformed("chunk data is not followed by CRLF"))
                }
                position += 2
                state = .size
            case .trailer:
                guard let lineEnd = lineEnd(bytes, position) else {
                    if bytes.count - position > maxLineBytes { return .failed(.malformed("a trailer line is too long")) }
                    return .needMore(consumedTo: position)
                }
                guard bytes[lineEnd.cr] == 0x0D else { return .failed(.malformed("a trailer line ends in a bare LF")) }
                if lineEnd.cr == position { return .done(consumedTo: lineEnd.next) }
                trailerBytes += lineEnd.next - position
                if trailerBytes > maxTrailerBytes { return .failed(.headersTooLarge) }
                let first = bytes[position]
                guard first != 0x20, first != 0x09,
                      bytes[position..<lineEnd.cr].allSatisfy({ $0 >= 0x20 || $0 == 0x09 }),
                      bytes[position..<lineEnd.cr].contains(0x3A)
                else { return .failed(.malformed("a trailer line is not a field")) }
                position = lineEnd.next
            }
        }
    }

    /// The CR ending the line at `from` and the index after its LF; a bare LF is an error left to the caller's checks.
    private func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int) -> (cr: Int, next: Int)? {
        guard from < bytes.count,
              let found = memchr(bytes.baseAddress! + from, 0x0A, bytes.count - from)
        else { return nil }
        let newline = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
        // A bare LF yields cr == newline, which no size or trailer line passes as empty or valid.
        let cr = newline > from && bytes[newline - 1] == 0x0D ? newline - 1 : newline
        return (cr, newline + 1)
    }

    /// Parses `1*HEXDIG [ ";" extension ]` in `bytes[from..<to]`; extensions are ignored.
    private static func chunkSize(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Result<Int, HTTPParseError> {
        var size = 0
        var position = from
        while position < to, let digit = hexValue(bytes[position]) {
            if position - from >= 15 { return .failure(.malformed("chunk size overflows")) }
            size = size << 4 | digit
            position += 1
        }
        guard position > from, to < bytes.count, bytes[to] == 0x0D else {
            return .failure(.malformed("bad chunk size"))
        }
        if position == to { return .success(size) }
        guard bytes[position] == 0x3B,
              bytes[(position + 1)..<to].allSatisfy({ ($0 >= 0x20 && $0 != 0x7F) || $0 == 0x09 })
        else { return .failure(.malformed("bad chunk extension")) }
        return .success(size)
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte - 0x30)
        case 0x41...0x46: Int(byte - 0x41 + 10)
        case 0x61...0x66: Int(byte - 0x61 + 10)
        default: nil
        }
    }
}
