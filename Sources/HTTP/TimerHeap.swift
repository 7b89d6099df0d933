/// A binary min-heap of loop timers ordered by deadline.
struct TimerHeap {
    private var entries: [(deadline: UInt64, timer: LoopTimer)] = []

    /// The earliest deadline, if any timer is armed.
    var earliest: UInt64? { entries.first?.deadline }

    /// Adds `timer` under `deadline`.
    mutating func push(_ deadline: UInt64, _ timer: LoopTimer) {
        entries.append((deadline, timer))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if entries[parent].deadline <= entries[child].deadline { break }
            entries.swapAt(parent, child)
            child = parent
        }
    }

    /// Removes and returns the entry with the earliest deadline.
    mutating func pop() -> (UInt64, LoopTimer)? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let top = entries.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].deadline < entries[smallest].deadline { smallest = left }
            if right < entries.count, entries[right].deadline < entries[smallest].deadline { smallest = right }
            if smallest == parent { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return (top.deadline, top.timer)
    }
}
