import Foundation
import Glibc

/// Something registered on a loop that epoll reports readiness for.
protocol LoopSource: AnyObject {
    /// Called on the loop thread with the epoll event bits for this source's descriptor.
    func ready(_ events: UInt32)
}

/// One thread running `epoll_wait`, the sockets registered on it, its timers and the work handed to it.
///
/// Everything but `execute` and `inLoop` is confined to the loop thread.
public final class EventLoop: @unchecked Sendable {
    private let epoll: Int32
    private let wake: Int32
    /// Registered sources indexed by descriptor: descriptors are small and reused lowest first,
    /// so an array finds a ready source without hashing.
    private var sources: [(any LoopSource)?] = []
    // Changed for most events; a cell keeps it out of reach of the exclusivity checks.
    private let timersCell = UncheckedCell(TimerHeap())
    private var timers: TimerHeap {
        unsafeAddress { UnsafePointer(timersCell.pointer) }
        unsafeMutableAddress { timersCell.pointer }
    }
    private let inbox = NSLock()
    private var queued: [@Sendable () -> Void] = []
    private var wakePending = false
    private var stopRequested = false
    private var stopping = false
    private var thread: pthread_t?
    private let finished = DispatchSemaphore(value: 0)
    /// The monotonic time, in nanoseconds, at which this turn of the loop began handling events.
    ///
    /// Read on the loop thread only. Deadlines measured from it start at most one turn early,
    /// which timeouts of seconds do not notice, and it saves a clock read per connection event.
    private(set) var turnStart = monotonicNow()
    private var dateSecond: time_t = -1
    private var dateField: [UInt8] = []
    /// Scratch memory every read on this loop lands in before it is copied to its connection.
    let readScratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    /// Creates the epoll instance and starts the loop thread.
    init(name: String) throws(SocketError) {
        let epoll = try checkedSocketCall("epoll_create1", name) { Epoll.create(Epoll.closeOnExec) }
        self.epoll = Int32(epoll)
        do {
            wake = Int32(try checkedSocketCall("eventfd", name) {
                Epoll.eventCounter(0, Epoll.nonBlocking | Epoll.closeOnExec)
            })
        } catch {
            close(Int32(epoll))
            throw error
        }
        _ = Epoll.change(self.epoll, Epoll.add, wake, Epoll.readable)
        let started = DispatchSemaphore(value: 0)
        let runner = Thread { [self] in
            thread = pthread_self()
            started.signal()
            run()
        }
        runner.name = name
        runner.start()
        started.wait()
    }

    deinit {
        readScratch.deallocate()
    }

    /// Whether the caller runs on this loop's thread.
    public var inLoop: Bool {
        guard let thread else { return false }
        return pthread_equal(thread, pthread_self()) != 0
    }

    /// The value of the `Date` field for responses sent now, formatted at most once a second.
    func httpDate() -> [UInt8] {
        let now = time(nil)
        if now == dateSecond { return dateField }
        var parts = tm()
        var seconds = now
        gmtime_r(&seconds, &parts)
        var text = [CChar](repeating: 0, count: 64)
        // The process never calls setlocale, so strftime speaks the C locale's English day and month names.
        let length = strftime(&text, text.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        dateField = text[0..<length].map { UInt8(bitPattern: $0) }
        dateSecond = now
        return dateField
    }

    /// Runs `work` on the loop thread: at once when already there, else at the next turn.
    public func execute(_ work: @escaping @Sendable () -> Void) {
        if inLoop {
            work()
            return
        }
        inbox.lock()
        queued.append(work)
        let needsWake = !wakePending
        wakePending = true
        inbox.unlock()
        if needsWake { signalWake() }
    }

    /// Stops the loop after the work already queued and waits for its thread to end; later calls do nothing.
    func stop() {
        precondition(!inLoop, "an event loop cannot stop itself and wait for its own thread")
        inbox.lock()
        let first = !stopRequested
        stopRequested = true
        inbox.unlock()
        guard first else { return }
        execute { [self] in stopping = true }
        finished.wait()
    }

    /// Watches `fd` for the given epoll bits, reporting to `source`.
    func register(_ fd: Int32, events: UInt32, source: any LoopSource) throws(SocketError) {
        if case .failed(let code) = Epoll.change(epoll, Epoll.add, fd, events) {
            throw SocketError(operation: "epoll_ctl add", address: "fd \(fd)", code: code)
        }
        if Int(fd) >= sources.count { sources.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - sources.count)) }
        sources[Int(fd)] = source
    }

    /// Changes the epoll bits watched on `fd`.
    func modify(_ fd: Int32, events: UInt32) {
        _ = Epoll.change(epoll, Epoll.modify, fd, events)
    }

    /// Stops watching `fd` and closes it.
    func closeDescriptor(_ fd: Int32) {
        _ = Epoll.change(epoll, Epoll.delete, fd, 0)
        if Int(fd) < sources.count { sources[Int(fd)] = nil }
        close(fd)
    }

    /// Arms `timer` to fire at `deadline` (monotonic nanoseconds).
    func arm(_ timer: LoopTimer, at deadline: UInt64) {
        timers.push(deadline, timer)
    }

    private func signalWake() {
        var one: UInt64 = 1
        _ = socketCall { write(wake, &one, 8) }
    }

    private func run() {
        let capacity = 256
        let events = UnsafeMutableRawPointer.allocate(byteCount: capacity * Epoll.eventSize, alignment: 8)
        defer { events.deallocate() }
        while !stopping {
            let timeout = millisecondsUntilNextTimer()
            let count: Int
            switch socketCall({ Epoll.wait(epoll, events, Int32(capacity), timeout) }) {
            case .done(let ready): count = ready
            case .wouldBlock, .failed: count = 0
            }
            turnStart = monotonicNow()
            for index in 0..<count {
                let (bits, fd) = Epoll.loadEvent(events, index)
                if fd == wake {
                    drainInbox()
                } else if Int(fd) < sources.count, let source = sources[Int(fd)] {
                    source.ready(bits)
                }
            }
            fireTimers()
        }
        for (fd, source) in sources.enumerated() where source != nil { close(Int32(fd)) }
        sources = []
        close(wake)
        close(epoll)
        finished.signal()
    }

    private func drainInbox() {
        var counter: UInt64 = 0
        _ = socketCall { read(wake, &counter, 8) }
        inbox.lock()
        let work = queued
        queued = []
        wakePending = false
        inbox.unlock()
        for item in work { item() }
    }

    private func millisecondsUntilNextTimer() -> Int32 {
        guard let next = timers.earliest else { return -1 }
        let now = monotonicNow()
        if next <= now { return 0 }
        return Int32(min((next - now + 999_999) / 1_000_000, 60_000))
    }

    private func fireTimers() {
        guard timers.earliest != nil else { return }
        let now = monotonicNow()
        while let next = timers.earliest, next <= now, let (key, timer) = timers.pop() {
            timer.fire(key: key, now: now)
        }
    }
}
