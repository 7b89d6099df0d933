import Foundation

/// Starts `slipway dataplane` for a state folder as its own session, so that it outlives the
/// daemon that started it, and waits until its control API answers.
public struct DataplaneLauncher: Sendable {
    public let stateFolder: String
    /// Where the router listens (`HOST:PORT`).
    public let listen: String
    /// The `slipway` executable.
    public let executable: String
    /// How long a started data plane may take to answer.
    public let startTimeout: Duration

    public init(stateFolder: String, listen: String, executable: String, startTimeout: Duration = .seconds(30)) {
        self.stateFolder = stateFolder
        self.listen = listen
        self.executable = executable
        self.startTimeout = startTimeout
    }

    /// The log the data plane writes to.
    public var logPath: String { stateFolder + "/dataplane/dataplane.log" }

    /// Starts a data plane unless `dataplane` already answers; true when one was started.
    @discardableResult
    public func ensure(_ dataplane: any Dataplane) async throws(DataplaneError) -> Bool {
        if (try? await dataplane.observed()) != nil { return false }
        do {
            try FileManager.default.createDirectory(atPath: stateFolder + "/dataplane", withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            output.seekToEndOfFile()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = [executable, "dataplane", "--state", stateFolder, "--listen", listen]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = output
            process.standardError = output
            try process.run()
            try? output.close()
        } catch {
            throw DataplaneError(.unreachable, "the data plane could not be started: \(error.localizedDescription)")
        }
        let deadline = ContinuousClock.now + startTimeout
        while (try? await dataplane.observed()) == nil {
            guard ContinuousClock.now < deadline else {
                throw DataplaneError(.unreachable, "a data plane was started but did not answer within \(startTimeout); see \(logPath)")
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return true
    }
}
