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

    @Test func severalNamesAreRemovedAtOnceWithoutCase() {
        var headers = HTTPHeaders([("Host", "h"), ("X-A", "1"), ("connection", "close"), ("X-B", "2"), ("HOST", "again")])
        headers.remove(HTTPHeaders.FieldNames(["host", "Connection", "te"]))
        #expect(headers.map(\.name) == ["X-A", "X-B"])
        headers.remove(HTTPHeaders.FieldNames(["x-c"]))
        #expect(headers.map(\.name) == ["X-A", "X-B"])
    }

    @Test(arguments: [("Content-Length", "content-length", true), ("a", "A", true), ("ab", "abc", false), ("a-", "a\r", false)])
    func namesCompareWithoutCase(a: String, b: String, same: Bool) {
        #expect(HTTPHeaders.sameName(a, b) == same)
    }
}
