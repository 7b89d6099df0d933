/// One input data set of a model: a CSV file in the repository, or outside it with a pinned digest.
public struct DataSet: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// A file in the repository, keyed by its blob id.
        case repository(LocatedPath)
        /// A file outside the repository (absolute path), keyed by its declared `sha256:` pin.
        case external(path: String, sha256: String)
    }

    public var name: String
    public var location: SourceLocation
    public var source: Source
    public var schema: DataSchema?

    static func decode(_ node: Node, _ field: String, folder: String, _ context: DecodingContext) -> DataSet? {
        guard var map = context.mapping(node, field) else { return nil }
        let name = map.required("name").flatMap { context.name($0, map.path("name")) }
        let path = map.path("path", folder: folder)
        let external = map.string("external")
        let pin = map.string("sha256")
        let schema = map.optional("schema").flatMap { DataSchema.decode($0, map.path("schema"), context) }
        map.rejectUnknownFields()

        let source: Source?
        switch (path, external) {
        case (let path?, nil):
            if pin != nil {
                context.error("\(map.path("sha256")) is only for external files; a file in the repository is keyed by its git blob id",
                              at: node.location)
            }
            source = .repository(path)
        case (nil, let external?):
            if !external.hasPrefix("/") {
                context.error("\(map.path("external")) must be an absolute path, found '\(external)'", at: node.location)
            }
            if let pin, pin.wholeMatch(of: /sha256:[0-9a-f]{64}/) != nil {
                source = .external(path: external, sha256: pin)
            } else if let pin {
                context.error("\(map.path("sha256")): '\(pin)' is not a digest of the form sha256:<64 lowercase hex digits>",
                              at: node.location, hint: "compute it with 'slipway digest \(external)'")
                source = nil
            } else {
                context.error("\(field): an external file needs a 'sha256: sha256:<64 hex digits>' pin so that its content is known",
                              at: node.location, hint: "compute it with 'slipway digest \(external)'")
                source = nil
            }
        case (nil, nil):
            if !map.has("path") && !map.has("external") {
                context.error("\(field) needs either 'path' (a file in the repository) or 'external' with a 'sha256' pin", at: node.location)
            }
            source = nil
        case (_?, _?):
            context.error("\(field) has both 'path' and 'external'; give one", at: node.location)
            source = nil
        }
        guard let name, let source else { return nil }
        return DataSet(name: name, location: node.location, source: source, schema: schema)
    }
}

/// The expected shape of a CSV data set, checked by the `data` gate.
public struct DataSchema: Sendable, Equatable {
    public var columns: [ColumnSchema]
    /// Largest allowed fraction of missing cells over the whole file.
    public var maxMissing: Double?
    public var minRows: Int?
    /// Largest allowed fraction of rows that repeat an earlier row.
    public var maxDuplicates: Double?

    static func decode(_ node: Node, _ field: String, _ context: DecodingContext) -> DataSchema? {
        guard var map = context.mapping(node, field) else { return nil }
        var columns: [ColumnSchema] = []
        if let columnsNode = map.required("columns"), let columnMap = context.mapping(columnsNode, map.path("columns")) {
            if columnMap.pairs.isEmpty { context.error("\(map.path("columns")) may not be empty", at: columnsNode.location) }
            for pair in columnMap.pairs {
                if let column = ColumnSchema.decode(name: pair.key, pair.value, columnMap.path(pair.key), context) {
                    columns.append(column)
                }
            }
        }
        let schema = DataSchema(columns: columns, maxMissing: map.fraction("maxMissing"),
                                minRows: map.int("minRows", in: 0...Int.max), maxDuplicates: map.fraction("maxDuplicates"))
        map.rejectUnknownFields()
        return schema
    }
}

/// One column of a data schema.
public struct ColumnSchema: Sendable, Equatable {
    public enum ColumnType: String, Sendable, CaseIterable {
        case number, integer, string, boolean
    }

    public var name: String
    public var location: SourceLocation
    public var type: ColumnType
    public var min: Double?
    public var max: Double?
    /// The only values allowed, as their CSV text.
    public var values: [String]?
    /// Whether empty cells are allowed at all (bounded by `maxMissing` when set).
    public var nullable: Bool
    public var maxMissing: Double?

    static func decode(name: String, _ node: Node, _ field: String, _ context: DecodingContext) -> ColumnSchema? {
        guard var map = context.mapping(node, field) else { return nil }
        let type = map.required("type").flatMap { context.choice($0, map.path("type"), as: ColumnType.self) }
        let min = map.number("min")
        let max = map.number("max")
        var values: [String]? = nil
        if let valuesNode = map.optional("values"), let items = context.sequence(valuesNode, map.path("values")) {
            values = items.compactMap { item in
                switch item.value {
                case .string(let s): return s
                case .int(let i): return String(i)
                case .double(let d): return d.shortText
                case .bool(let b): return b ? "true" : "false"
                default:
                    context.error("\(map.path("values")) holds scalars only, found \(item.kindName)", at: item.location)
                    return nil
                }
            }
        }
        let maxMissing = map.fraction("maxMissing")
        let nullableNode = map.optional("nullable")
        let nullable = nullableNode.flatMap { context.bool($0, map.path("nullable")) } ?? (maxMissing != nil)
        map.rejectUnknownFields()
        if let nullableNode, !nullable, let maxMissing, maxMissing > 0 {
            context.error("\(field): nullable is false but maxMissing allows \(maxMissing.shortText) missing; drop one",
                          at: nullableNode.location)
        }
        if let min, let max, min > max {
            context.error("\(field): min (\(min.shortText)) is greater than max (\(max.shortText))", at: node.location)
        }
        if (min != nil || max != nil), let type, type == .string || type == .boolean {
            context.error("\(field): min and max apply to number and integer columns, not \(type.rawValue)", at: node.location)
        }
        guard let type else { return nil }
        return ColumnSchema(name: name, location: node.location, type: type, min: min, max: max, values: values,
                            nullable: nullable, maxMissing: maxMissing)
    }
}
