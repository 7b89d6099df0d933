import Foundation
import Testing
@testable import Controller

/// How the status page writes numbers, ages and escaped text.
@Suite struct StatusPageTextTests {
    @Test(arguments: [
        (0.05, 1, "0.1"), (-0.04, 1, "0.0"), (-1.25, 1, "-1.3"), (123.456, 2, "123.46"), (5, 0, "5"), (0.000_5, 3, "0.001"),
        (-0.0, 2, "0.00"), (Double.nan, 1, "nan"), (1e20, 1, "1e+20"),
    ])
    func numbersHaveFixedDecimals(value: Double, digits: Int, text: String) {
        #expect(FixedDecimal.text(value, digits: digits) == text)
    }

    @Test(arguments: [(0.4, "0s"), (-5, "0s"), (45, "45s"), (300, "5m"), (303, "5m 3s"), (7_260, "2h 1m"), (7_200, "2h"), (97_200, "1d 3h")])
    func agesUseTheirTwoLargestUnits(seconds: Double, text: String) {
        #expect(PageTime.age(seconds) == text)
    }

    @Test(arguments: [("a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&#39;"), ("tab\tline\n", "tab\tline\n"), ("nul\u{0}bell\u{7}", "nul\u{FFFD}bell\u{FFFD}"), ("é ✓", "é ✓")])
    func escapesMarkup(text: String, escaped: String) {
        #expect(HTMLText.escaped(text) == escaped)
    }
}
