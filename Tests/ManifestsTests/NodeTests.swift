import Testing
@testable import Manifests

@Suite struct NodeTests {
    @Test func subscriptFindsKeysOfMappingsOnly() {
        let at = SourceLocation(line: 1, column: 1)
        let map = Node(.mapping([Node.Pair(key: "a", keyLocation: at, value: Node(.int(1), at: at))]), at: at)
        #expect(map["a"]?.value == .int(1))
        #expect(map["b"] == nil)
        #expect(Node(.string("a"), at: at)["a"] == nil)
    }
}
