import Testing
@testable import Git

@Suite struct ObjectIDTests {
    @Test func parsesFortyHexDigits() {
        let id = ObjectID(hex: "0123456789ABCDEF0123456789abcdef01234567")
        #expect(id?.hex == "0123456789abcdef0123456789abcdef01234567")
        #expect(id?.short == "0123456")
        #expect(ObjectID(hex: "0123") == nil)
        #expect(ObjectID(hex: String(repeating: "x", count: 40)) == nil)
    }

    @Test func roundTripsThroughLibgit2() throws {
        let id = try #require(ObjectID(hex: "89e14ebd5c8d4a1b0d0a7c3e4e5b3f6e2c1a0b9d"))
        #expect(ObjectID(id.oid) == id)
    }
}
