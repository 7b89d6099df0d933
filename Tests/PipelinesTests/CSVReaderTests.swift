import Foundation
import Pipelines
import Testing
import TestSupport

@Suite struct CSVReaderTests {
    /// Every row of the file at `path`, as text.
    func rows(_ path: String) throws -> (header: [String], rows: [[String]]) {
        let reader = try CSVReader(path: path)
        var record = CSVRecord()
        var rows: [[String]] = []
        while try reader.next(into: &record) {
            rows.append((0..<record.count).map { record.text($0) })
        }
        return (reader.header, rows)
    }

    /// The error reading the file made of `bytes` raises.
    func readingError(_ bytes: [UInt8]) throws -> CSVError? {
        let folder = try TemporaryDirectory()
        let path = try folder.writeBytes("bad.csv", bytes)
        do {
            _ = try rows(path)
            return nil
        } catch let error as CSVError {
            return error
        }
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("q.csv", "id,text,note\n1,\"a, b\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",\"\"\n3,plain,\n")
        let (header, rows) = try rows(path)
        #expect(header == ["id", "text", "note"])
        #expect(rows == [["1", "a, b", "say \"hi\""], ["2", "two\nlines", ""], ["3", "plain", ""]])
    }

    @Test(arguments: [
        "a,b\r\n1,2\r\n3,4\r\n",
        "a,b\r\n1,2\r\n3,4",
        "a,b\n1,2\n3,4",
        "\u{FEFF}a,b\n1,2\n3,4\n",
        "\"a\",\"b\"\r\n\"1\",2\r\n3,\"4\"\r\n",
    ])
    func lineEndsFinalNewlineAndByteOrderMark(_ text: String) throws {
        let folder = try TemporaryDirectory()
        let (header, rows) = try rows(try folder.write("f.csv", text))
        #expect(header == ["a", "b"])
        #expect(rows == [["1", "2"], ["3", "4"]])
    }

    @Test func quotedCarriageReturnIsData() throws {
        let folder = try TemporaryDirectory()
        let (_, rows) = try rows(try folder.write("f.csv", "a\r\n\"x\r\ny\"\r\n"))
        #expect(rows == [["x\r\ny"]])
    }

    @Test func multiByteTextSurvivesChunkBoundaries() throws {
        // Long enough to cross the reader's 1 MiB chunks at many offsets within the sequences.
        let folder = try TemporaryDirectory()
        let cell = String(repeating: "é€😀", count: 20)
        let text = "a,b\n" + String(repeating: "\(cell),\"\(cell)\"\n", count: 40_000)
        let (_, rows) = try rows(try folder.write("u.csv", text))
        #expect(rows.count == 40_000)
        #expect(rows.allSatisfy { $0 == [cell, cell] })
    }

    @Test func singleColumnBlankLineIsAMissingValue() throws {
        let folder = try TemporaryDirectory()
        let (_, rows) = try rows(try folder.write("f.csv", "a\n1\n\n2\n"))
        #expect(rows == [["1"], [""], ["2"]])
    }

    struct SyntaxCase: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var message: String
        var line: Int?
        var row: Int?
        var field: Int?
        var byteOffset: Int?
        var testDescription: String { name }
    }

    static let syntaxCases: [SyntaxCase] = [
        SyntaxCase(name: "ragged row", bytes: Array("a,b,c\n1,2,3\n4,5\n".utf8), message: "row 2 has 2 fields, the header has 3", line: 3, row: 2),
        SyntaxCase(name: "too many fields", bytes: Array("a,b\n1,2,3\n".utf8), message: "row 1 has 3 fields, the header has 2", line: 2, row: 1),
        SyntaxCase(name: "blank line", bytes: Array("a,b\n1,2\n\n3,4\n".utf8), message: "row 2 is a blank line", line: 3, row: 2),
        SyntaxCase(name: "quote in unquoted field", bytes: Array("a,b\n1,x\"y\n".utf8), message: "a quote inside an unquoted field",
                   line: 2, row: 1, field: 2, byteOffset: 7),
        SyntaxCase(name: "text after closing quote", bytes: Array("a,b\n\"1\"x,2\n".utf8), message: "text after the closing quote",
                   line: 2, row: 1, field: 1, byteOffset: 7),
        SyntaxCase(name: "unterminated quote", bytes: Array("a,b\n1,2\n3,\"open\n4,5\n".utf8), message: "never closed",
                   line: 3, row: 2, field: 2, byteOffset: 10),
        SyntaxCase(name: "invalid UTF-8 byte", bytes: Array("a,b\n1,2\n3,x".utf8) + [0xFF] + Array("\n".utf8), message: "invalid UTF-8 byte 0xFF",
                   line: 3, row: 2, field: 2, byteOffset: 11),
        SyntaxCase(name: "overlong UTF-8", bytes: Array("a\n".utf8) + [0xC0, 0xAF] + Array("\n".utf8), message: "invalid UTF-8 byte 0xC0",
                   line: 2, row: 1, field: 1, byteOffset: 2),
        SyntaxCase(name: "cut UTF-8 sequence", bytes: Array("a,b\n".utf8) + [0xC3] + Array(",2\n".utf8), message: "unfinished multi-byte UTF-8",
                   line: 2, row: 1, field: 1, byteOffset: 5),
        SyntaxCase(name: "UTF-8 cut by end of file", bytes: Array("a\n".utf8) + [0xE2, 0x82], message: "ends inside a multi-byte UTF-8 sequence",
                   line: 2, row: 1),
        SyntaxCase(name: "empty file", bytes: [], message: "the file is empty", line: 1, row: 0),
        SyntaxCase(name: "duplicate header", bytes: Array("a,b,a\n1,2,3\n".utf8), message: "column 'a' appears twice in the header (fields 1 and 3)",
                   line: 1, row: 0, field: 3),
        SyntaxCase(name: "empty header name", bytes: Array("a,,c\n".utf8), message: "header field 2 is empty", line: 1, row: 0, field: 2),
        SyntaxCase(name: "bare carriage return", bytes: Array("a,b\r1,2\n".utf8), message: "carriage return not followed by a line feed",
                   line: 1, row: 0, byteOffset: 4),
    ]

    @Test(arguments: syntaxCases)
    func syntaxErrorsSayWhatAndWhere(_ example: SyntaxCase) throws {
        let error = try #require(try readingError(example.bytes))
        #expect(error.message.contains(example.message), "\(error)")
        #expect(error.line == example.line)
        #expect(error.row == example.row)
        if let field = example.field { #expect(error.field == field) }
        if let offset = example.byteOffset { #expect(error.byteOffset == offset) }
        #expect(error.description.hasPrefix(error.file))
    }

    @Test func missingFileIsAnError() throws {
        let folder = try TemporaryDirectory()
        #expect(throws: CSVError.self) { try CSVReader(path: folder.path + "/absent.csv") }
    }
}
