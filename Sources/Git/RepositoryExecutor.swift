import Dispatch

/// Runs one repository's work on its own serial dispatch queue.
///
/// libgit2 calls block (a fetch waits on the network, a large read on the disk); on the shared
/// cooperative pool, which has one thread per core, that would stall every other task of the
/// daemon. A queue of its own keeps the blocking off that pool while staying serial.
final class RepositoryExecutor: SerialExecutor {
    /// The queue the repository's jobs run on.
    let queue: DispatchQueue

    /// A queue named after the repository, so thread dumps say which one is busy.
    init(path: String) {
        queue = DispatchQueue(label: "slipway.git \(path)")
    }

    /// Schedules a job of the actor on the queue.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedSerialExecutor()) }
    }
}
