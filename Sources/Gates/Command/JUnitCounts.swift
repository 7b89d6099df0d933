import Foundation
import Pipelines

/// Test counts from the JUnit XML files a test command wrote: the sum over every `<testsuite>`.
struct JUnitCounts: Equatable {
    var tests = 0
    var failures = 0
    var errors = 0
    var skipped = 0
    var files = 0

    /// The counts of every `*.xml` file in `folder`, or nil when there is none.
    static func read(folder: String) -> JUnitCounts? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        var total = JUnitCounts()
        for name in names.sorted() where name.hasSuffix(".xml") {
            guard let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) else { continue }
            total.add(parse(text))
            total.files += 1
        }
        return total.files == 0 ? nil : total
    }

    /// Sums the attributes of the `<testsuite>` elements of one document; `<testsuites>` totals are
    /// ignored so that nothing counts twice.
    static func parse(_ xml: String) -> JUnitCounts {
        var counts = JUnitCounts()
        var rest = Substring(xml)
        while let open = rest.range(of: "<testsuite") {
            rest = rest[open.upperBound...]
            guard let next = rest.first, next == " " || next == ">" || next == "\n" || next == "\t" || next == "\r" else { continue }
            let tag = rest[..<(rest.firstIndex(of: ">") ?? rest.endIndex)]
            counts.tests += attribute("tests", in: tag)
            counts.failures += attribute("failures", in: tag)
            counts.errors += attribute("errors", in: tag)
            counts.skipped += attribute("skipped", in: tag)
        }
        return counts
    }

    private static func attribute(_ name: String, in tag: Substring) -> Int {
        for quote in ["\"", "'"] {
            var search = tag[...]
            while let range = search.range(of: name + "=" + quote) {
                let before = range.lowerBound == tag.startIndex ? " " : tag[tag.index(before: range.lowerBound)]
                let value = search[range.upperBound...].prefix { String($0) != quote }
                search = search[range.upperBound...]
                if before.isWhitespace, let number = Int(value) { return number }
            }
        }
        return 0
    }

    private mutating func add(_ other: JUnitCounts) {
        tests += other.tests
        failures += other.failures
        errors += other.errors
        skipped += other.skipped
    }

    var summary: String { "\(tests) tests, \(failures) failures, \(errors) errors, \(skipped) skipped" }

    var json: JSONValue {
        .object(["tests": .number(Double(tests)), "failures": .number(Double(failures)), "errors": .number(Double(errors)),
                 "skipped": .number(Double(skipped)), "files": .number(Double(files))])
    }
}
