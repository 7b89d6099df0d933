/// Kernel limits (`setrlimit`) a process runs under; nil means unlimited.
public struct ResourceLimits: Sendable, Equatable, Codable {
    /// The address-space limit (`RLIMIT_AS`) in bytes; an allocation beyond it fails inside the process.
    public var memoryBytes: Int?
    /// The CPU-time limit (`RLIMIT_CPU`) in whole seconds; the process gets `SIGXCPU` when it is reached.
    public var cpuSeconds: Int?

    /// Limits with the given values.
    public init(memoryBytes: Int? = nil, cpuSeconds: Int? = nil) {
        self.memoryBytes = memoryBytes
        self.cpuSeconds = cpuSeconds
    }

    /// No limit at all.
    public static let none = ResourceLimits()

    /// True when no limit is set.
    public var isEmpty: Bool { memoryBytes == nil && cpuSeconds == nil }

    /// The `prlimit(1)` options that apply these limits. The CPU hard limit is one second above the
    /// soft one, so the process first gets `SIGXCPU` (which says why) and `SIGKILL` only if it ignores that.
    public var prlimitOptions: [String] {
        var options: [String] = []
        if let memoryBytes { options.append("--as=\(memoryBytes)") }
        if let cpuSeconds { options.append("--cpu=\(cpuSeconds):\(cpuSeconds + 1)") }
        return options
    }
}
