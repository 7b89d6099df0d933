/// What the model server used while the measured window was open.
public struct ServerUsage: Codable, Sendable, Equatable {
    /// The process sampled (with its descendants, and its group when it leads one).
    public var pid: Int32
    /// The most processes seen in the tree at once.
    public var processes: Int
    /// Seconds sampled.
    public var seconds: Double
    /// CPU time used meanwhile, user and system.
    public var cpuSeconds: Double
    /// `cpuSeconds / seconds`: 1.0 is one core kept busy.
    public var averageCores: Double
    /// The largest resident memory of the tree seen in a sample, in bytes.
    public var peakResidentBytes: UInt64
    /// The members' own peaks (VmHWM) summed at the end, in bytes: an upper bound that covers
    /// spikes between samples and the time before the test.
    public var highWaterBytes: UInt64
}
