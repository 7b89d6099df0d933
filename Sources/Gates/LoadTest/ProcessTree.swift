import Foundation
import Glibc

/// One reading of a process and everything it started, from `/proc`.
struct ProcessTreeReading: Sendable {
    /// User and system CPU time of the members and of the children they have reaped, in clock ticks.
    var ticks: UInt64
    /// Resident memory summed over the members, in bytes.
    var residentBytes: UInt64
    /// Each member's own peak resident memory (VmHWM), summed, in bytes.
    var highWaterBytes: UInt64
    /// How many processes the tree holds.
    var processes: Int
}

/// The processes that make up a server: the process, its descendants, and its process group when
/// it leads one (so that workers a server re-parents still count).
enum ProcessTree {
    /// Clock ticks per second, the unit of CPU times in `/proc/PID/stat`.
    static let ticksPerSecond = UInt64(max(1, sysconf(Int32(_SC_CLK_TCK))))

    /// Reads the tree rooted at `root`; nil when `root` is not running.
    static func read(root: pid_t) -> ProcessTreeReading? {
        let all = statuses()
        guard let leader = all[root] else { return nil }
        let group = leader.group == root ? root : nil
        var children: [pid_t: [pid_t]] = [:]
        for (pid, stat) in all { children[stat.parent, default: []].append(pid) }
        var members: Set<pid_t> = []
        var pending = [root] + all.compactMap { pid, stat in stat.group == group ? pid : nil }
        while let pid = pending.popLast() {
            guard members.insert(pid).inserted else { continue }
            pending += children[pid] ?? []
        }
        var reading = ProcessTreeReading(ticks: 0, residentBytes: 0, highWaterBytes: 0, processes: 0)
        for pid in members {
            guard let stat = all[pid] else { continue }
            reading.ticks += stat.ticks
            reading.processes += 1
            let memory = residentMemory(pid)
            reading.residentBytes += memory.resident
            reading.highWaterBytes += memory.highWater
        }
        return reading
    }

    /// Parent, group and CPU ticks of one process, from `/proc/PID/stat`.
    private struct Stat {
        var parent: pid_t
        var group: pid_t
        var ticks: UInt64
    }

    /// Every live (not zombie) process's stat.
    private static func statuses() -> [pid_t: Stat] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var result: [pid_t: Stat] = [:]
        for entry in entries {
            guard let pid = pid_t(entry), let stat = stat(pid) else { continue }
            result[pid] = stat
        }
        return result
    }

    private static func stat(_ pid: pid_t) -> Stat? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // After the command name in parentheses: field 3 (state) onwards; 14–17 are
        // utime, stime, cutime, cstime.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 14, fields[0] != "Z", fields[0] != "X",
              let parent = pid_t(fields[1]), let group = pid_t(fields[2]) else { return nil }
        let ticks = fields[11...14].reduce(UInt64(0)) { $0 + (UInt64($1) ?? 0) }
        return Stat(parent: parent, group: group, ticks: ticks)
    }

    /// VmRSS and VmHWM of `pid` in bytes (zero for a kernel thread or a process gone meanwhile).
    private static func residentMemory(_ pid: pid_t) -> (resident: UInt64, highWater: UInt64) {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return (0, 0) }
        var resident: UInt64 = 0
        var highWater: UInt64 = 0
        for line in text.split(separator: "\n") where line.hasPrefix("Vm") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count >= 2, let kilobytes = UInt64(parts[1]) else { continue }
            if parts[0] == "VmRSS:" { resident = kilobytes * 1024 }
            if parts[0] == "VmHWM:" { highWater = kilobytes * 1024 }
        }
        return (resident, highWater)
    }
}
