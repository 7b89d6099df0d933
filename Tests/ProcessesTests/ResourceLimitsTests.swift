import Processes
import Testing

@Suite struct ResourceLimitsTests {
    @Test func limitsBecomePrlimitOptions() {
        #expect(ResourceLimits(memoryBytes: 1 << 20, cpuSeconds: 3).prlimitOptions == ["--as=1048576", "--cpu=3:4"])
        #expect(ResourceLimits.none.prlimitOptions.isEmpty)
    }
}
