import Testing
import Git
@testable import Controller

@Suite struct RevisionTests {
    @Test func describesBranchAndCommit() throws {
        let id = try #require(ObjectID(hex: "89e14ebd5c8d4a1b0d0a7c3e4e5b3f6e2c1a0b9d"))
        #expect(Revision(name: "main", commit: id).description == "main (89e14eb)")
        #expect(Revision(name: id.hex, commit: id).description == "89e14eb")
    }
}
