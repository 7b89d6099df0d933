import Glibc

/// Finds the end of a message head (the empty line) in received bytes, refusing bare LF.
///
/// Bare LF is refused rather than tolerated: a proxy in front that splits lines differently
/// would otherwise see other requests than we do.
enum HeadScanner {
    /// How far a scan got.
    enum Outcome {
        /// The head spans up to, not including, this index (just past CRLF CRLF).
        case complete(end: Int)
        /// No end yet; resume scanning from this index.
        case incomplete(resumeAt: Int)
        /// The head is refused.
        case failed(HTTPParseError)
    }

    /// Scans `bytes[resumeAt..<count]` for the end of a head that starts at `start`.
    static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, start: Int, resumeAt: Int, limit: Int
    ) -> Outcome {
        var position = max(resumeAt, start)
        let base = bytes.baseAddress!
        while position < bytes.count {
            guard let found = memchr(base + position, 0x0A, bytes.count - position) else { break }
            let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            guard newline > start, bytes[newline - 1] == 0x0D else {
                return .failed(.malformed("a line ends in a bare LF; lines must end in CRLF"))
            }
            if newline - start > limit { return .failed(.headersTooLarge) }
            if newline - start >= 3, bytes[newline - 2] == 0x0A {
                return .complete(end: newline + 1)
            }
            position = newline + 1
        }
        if bytes.count - start > limit { return .failed(.headersTooLarge) }
        return .incomplete(resumeAt: bytes.count)
    }
}
