import Foundation
import Glibc
import Processes

/// A model server's process and its group, either spawned by this supervisor (a child it reaps)
/// or adopted from an earlier one (watched through `/proc`, since only a parent can wait for it).
final class ServerProcess {
    /// The leader's process id, which is also the group id.
    let pid: pid_t
    /// The leader's start time (field 22 of `/proc/<pid>/stat`), which tells it apart from a
    /// later process given the same id.
    let startTime: UInt64
    /// The spawned group; nil for an adopted process.
    private let group: ProcessGroup?
    /// How the leader ended, once seen.
    private(set) var ending: String?

    /// Takes over a process group just spawned.
    init(spawned group: ProcessGroup) {
        self.group = group
        pid = group.leader
        // Read at once, before the leader can exit; a leader gone already ends on the next check.
        startTime = Self.startTime(of: group.leader) ?? 0
    }

    /// Adopts `pid` when it still runs and started at `startTime`; nil otherwise.
    init?(adopting pid: pid_t, startTime: UInt64) {
        guard pid > 0, Self.startTime(of: pid) == startTime else { return nil }
        self.pid = pid
        self.startTime = startTime
        group = nil
    }

    /// Whether the leader has ended; reaps it when it is a child.
    var hasEnded: Bool {
        if ending != nil { return true }
        if let group {
            do {
                if let end = try group.reapLeader(blocking: false) { ending = Self.describe(end.status) }
            } catch {
                ending = "lost: \(error)"
            }
        } else {
            // A supervisor reopened in the process that spawned the server is still its parent:
            // reap it so it leaves no zombie. Anywhere else this fails with ECHILD, harmlessly.
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                ending = Self.describe(status)
            } else if Self.startTime(of: pid) != startTime {
                ending = "ended while adopted"
            }
        }
        return ending != nil
    }

    /// Whether neither the leader nor any process of its group runs any more.
    var isGone: Bool { hasEnded && ProcessGroup.liveMembers(ofGroup: pid) == 0 }

    /// Sends `signal` to the whole group.
    func signal(_ signal: Int32) {
        if let group {
            group.signal(signal)
        } else {
            _ = try? SystemCall.checked("kill -\(signal) -\(pid)") { kill(-pid, signal) }
        }
    }

    /// The start time of a running (not zombie) `pid`, or nil when there is none.
    static func startTime(of pid: pid_t) -> UInt64? { ProcessMark.startTime(of: pid) }

    /// A wait status in words: "exit code 1" or "signal 9".
    static func describe(_ status: Int32) -> String {
        let signal = status & 0x7f
        return signal == 0 ? "exit code \((status >> 8) & 0xff)" : "signal \(signal)"
    }
}
