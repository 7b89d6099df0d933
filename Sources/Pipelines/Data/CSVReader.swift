import Glibc
import Processes

/// A strict, streaming RFC 4180 reader: header row, `,` separator, `"` quoting with `""` escapes,
/// quoted fields spanning lines, LF or CRLF line ends, optional final line end.
///
/// It reads the file in large chunks and hands out each row as bytes in a reused `CSVRecord`, so
/// that no `String` is made per cell. Anything malformed (bad quoting, invalid UTF-8, a row whose
/// field count differs from the header's) stops reading with a `CSVError` that says where.
/// A UTF-8 byte-order mark at the start is skipped.
public final class CSVReader {
    /// The file read.
    public let path: String
    /// The column names, in file order.
    public private(set) var header: [String] = []
    /// Data rows read so far (the header not counted).
    public private(set) var rowsRead = 0

    private static let chunkSize = 1 << 20
    private let descriptor: Int32
    private let chunk: UnsafeMutableBufferPointer<UInt8>
    private var count = 0
    private var position = 0
    /// The file offset of `chunk[0]`.
    private var chunkOffset = 0
    private var line = 1
    private var utf8 = UTF8Scanner()

    private enum State { case fieldStart, unquoted, quoted, afterQuote, afterCR }

    /// Opens `path` and reads its header.
    public init(path: String) throws(CSVError) {
        self.path = path
        do throws(SystemError) {
            descriptor = try SystemCall.checked("open \(path)") { open(path, O_RDONLY | O_CLOEXEC) }
        } catch {
            throw CSVError("cannot open the file: \(error.reason)", file: path)
        }
        self.chunk = .allocate(capacity: Self.chunkSize)
        try readHeader()
    }

    deinit {
        close(descriptor)
        chunk.deallocate()
    }

    /// Reads the next data row into `record`; false at the end of the file.
    public func next(into record: inout CSVRecord) throws(CSVError) -> Bool {
        let startLine = line
        guard try readRecord(into: &record) else { return false }
        rowsRead += 1
        if record.count != header.count {
            let blank = record.count == 1 && record.bytes.isEmpty
            let what = blank ? "is a blank line" : "has \(record.count) field\(record.count == 1 ? "" : "s")"
            let hint = blank ? "remove blank lines" : "quote fields that contain commas"
            throw CSVError("row \(rowsRead) \(what), the header has \(header.count) fields; \(hint)",
                           file: path, line: startLine, row: rowsRead)
        }
        return true
    }

    private func readHeader() throws(CSVError) {
        var record = CSVRecord()
        try skipByteOrderMark()
        guard try readRecord(into: &record) else {
            throw CSVError("the file is empty; a CSV data set starts with a header row naming its columns", file: path, line: 1, row: 0)
        }
        var seen: [String: Int] = [:]
        for index in 0..<record.count {
            let name = record.text(index)
            if name.isEmpty {
                throw CSVError("header field \(index + 1) is empty; every column needs a name", file: path, line: 1, row: 0, field: index + 1)
            }
            if let first = seen[name] {
                throw CSVError("column '\(name)' appears twice in the header (fields \(first + 1) and \(index + 1)); rename one",
                               file: path, line: 1, row: 0, field: index + 1)
            }
            seen[name] = index
            header.append(name)
        }
    }

    private func skipByteOrderMark() throws(CSVError) {
        try refill()
        if count >= 3 && chunk[0] == 0xEF && chunk[1] == 0xBB && chunk[2] == 0xBF { position = 3 }
    }

    /// Moves to the next chunk once the current one is used up; `count` is 0 at the end of the file.
    private func refill() throws(CSVError) {
        chunkOffset += count
        position = 0
        count = 0
        do throws(SystemError) {
            count = try SystemCall.checked("read \(path)") { read(descriptor, chunk.baseAddress, chunk.count) }
        } catch {
            throw CSVError("cannot read the file: \(error.reason)", file: path, byteOffset: chunkOffset)
        }
    }

    private func failure(_ message: String, row: Int, field: Int, at index: Int, line: Int) -> CSVError {
        CSVError(message, file: path, line: line, row: row, field: field, byteOffset: chunkOffset + index)
    }

    private func invalidUTF8(_ byte: UInt8, row: Int, field: Int, at index: Int, line: Int) -> CSVError {
        let what = byte < 0x80 ? "an unfinished multi-byte UTF-8 sequence" : "invalid UTF-8 byte 0x\(String(byte, radix: 16, uppercase: true))"
        return failure("\(what); the file must be UTF-8 (convert it, for example with iconv -t UTF-8)",
                       row: row, field: field, at: index, line: line)
    }

    /// Reads one record of any width; false when the file ends before a record starts.
    private func readRecord(into record: inout CSVRecord) throws(CSVError) -> Bool {
        record.removeAll()
        let row = header.isEmpty ? 0 : rowsRead + 1
        var state = State.fieldStart
        var sawAnything = false
        var line = self.line
        var utf8 = self.utf8
        var quoteLine = line, quoteOffset = 0
        defer {
            self.line = line
            self.utf8 = utf8
        }
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

        while true {
            if position == count {
                try refill()
                if count == 0 {
                    if utf8.isOpen {
                        throw failure("the file ends inside a multi-byte UTF-8 sequence; the file must be UTF-8",
                                      row: row, field: record.count + 1, at: 0, line: line)
                    }
                    switch state {
                    case .fieldStart:
                        guard sawAnything else { return false }
                        record.ends.append(record.bytes.count)
                    case .unquoted, .afterQuote:
                        record.ends.append(record.bytes.count)
                    case .quoted:
                        throw CSVError("the quoted field that starts here is never closed; add the closing quote",
                                       file: path, line: quoteLine, row: row, field: record.count + 1, byteOffset: quoteOffset)
                    case .afterCR:
                        throw failure("a carriage return not followed by a line feed; end lines with LF or CRLF",
                                      row: row, field: record.count, at: 0, line: line)
                    }
                    return true
                }
            }
            let bytes = chunk
            var index = position
            let end = count
            sawAnything = true
            switch state {
            case .fieldStart, .unquoted:
                if state == .fieldStart && bytes[index] == quote {
                    quoteLine = line
                    quoteOffset = chunkOffset + index
                    state = .quoted
                    position = index + 1
                    continue
                }
                state = .unquoted
                let start = index
                var byte: UInt8 = 0
                while index < end {
                    byte = bytes[index]
                    if byte >= 0x80 || utf8.isOpen {
                        guard utf8.accept(byte) else {
                            throw invalidUTF8(byte, row: row, field: record.count + 1, at: index, line: line)
                        }
                        index += 1
                        continue
                    }
                    if byte == comma || byte == lf || byte == cr || byte == quote { break }
                    index += 1
                }
                record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                position = index
                guard index < end else { continue }
                position = index + 1
                switch byte {
                case comma:
                    record.ends.append(record.bytes.count)
                    state = .fieldStart
                case lf:
                    record.ends.append(record.bytes.count)
                    line += 1
                    return true
                case cr:
                    record.ends.append(record.bytes.count)
                    state = .afterCR
                default:
                    throw failure("a quote inside an unquoted field; quote the whole field and write the quote as \"\"",
                                  row: row, field: record.count + 1, at: index, line: line)
                }
            case .quoted:
                let start = index
                while index < end {
                    let byte = bytes[index]
                    if byte >= 0x80 || utf8.isOpen {
                        guard utf8.accept(byte) else {
                            throw invalidUTF8(byte, row: row, field: record.count + 1, at: index, line: line)
                        }
                    } else if byte == quote {
                        break
                    } else if byte == lf {
                        line += 1
                    }
                    index += 1
                }
                record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                if index < end {
                    state = .afterQuote
                    position = index + 1
                } else {
                    position = index
                }
            case .afterQuote:
                let byte = bytes[index]
                position = index + 1
                switch byte {
                case quote:
                    record.bytes.append(quote)
                    state = .quoted
                case comma:
                    record.ends.append(record.bytes.count)
                    state = .fieldStart
                case lf:
                    record.ends.append(record.bytes.count)
                    line += 1
                    return true
                case cr:
                    record.ends.append(record.bytes.count)
                    state = .afterCR
                default:
                    throw failure("text after the closing quote of a quoted field; a quoted field ends at its closing quote, before ',' or the line end",
                                  row: row, field: record.count + 1, at: index, line: line)
                }
            case .afterCR:
                guard bytes[index] == lf else {
                    throw failure("a carriage return not followed by a line feed; end lines with LF or CRLF",
                                  row: row, field: record.count, at: index, line: line)
                }
                position = index + 1
                line += 1
                return true
            }
        }
    }
}
