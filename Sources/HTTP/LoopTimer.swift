/// A movable deadline on one loop that calls back when it passes.
///
/// Moving the deadline later costs nothing: the heap entry stays, and when it fires early the
/// timer re-arms itself for the new deadline. So a connection that resets its idle deadline on
/// every request keeps at most a couple of heap entries, not one per request.
final class LoopTimer {
    private unowned let loop: EventLoop
    private var deadline: UInt64?
    private var armedAt: UInt64?
    /// Held until `cancel()`: an owner's action usually captures the owner, and a weak capture
    /// would put every retain and release of the owner on the runtime's slow path.
    private var expired: (() -> Void)?

    /// Creates a disarmed timer on `loop` with no action yet.
    init(loop: EventLoop) {
        self.loop = loop
    }

    /// Makes `action` what the timer calls, on the loop thread, when its deadline passes.
    func onExpiry(_ action: @escaping () -> Void) {
        expired = action
    }

    /// Sets the deadline (monotonic nanoseconds), or clears it with nil.
    func set(_ newDeadline: UInt64?) {
        deadline = newDeadline
        guard let newDeadline else { return }
        if let armedAt, armedAt <= newDeadline { return }
        armedAt = newDeadline
        loop.arm(self, at: newDeadline)
    }

    /// Disarms the timer for good and lets go of its action, and so of the owner the action holds.
    func cancel() {
        deadline = nil
        expired = nil
    }

    /// Called by the loop when the heap entry armed at `key` comes due.
    func fire(key: UInt64, now: UInt64) {
        guard key == armedAt else { return }
        armedAt = nil
        guard let deadline else { return }
        if deadline > now {
            armedAt = deadline
            loop.arm(self, at: deadline)
            return
        }
        self.deadline = nil
        expired?()
    }
}
