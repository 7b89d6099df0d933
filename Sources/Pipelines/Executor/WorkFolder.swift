import Foundation
import Processes

/// The fresh folder a job runs in: the model's files at the revision, and folders for what it writes.
public struct WorkFolder: Sendable, Equatable {
    /// The folder itself, also the job's `HOME`.
    public let root: String
    /// The model's folder exported from the revision; the job's working directory.
    public let model: String
    /// Where the job writes its output (`${output}`).
    public let output: String
    /// Where a test command writes its reports (`${reports}`).
    public let reports: String

    /// The layout under `root`.
    public init(root: String) {
        self.root = root
        self.model = root + "/model"
        self.output = root + "/output"
        self.reports = root + "/reports"
    }

    /// The log file of the job named `name` (`train`, a step's or gate's name).
    public func logPath(_ name: String) -> String { root + "/" + name + ".log" }

    /// Where the process of the job named `name` is marked while it runs.
    public func markPath(_ name: String) -> String { root + "/" + name + ".mark" }

    /// Stops every job an earlier process started in a work folder under `folder` and left running
    /// (found by the marks they left), then removes those folders: a retry never shares a folder,
    /// or the machine, with a leftover of the attempt it replaces.
    public static func clearLeftovers(under folder: String) {
        let fileManager = FileManager.default
        for attempt in (try? fileManager.contentsOfDirectory(atPath: folder)) ?? [] {
            let root = folder + "/" + attempt
            for name in (try? fileManager.contentsOfDirectory(atPath: root)) ?? [] where name.hasSuffix(".mark") {
                if let data = fileManager.contents(atPath: root + "/" + name), let mark = try? JSONDecoder().decode(ProcessMark.self, from: data) {
                    mark.stopGroup()
                }
            }
            try? fileManager.removeItem(atPath: root)
        }
    }

    /// Clears every run's work folders under `<state>/work` the way `clearLeftovers` does, for a
    /// process that has just taken the state folder: none of them belongs to a run in progress.
    /// Returns the folders cleared.
    @discardableResult
    public static func clearAllLeftovers(stateFolder: String) -> [String] {
        let work = stateFolder + "/work"
        let keys = ((try? FileManager.default.contentsOfDirectory(atPath: work)) ?? []).sorted()
        for key in keys {
            clearLeftovers(under: work + "/" + key)
            try? FileManager.default.removeItem(atPath: work + "/" + key)
        }
        return keys
    }

    /// The placeholders this folder answers: `output` and `reports`.
    public var placeholders: [String: String] { ["output": output, "reports": reports] }

    /// A job that runs `arguments` in the model's folder with `HOME` here.
    public func job(_ arguments: [String], name: String, environment: [String: String] = [:],
                    timeout: Duration, limits: ResourceLimits = .none) -> Job {
        var job = Job(arguments: arguments, workingDirectory: model, environment: ["HOME": root].merging(environment) { _, own in own },
                      timeout: timeout, limits: limits, logPath: logPath(name))
        job.markPath = markPath(name)
        return job
    }
}
