import Testing
@testable import HTTP

@Suite struct HTTPHeadersTests {
    @Test func lookupIgnoresCaseAndKeepsOrder() {
        var headers = HTTPHeaders([("Content-Type", "application/json"), ("X-A", "1"), ("x-a", "2")])
        #expect(headers["content-type"] == "application/json")
        #expect(headers.values("X-A") == ["1", "2"])
        headers.set("X-A", "3")
        #expect(headers.values("x-a") == ["3"])
        #expect(headers.map(\.name) == ["Content-Type", "X-A"])
    }
}
