import Dispatch
import Glibc

/// Samples a server's process tree from another thread while a load test runs, so that reading
/// `/proc` never delays a request.
final class ServerUsageSampler: @unchecked Sendable {
    private let pid: pid_t
    private let interval: DispatchTimeInterval
    private let queue = DispatchQueue(label: "slipway.loadtest.sampler")
    private var timer: DispatchSourceTimer?
    private var first: ProcessTreeReading?
    private var started: UInt64 = 0
    private var peakResident: UInt64 = 0
    private var mostProcesses = 0

    /// A sampler of `pid` taking a reading every `interval`.
    init(pid: pid_t, interval: DispatchTimeInterval = .milliseconds(200)) {
        self.pid = pid
        self.interval = interval
    }

    /// Takes the first reading and starts sampling; false when the process is not running.
    func start() -> Bool {
        queue.sync {
            guard let reading = ProcessTree.read(root: pid) else { return false }
            first = reading
            started = MonotonicTime.now()
            note(reading)
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + interval, repeating: interval)
            timer.setEventHandler { [weak self] in
                guard let self, let reading = ProcessTree.read(root: pid) else { return }
                note(reading)
            }
            timer.resume()
            self.timer = timer
            return true
        }
    }

    /// Takes the last reading and stops; nil when sampling never started or the process is gone.
    func stop() -> ServerUsage? {
        queue.sync {
            timer?.cancel()
            timer = nil
            guard let first, let last = ProcessTree.read(root: pid) else { return nil }
            note(last)
            let seconds = Double(MonotonicTime.now() - started) / 1e9
            let ticks = last.ticks >= first.ticks ? last.ticks - first.ticks : 0
            let cpu = Double(ticks) / Double(ProcessTree.ticksPerSecond)
            return ServerUsage(pid: pid, processes: mostProcesses, seconds: seconds, cpuSeconds: cpu,
                               averageCores: seconds > 0 ? cpu / seconds : 0,
                               peakResidentBytes: peakResident, highWaterBytes: last.highWaterBytes)
        }
    }

    private func note(_ reading: ProcessTreeReading) {
        peakResident = max(peakResident, reading.residentBytes)
        mostProcesses = max(mostProcesses, reading.processes)
    }
}
