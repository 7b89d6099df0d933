import Foundation
import HTTP

/// What became of one request: a response with its status, or a transport failure.
enum LoadOutcome: Sendable {
    case response(status: Int)
    case failure(HTTPClientError.Kind)
}

/// The running count of a load test, fed from the scheduler and from completions on loop threads.
///
/// Only requests due in the measured window go into the latencies and errors; the achieved rate
/// counts every success that arrives while the window is open, whichever request it answers, so
/// that a generator or server falling behind shows as a rate below target.
final class LoadTally: @unchecked Sendable {
    private let lock = NSCondition()
    private let cap: Int
    private var inFlight = 0
    private var measuredInFlight = 0
    private var closed = false
    private(set) var peakInFlight = 0
    private(set) var sent = 0
    private(set) var answered = 0
    private(set) var succeeded = 0
    private(set) var errors: [LoadErrorClass: Int] = [:]
    private(set) var latencies = LatencyHistogram()
    private(set) var maxSendLag: UInt64 = 0
    private(set) var successesInWindow = 0
    private var window: Range<UInt64> = 0..<0

    /// A tally that lets at most `cap` requests be in flight.
    init(cap: Int) {
        self.cap = cap
    }

    /// Sets the measured window, in monotonic nanoseconds.
    func open(window: Range<UInt64>) {
        locked { self.window = window }
    }

    /// Takes a place in flight for a request being sent `lag` nanoseconds after it was due;
    /// false (counted as `overCap` when measured) when every place is taken.
    func admit(measured: Bool, lag: UInt64) -> Bool {
        locked {
            guard inFlight < cap else {
                if measured { errors[.overCap, default: 0] += 1 }
                return false
            }
            inFlight += 1
            peakInFlight = max(peakInFlight, inFlight)
            if measured {
                measuredInFlight += 1
                sent += 1
                maxSendLag = max(maxSendLag, lag)
            }
            return true
        }
    }

    /// Records the outcome of a request due at `due`, arriving at `now`, and frees its place.
    func finish(measured: Bool, due: UInt64, now: UInt64, _ outcome: LoadOutcome) {
        locked {
            guard !closed else { return }
            inFlight -= 1
            if case .response(let status) = outcome, status < 400, window.contains(now) { successesInWindow += 1 }
            if measured {
                measuredInFlight -= 1
                count(outcome, latency: now >= due ? now - due : 0)
            }
            if inFlight == 0 { lock.broadcast() }
        }
    }

    /// Waits until nothing is in flight or `deadline` passes; returns whether nothing is.
    func drain(until deadline: Date) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        while inFlight > 0, lock.wait(until: deadline) {}
        return inFlight == 0
    }

    /// Stops counting: measured requests still in flight count as timeouts, and answers that
    /// arrive later are ignored.
    func close() {
        locked {
            if measuredInFlight > 0 { errors[.timeout, default: 0] += measuredInFlight }
            measuredInFlight = 0
            closed = true
        }
    }

    /// Sent, answered, errors and the p99 so far, for a progress line.
    func progress(elapsed: Double, warmingUp: Bool) -> LoadProgress {
        locked {
            LoadProgress(elapsed: elapsed, warmingUp: warmingUp, sent: sent, answered: answered, errors: errors.values.reduce(0, +),
                         p99: latencies.value(atQuantile: 0.99).map { Double($0) / 1_000 })
        }
    }

    /// Runs `body` holding the lock.
    func locked<Value>(_ body: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// Latencies count for responses and for timeouts (as the time until giving up), so that a
    /// stuck server raises the tail instead of leaving it.
    private func count(_ outcome: LoadOutcome, latency: UInt64) {
        switch outcome {
        case .response(let status):
            answered += 1
            latencies.record(microseconds: latency / 1_000)
            if let error = LoadErrorClass(status: status) { errors[error, default: 0] += 1 } else { succeeded += 1 }
        case .failure(let kind):
            let error = LoadErrorClass(kind)
            errors[error, default: 0] += 1
            if error == .timeout { latencies.record(microseconds: latency / 1_000) }
        }
    }
}

/// How far a running load test has got, once a second.
public struct LoadProgress: Sendable {
    /// Seconds since the first request was due.
    public var elapsed: Double
    /// Whether the warm-up, whose requests are not counted, is still running.
    public var warmingUp: Bool
    /// Measured requests sent so far.
    public var sent: Int
    /// Measured requests answered so far.
    public var answered: Int
    /// Measured requests that failed so far.
    public var errors: Int
    /// The 99th percentile latency so far, in milliseconds; nil before the first answer.
    public var p99: Double?
}
