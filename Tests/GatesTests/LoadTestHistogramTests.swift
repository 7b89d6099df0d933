import Testing
@testable import Gates

@Suite struct LoadTestHistogramTests {
    @Test func valuesBelow256MicrosecondsAreExact() throws {
        var histogram = LatencyHistogram()
        for value in 1...100 { histogram.record(microseconds: UInt64(value)) }
        let summary = try #require(LatencySummary(histogram))
        #expect(summary.p50 == 0.050)
        #expect(summary.p90 == 0.090)
        #expect(summary.p99 == 0.099)
        #expect(summary.p999 == 0.100)
        #expect(summary.max == 0.100)
        #expect(summary.min == 0.001)
        #expect(summary.mean == 0.0505)
        #expect(summary.count == 100)
    }

    @Test func largerValuesReportTheTopOfTheirBucketButNeverAboveTheMaximum() {
        var histogram = LatencyHistogram()
        for _ in 0..<90 { histogram.record(microseconds: 1_000) }
        for _ in 0..<9 { histogram.record(microseconds: 50_000) }
        histogram.record(microseconds: 2_000_000)
        // 1000 lies in [1000, 1003]; 50000 in [49920, 50175]; 2000000 in [1998848, 2007039].
        #expect(histogram.value(atQuantile: 0.5) == 1_003)
        #expect(histogram.value(atQuantile: 0.9) == 1_003)
        #expect(histogram.value(atQuantile: 0.99) == 50_175)
        #expect(histogram.value(atQuantile: 0.999) == 2_000_000)
        #expect(histogram.maximum == 2_000_000)
    }

    @Test(arguments: [1, 255, 256, 257, 511, 512, 1_000, 12_345, 999_999, 33_554_431, 59_999_999] as [UInt64])
    func anyValueIsKnownWithinOneHundredTwentyEighth(value: UInt64) {
        var histogram = LatencyHistogram()
        histogram.record(microseconds: value)
        histogram.record(microseconds: LatencyHistogram.highestMicroseconds)
        let reported = histogram.value(atQuantile: 0.5) ?? 0
        #expect(reported >= value)
        #expect(Double(reported - value) <= Double(value) / 128)
    }

    @Test func bucketsTileTheRangeWithoutGaps() {
        var previousTop: UInt64? = nil
        for index in 0...LatencyHistogram.index(of: LatencyHistogram.highestMicroseconds) {
            let top = LatencyHistogram.highestValue(inBucket: index)
            #expect(LatencyHistogram.index(of: top) == index)
            if let previousTop { #expect(LatencyHistogram.index(of: previousTop + 1) == index) }
            previousTop = top
        }
    }

    @Test func valuesBeyondSixtySecondsCountAsSixty() {
        var histogram = LatencyHistogram()
        histogram.record(microseconds: 90_000_000)
        #expect(histogram.maximum == 60_000_000)
        #expect(histogram.value(atQuantile: 1) == 60_000_000)
    }

    @Test func mergingEqualsRecordingEverythingInOne() {
        var all = LatencyHistogram(), left = LatencyHistogram(), right = LatencyHistogram()
        for value in stride(from: UInt64(3), to: 5_000_000, by: 7_919) {
            all.record(microseconds: value)
            if value % 2 == 0 { left.record(microseconds: value) } else { right.record(microseconds: value) }
        }
        left.merge(right)
        #expect(left == all)
    }

    @Test func anEmptyHistogramHasNoSummary() {
        #expect(LatencySummary(LatencyHistogram()) == nil)
        #expect(LatencyHistogram().value(atQuantile: 0.5) == nil)
    }
}
