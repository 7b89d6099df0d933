import Foundation
import Glibc
@testable import Pipelines
import Processes
import TestSupport

/// A scratch folder in which tests build `/bin/sh -c` jobs (the test's own trainers).
struct ExecutorScratch {
    let folder: TemporaryDirectory
    let executor: LocalExecutor

    init(concurrency: Int = 1) throws {
        folder = try TemporaryDirectory(prefix: "slipway-exec")
        executor = LocalExecutor(concurrency: concurrency)
    }

    var path: String { folder.path }

    /// A job running `script` with `sh -c` in the scratch folder; `arguments` become `$1…`.
    func shell(_ script: String, _ arguments: [String] = [], name: String = "job", timeout: Duration = .seconds(30),
               grace: Duration = .milliseconds(300), limits: ResourceLimits = .none,
               environment: [String: String] = [:], logCap: Int = 1 << 20) -> Job {
        Job(arguments: ["/bin/sh", "-c", script, "sh"] + arguments, workingDirectory: path, environment: environment,
            timeout: timeout, grace: grace, limits: limits, logPath: path + "/\(name).log", logCap: logCap)
    }

    /// The text of a file in the scratch folder.
    func read(_ relativePath: String) throws -> String {
        try String(contentsOfFile: path + "/" + relativePath, encoding: .utf8)
    }
}

/// Collects the chunks a log sink receives, from whatever thread delivers them.
final class ChunkCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [[UInt8]] = []

    /// The sink to hand to the executor.
    var sink: LogSink { { chunk in self.lock.withLock { self.chunks.append(chunk) } } }

    /// Everything received, joined.
    var text: String { lock.withLock { String(decoding: chunks.joined(), as: UTF8.self) } }
    /// How many chunks arrived.
    var count: Int { lock.withLock { chunks.count } }
}

/// Whether process `pid` still runs code (it exists and is not a zombie).
func isRunning(_ pid: pid_t) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(after: close)...].split(separator: " ").first
    return state != "Z" && state != "X"
}
