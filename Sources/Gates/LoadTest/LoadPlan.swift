import Glibc
import HTTP
import Manifests

/// What a load test sends, where, how fast and for how long.
///
/// Request `i` is due `i / rate` seconds after the start, whether or not earlier ones returned;
/// those due in the first `warmup` warm the server up and are not counted.
public struct LoadPlan: Sendable {
    /// The server.
    public var upstream: Upstream
    /// The request target: path and query.
    public var target: String
    /// Request bodies, sent in turn; none means GET requests.
    public var bodies: [[UInt8]]
    /// Requests per second.
    public var rate: Int
    /// The measured window.
    public var duration: Duration
    /// Time before the measured window whose requests are not counted.
    public var warmup: Duration
    /// How long one request may take from being sent before it counts as a timeout.
    public var timeout: Duration
    /// Most requests in flight at once; a request due beyond it is not sent and counts as `overCap`.
    public var maxInFlight: Int
    /// Event-loop threads carrying the connections.
    public var loops: Int

    /// Half the cores, one to four: the server under test usually shares the machine.
    public static let defaultLoops = min(4, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) / 2))

    /// Creates a plan (`duration` and `warmup` at most `LoadTestGate.longestSpan`); the in-flight cap defaults to what `rate` requests a second all timing out
    /// would reach, bounded by the descriptors the process may open.
    public init(upstream: Upstream, target: String, bodies: [[UInt8]], rate: Int, duration: Duration,
                warmup: Duration = .zero, timeout: Duration = .seconds(10), maxInFlight: Int? = nil, loops: Int = LoadPlan.defaultLoops) {
        precondition(duration <= LoadTestGate.longestSpan && warmup <= LoadTestGate.longestSpan,
                     "a load test's duration and warm-up are at most \(LoadTestGate.longestSpan); callers check user input")
        self.upstream = upstream
        self.target = target
        self.bodies = bodies
        self.rate = max(1, rate)
        self.duration = duration
        self.warmup = warmup
        self.timeout = timeout
        self.maxInFlight = maxInFlight ?? Self.defaultCap(rate: self.rate, timeout: timeout)
        self.loops = max(1, loops)
    }

    /// Nanoseconds from the start at which request `index` is due.
    public func offset(of index: Int) -> UInt64 {
        Self.scaled(UInt64(max(0, index)), by: 1_000_000_000, over: UInt64(rate))
    }

    /// How many requests are due before the end of the measured window.
    public var totalRequests: Int { Self.requests(before: warmup + duration, rate: rate) }

    /// The index of the first request in the measured window.
    public var firstMeasured: Int { Self.requests(before: warmup, rate: rate) }

    /// How many requests the measured window holds.
    public var measuredRequests: Int { totalRequests - firstMeasured }

    /// The method and body of request `index`.
    func request(_ index: Int) -> HTTPRequest {
        var headers = HTTPHeaders()
        guard !bodies.isEmpty else { return HTTPRequest(method: "GET", target: target, headers: headers) }
        headers.add("Content-Type", "application/json")
        return HTTPRequest(method: "POST", target: target, headers: headers, body: bodies[index % bodies.count])
    }

    /// The number of indices whose offset falls before `span`: ⌈span × rate⌉ in whole nanoseconds.
    private static func requests(before span: Duration, rate: Int) -> Int {
        let ceiling = scaled(span.wholeNanoseconds, by: UInt64(rate), over: 1_000_000_000, roundingUp: true)
        return Int(clamping: ceiling)
    }

    /// `value × factor / divisor` without overflow: the product is formed in 128 bits, and a
    /// quotient beyond 64 bits is `UInt64.max`.
    private static func scaled(_ value: UInt64, by factor: UInt64, over divisor: UInt64, roundingUp: Bool = false) -> UInt64 {
        var product = value.multipliedFullWidth(by: factor)
        if roundingUp {
            let (low, carry) = product.low.addingReportingOverflow(divisor - 1)
            product = (product.high + (carry ? 1 : 0), low)
        }
        guard product.high < divisor else { return .max }
        return divisor.dividingFullWidth(product).quotient
    }

    /// The most connections a plan opens by default. Each request in flight holds one, and past a
    /// few thousand to one server every new connect makes the kernel search further for a free
    /// local port, so a generator that has fallen behind would only fall further.
    public static let connectionLimit = 4_096

    /// Requests a second times the timeout, at least 1, at most `connectionLimit` and the
    /// open-descriptor limit less a reserve.
    private static func defaultCap(rate: Int, timeout: Duration) -> Int {
        let wanted = max(1, Int(min(Double(connectionLimit), (Double(rate) * timeout.seconds).rounded(.up))))
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(Int.max) else { return wanted }
        return max(1, min(wanted, Int(limit.rlim_cur) - 256))
    }
}
