import Foundation
import Glibc

/// A fixed set of event loops, one thread each, usually one per core.
public final class EventLoopGroup: Sendable {
    /// The loops, in the order they were started.
    public let loops: [EventLoop]
    private let nextIndex = Counter()

    /// Starts `loops` loop threads.
    public init(loops count: Int = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) throws(SocketError) {
        var started: [EventLoop] = []
        for index in 0..<max(1, count) {
            started.append(try EventLoop(name: "http-loop-\(index)"))
        }
        loops = started
    }

    /// The loop the caller runs on, if it is one of ours, else the next one in turn.
    public func next() -> EventLoop {
        if let current = loops.first(where: { $0.inLoop }) { return current }
        return loops[nextIndex.increment() % loops.count]
    }

    /// Stops every loop and waits for their threads; sockets still open on them are closed.
    public func shutdown() {
        for loop in loops { loop.stop() }
    }
}

/// A lock-guarded counter for handing out loops in turn.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// Returns the current value and adds one.
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value &+= 1
        return value & Int.max
    }
}
