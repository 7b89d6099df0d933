/// `metadata` of every manifest.
public struct Metadata: Sendable, Equatable {
    public var name: String
    public var nameLocation: SourceLocation
    /// Teams or people who own the thing; the Policy may require them.
    public var owners: [String]
    public var labels: [String: String]
    public var description: String?

    static func decode(_ node: Node, _ context: DecodingContext) -> Metadata? {
        guard var map = context.mapping(node, "metadata") else { return nil }
        let nameNode = map.required("name")
        let name = nameNode.flatMap { context.name($0, "metadata.name") }
        let owners = map.strings("owners") ?? []
        let labels = map.stringMap("labels") ?? [:]
        let description = map.string("description")
        map.rejectUnknownFields()
        guard let name, let nameNode else { return nil }
        return Metadata(name: name, nameLocation: nameNode.location, owners: owners, labels: labels, description: description)
    }
}
