/// The header fields of a request or response, in order, with case-insensitive lookup.
///
/// Fields are kept as the bytes they arrived as, with their positions: a proxy reads a few
/// fields, drops some and writes the rest out again, and none of that needs a `String`.
/// Names and values become strings only when asked for.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    /// Where one field's name and value sit in `bytes`.
    private struct Span {
        var nameStart: Int32
        var nameEnd: Int32
        var valueStart: Int32
        var valueEnd: Int32
    }

    private var bytes: [UInt8] = []
    private var spans: [Span] = []

    /// Creates headers from name-value pairs, keeping their order.
    public init(_ fields: [(String, String)] = []) {
        for (name, value) in fields { add(name, value) }
    }

    /// The fields as received or added.
    public var fields: [(name: String, value: String)] {
        Array(self)
    }

    /// Whether both hold the same fields in the same order, names compared exactly.
    public static func == (a: HTTPHeaders, b: HTTPHeaders) -> Bool {
        a.elementsEqual(b) { $0.name == $1.name && $0.value == $1.value }
    }

    /// The first value of `name`, compared without case.
    public subscript(name: String) -> String? {
        spans.first { matches($0, name) }.map(value)
    }

    /// Every value of `name`, compared without case.
    public func values(_ name: String) -> [String] {
        spans.filter { matches($0, name) }.map(value)
    }

    /// Whether a field named `name` is present, compared without case.
    public func contains(_ name: String) -> Bool {
        spans.contains { matches($0, name) }
    }

    /// Appends a field, keeping any with the same name.
    public mutating func add(_ name: String, _ value: String) {
        let nameStart = bytes.count
        bytes.append(contentsOf: name.utf8)
        let valueStart = bytes.count
        bytes.append(contentsOf: value.utf8)
        spans.append(Span(
            nameStart: Int32(nameStart), nameEnd: Int32(valueStart), valueStart: Int32(valueStart),
            valueEnd: Int32(bytes.count)))
    }

    /// Replaces every value of `name` with one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: String) {
        remove(FieldNames([name]))
    }

    /// Removes every field named one of `names`, in one pass over the fields.
    public mutating func remove(_ names: FieldNames) {
        let bytes = bytes
        func named(_ span: Span) -> Bool {
            bytes.withUnsafeBufferPointer { names.contains(UnsafeBufferPointer(rebasing: $0[Int(span.nameStart)..<Int(span.nameEnd)])) }
        }
        // Finding the first one before changing anything leaves the storage alone, and shared, when nothing goes.
        guard let first = spans.firstIndex(where: named) else { return }
        var kept = first
        for index in (first + 1)..<spans.count where !named(spans[index]) {
            spans[kept] = spans[index]
            kept += 1
        }
        spans.removeSubrange(kept...)
    }

    /// The field names the `Connection` fields list as options of this hop (RFC 9110 §7.6.1),
    /// other than `close` and `keep-alive`; nil when there are none, the usual case, which costs
    /// no allocation. A proxy removes them, with `Connection` itself, before passing a message on.
    public var connectionOptions: FieldNames? {
        var names: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            for span in spans where HeadParser.equalsIgnoringCase(buffer[Int(span.nameStart)..<Int(span.nameEnd)], "connection") {
                var start = Int(span.valueStart)
                let end = Int(span.valueEnd)
                while start < end {
                    let comma = buffer[start..<end].firstIndex(of: UInt8(ascii: ",")) ?? end
                    var first = start, last = comma
                    while first < last, buffer[first] == 0x20 || buffer[first] == 0x09 { first += 1 }
                    while last > first, buffer[last - 1] == 0x20 || buffer[last - 1] == 0x09 { last -= 1 }
                    let option = buffer[first..<last]
                    if !option.isEmpty, !HeadParser.equalsIgnoringCase(option, "close"),
                       !HeadParser.equalsIgnoringCase(option, "keep-alive") {
                        names.append(String(decoding: UnsafeBufferPointer(rebasing: option), as: UTF8.self))
                    }
                    start = comma + 1
                }
            }
        }
        return names.isEmpty ? nil : FieldNames(names)
    }

    /// Field names prepared once for matching many fields against them, without case.
    public struct FieldNames: Sendable {
        private let lowercased: [[UInt8]]
        /// Bit n is set when a name is n bytes long (63 and longer share the last bit), which
        /// rules most fields out at once.
        private let lengths: UInt64

        /// Prepares `names`.
        public init(_ names: [String]) {
            lowercased = names.map { $0.utf8.map { $0.isASCIILetter ? $0 | 0x20 : $0 } }
            lengths = lowercased.reduce(0) { $0 | 1 << Swift.min($1.count, 63) }
        }

        /// Whether `name` is one of the names, compared as `HTTPHeaders.sameName` does.
        func contains(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
            guard lengths & 1 << Swift.min(name.count, 63) != 0 else { return false }
            return lowercased.contains { candidate in
                candidate.count == name.count && zip(candidate, name).allSatisfy { wanted, actual in
                    actual == wanted || (actual.isASCIILetter && actual | 0x20 == wanted)
                }
            }
        }
    }

    /// Iterates over the fields in order.
    public func makeIterator() -> Iterator {
        Iterator(headers: self)
    }

    /// The fields in order, as strings.
    public struct Iterator: IteratorProtocol {
        let headers: HTTPHeaders
        var index = 0

        /// The next field, or nil after the last.
        public mutating func next() -> (name: String, value: String)? {
            guard index < headers.spans.count else { return nil }
            defer { index += 1 }
            let span = headers.spans[index]
            return (headers.string(span.nameStart, span.nameEnd), headers.value(span))
        }
    }

    /// Creates headers holding the received field lines, with no fields yet: the parser adds
    /// each field by its position in them, so they are copied once, whole.
    init(fieldLines: UnsafeBufferPointer<UInt8>) {
        // Room for a field or two more, which a proxy adds before passing the head on.
        bytes.reserveCapacity(fieldLines.count + 64)
        bytes.append(contentsOf: fieldLines)
        spans.reserveCapacity(10)
    }

    /// Adds the field whose name and value sit at these positions of the field lines.
    mutating func addLine(name: Range<Int>, value: Range<Int>) {
        spans.append(Span(
            nameStart: Int32(name.lowerBound), nameEnd: Int32(name.upperBound),
            valueStart: Int32(value.lowerBound), valueEnd: Int32(value.upperBound)))
    }

    /// Whether a field named `lowercase` is present.
    func has(_ lowercase: StaticString) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            spans.contains { HeadParser.equalsIgnoringCase(buffer[Int($0.nameStart)..<Int($0.nameEnd)], lowercase) }
        }
    }

    /// Whether the first field named `lowercaseName` has the value `lowercaseValue`, both compared without case.
    func firstValue(of lowercaseName: StaticString, is lowercaseValue: StaticString) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let span = spans.first(where: {
                HeadParser.equalsIgnoringCase(buffer[Int($0.nameStart)..<Int($0.nameEnd)], lowercaseName)
            }) else { return false }
            return HeadParser.equalsIgnoringCase(buffer[Int(span.valueStart)..<Int(span.valueEnd)], lowercaseValue)
        }
    }

    /// Writes each field but those `skip` names as `Name: value` lines onto `out`.
    func encode(to out: inout [UInt8], skip: (UnsafeBufferPointer<UInt8>.SubSequence) -> Bool) {
        bytes.withUnsafeBufferPointer { buffer in
            for span in spans {
                let name = buffer[Int(span.nameStart)..<Int(span.nameEnd)]
                if skip(name) { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: name))
                out.append(0x3A)
                out.append(0x20)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[Int(span.valueStart)..<Int(span.valueEnd)]))
                out.append(0x0D)
                out.append(0x0A)
            }
        }
    }

    private func value(_ span: Span) -> String {
        string(span.valueStart, span.valueEnd)
    }

    private func string(_ start: Int32, _ end: Int32) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[Int(start)..<Int(end)]), as: UTF8.self) }
    }

    /// Whether the field at `span` is named `name`, compared as `sameName` does.
    private func matches(_ span: Span, _ name: String) -> Bool {
        Self.matches(span, name, in: bytes)
    }

    private static func matches(_ span: Span, _ name: String, in bytes: [UInt8]) -> Bool {
        guard Int(span.nameEnd - span.nameStart) == name.utf8.count else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            zip(buffer[Int(span.nameStart)..<Int(span.nameEnd)], name.utf8).allSatisfy(Self.sameByte)
        }
    }

    /// Compares two ASCII field names without case and without allocating lowercased copies.
    static func sameName(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy(sameByte)
    }

    /// Whether two bytes of field names are equal once ASCII letters are folded to one case.
    private static func sameByte(_ x: UInt8, _ y: UInt8) -> Bool {
        x == y || (x | 0x20 == y | 0x20 && x.isASCIILetter)
    }
}

extension UInt8 {
    /// Whether this byte is an ASCII letter, the only bytes that case folding may equate.
    var isASCIILetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
}
