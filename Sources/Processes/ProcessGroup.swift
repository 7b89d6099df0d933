import Foundation
import Glibc

/// A spawned process (a job, a model server), started as the leader of its own process group so
/// that the whole tree it starts can be signalled at once, and the read end of the pipe that carries its output.
public final class ProcessGroup {
    /// The leader's process id, which is also the group id.
    public let leader: pid_t
    /// The read end of the pipe holding the group's stdout and stderr.
    public let output: Int32

    private init(leader: pid_t, output: Int32) {
        self.leader = leader
        self.output = output
    }

    /// The signals the child starts with at their default action: a parent that ignores
    /// `SIGPIPE` or `SIGTERM` would otherwise pass that on through `exec`.
    private static let defaultSignals: [Int32] = [SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGUSR1, SIGUSR2, SIGCHLD, SIGXCPU, SIGXFSZ, SIGALRM]

    /// The variables every spawned process starts from: a fixed `PATH`, `HOME` at `home` and a UTF-8 locale.
    public static func baseEnvironment(home: String) -> [String: String] {
        ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8"]
    }

    /// Starts `executable` with exactly `arguments` and `environment` in `workingDirectory`,
    /// stdin from `/dev/null`, stdout and stderr into a new pipe.
    public static func spawn(executable: String, arguments: [String], environment: [String: String],
                      workingDirectory: String) throws(SystemError) -> ProcessGroup {
        guard let addChdir = GNUExtensions.addChdir else {
            throw SystemError(operation: "posix_spawn_file_actions_addchdir_np (glibc 2.29 or later is needed)", code: ENOSYS)
        }
        var ends: [Int32] = [-1, -1]
        if let pipe2 = GNUExtensions.pipe2 {
            try SystemCall.checked("pipe2") { pipe2(&ends, O_CLOEXEC) }
        } else {
            try SystemCall.checked("pipe") { pipe(&ends) }
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        defer { close(writeEnd) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        do {
            try SystemCall.returningCode("stdin from /dev/null") { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
            try SystemCall.returningCode("stdout to the log pipe") { posix_spawn_file_actions_adddup2(&actions, writeEnd, 1) }
            try SystemCall.returningCode("stderr to the log pipe") { posix_spawn_file_actions_adddup2(&actions, writeEnd, 2) }
            try SystemCall.returningCode("change folder to \(workingDirectory)") { addChdir(&actions, workingDirectory) }

            var defaults = sigset_t()
            sigemptyset(&defaults)
            for signal in defaultSignals { sigaddset(&defaults, signal) }
            var unblocked = sigset_t()
            sigemptyset(&unblocked)
            let flags = Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
            try SystemCall.returningCode("spawn flags") { posix_spawnattr_setflags(&attributes, flags) }
            try SystemCall.returningCode("own process group") { posix_spawnattr_setpgroup(&attributes, 0) }
            try SystemCall.returningCode("default signals") { posix_spawnattr_setsigdefault(&attributes, &defaults) }
            try SystemCall.returningCode("signal mask") { posix_spawnattr_setsigmask(&attributes, &unblocked) }

            let argv = arguments.map { strdup($0) } + [nil]
            let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { (argv + envp).forEach { free($0) } }
            var pid: pid_t = 0
            try SystemCall.returningCode("spawn \(executable) in \(workingDirectory)") {
                posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            }
            return ProcessGroup(leader: pid, output: readEnd)
        } catch {
            close(readEnd)
            throw error
        }
    }

    /// Sends `signal` to every process of the group; false when none is left.
    @discardableResult
    public func signal(_ signal: Int32) -> Bool {
        do {
            try SystemCall.checked("kill -\(signal) -\(leader)") { kill(-leader, signal) }
            return true
        } catch {
            return false
        }
    }

    /// The leader's wait status and resource usage once it has exited, or nil while it runs
    /// (`blocking` waits for it instead).
    public func reapLeader(blocking: Bool) throws(SystemError) -> (status: Int32, usage: rusage)? {
        var status: Int32 = 0
        var usage = rusage()
        let pid = try SystemCall.checked("wait4 \(leader)") { wait4(leader, &status, blocking ? 0 : WNOHANG, &usage) }
        return pid == leader ? (status, usage) : nil
    }

    /// Whether a process of the group is still alive. Zombies do not count: under an init that
    /// does not reap orphans (as in some containers) they stay in the group but run no code.
    public var hasLiveMembers: Bool {
        do {
            try SystemCall.checked("probe process group \(leader)") { kill(-leader, 0) }
        } catch {
            return error.code != ESRCH
        }
        return Self.liveMembers(ofGroup: leader) > 0
    }

    /// The processes of group `group` that are not zombies, read from `/proc`.
    public static func liveMembers(ofGroup group: pid_t) -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { entry in
            guard entry.first?.isNumber == true,
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            // After the command name in parentheses: state, parent id, group id.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let member = pid_t(fields[2]) else { return false }
            return member == group && fields[0] != "Z" && fields[0] != "X"
        }.count
    }
}
