/// A value in memory of its own, which its owner reaches through addressors and so without the
/// runtime's dynamic exclusivity checks.
///
/// A connection changes its buffers on every request; as stored properties, each change that
/// spans a call paid a dynamic check (a thread-local lookup and a record of the access), which
/// profiles put at several percent of the router's CPU. The owner must never let two accesses
/// to the value overlap: a connection is confined to its loop thread, and none of its buffer
/// operations calls back into the connection.
final class UncheckedCell<Value> {
    /// Where the value lives, for the owner's `unsafeAddress` and `unsafeMutableAddress`.
    let pointer: UnsafeMutablePointer<Value>

    /// Stores `value` in memory of its own.
    init(_ value: Value) {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: value)
    }

    deinit {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }
}
