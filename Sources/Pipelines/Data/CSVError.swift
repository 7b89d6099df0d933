/// A CSV file that cannot be read, with the place where reading stopped.
public struct CSVError: Error, Sendable, Equatable, Encodable, CustomStringConvertible {
    /// What went wrong, in words a user can act on.
    public var message: String
    /// The file read.
    public var file: String
    /// The 1-based physical line of the problem (quoted fields may span lines).
    public var line: Int?
    /// The 1-based data row (the header is row 0), when the problem is inside a row.
    public var row: Int?
    /// The 1-based field (column) number, when known.
    public var field: Int?
    /// The 0-based byte offset in the file, when known.
    public var byteOffset: Int?

    /// An error at the given place.
    public init(_ message: String, file: String, line: Int? = nil, row: Int? = nil, field: Int? = nil, byteOffset: Int? = nil) {
        self.message = message
        self.file = file
        self.line = line
        self.row = row
        self.field = field
        self.byteOffset = byteOffset
    }

    /// `file:line: row R, field F (byte B): message`, leaving out what is not known.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        var parts: [String] = []
        if let row { parts.append(row == 0 ? "header" : "row \(row)") }
        if let field { parts.append("field \(field)") }
        var detail = parts.joined(separator: ", ")
        if let byteOffset { detail += detail.isEmpty ? "byte \(byteOffset)" : " (byte \(byteOffset))" }
        return detail.isEmpty ? "\(place): \(message)" : "\(place): \(detail): \(message)"
    }
}
