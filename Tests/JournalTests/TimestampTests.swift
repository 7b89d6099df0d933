import Foundation
import Testing
@testable import Journal

@Suite struct TimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1_767_225_600.25, "2026-01-01T00:00:00.250Z"),
        (1_767_225_600.9996, "2026-01-01T00:00:01.000Z"),
        (-0.5, "1969-12-31T23:59:59.500Z"),
        (951_782_400.001, "2000-02-29T00:00:00.001Z"),
    ])
    func formatsToTheMillisecond(seconds: Double, text: String) {
        #expect(Timestamp.format(Date(timeIntervalSince1970: seconds)) == text)
        #expect(Timestamp.parse(text) == Timestamp.truncated(Date(timeIntervalSince1970: seconds)))
    }

    @Test(arguments: ["2026-01-01T00:00:00Z", "2026-13-01T00:00:00.000Z", "2026-01-01 00:00:00.000Z",
                      "2026-01-01T00:00:61.000Z", "2026-01-01T00:00:00.000+01:00"])
    func refusesOtherForms(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }
}
