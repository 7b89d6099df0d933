import Foundation
import Glibc

/// A process told apart from any later one given the same id: its id and its start time (field 22
/// of `/proc/<pid>/stat`, in clock ticks since boot). Written down when a job or server starts, it
/// lets a later process find and stop what an earlier one left running, and never anything else.
public struct ProcessMark: Codable, Sendable, Equatable {
    public var pid: pid_t
    public var startTime: UInt64

    public init(pid: pid_t, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// The mark of `pid` while it runs (not a zombie); nil when there is no such process.
    public static func of(_ pid: pid_t) -> ProcessMark? {
        startTime(of: pid).map { ProcessMark(pid: pid, startTime: $0) }
    }

    /// The start time of a running (not zombie) `pid`, or nil when there is none.
    public static func startTime(of pid: pid_t) -> UInt64? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // After the command name in parentheses come fields 3 (state) onwards; 22 is the start time.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, fields[0] != "Z", fields[0] != "X" else { return nil }
        return UInt64(fields[19])
    }

    /// Whether the marked process still runs: the same id with the same start time.
    public var isRunning: Bool { Self.startTime(of: pid) == startTime }

    /// Stops the marked process's whole group by the teardown ladder while its leader still runs;
    /// returns once none of the group is left or the ladder is done. Blocks. A leader that is gone
    /// leaves its id free for reuse, so its group is then left alone rather than risk another's.
    public func stopGroup(grace: Duration = .seconds(5)) {
        guard isRunning else { return }
        let clock = ContinuousClock()
        for step in TeardownStep.ladder(grace: grace) {
            switch step {
            case .signal(let signal):
                _ = kill(-pid, signal)
            case .wait(let grace):
                let deadline = clock.now.advanced(by: grace)
                while ProcessGroup.liveMembers(ofGroup: pid) > 0, clock.now < deadline { usleep(20_000) }
            }
        }
    }
}
