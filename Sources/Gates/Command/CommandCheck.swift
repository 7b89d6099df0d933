import Foundation
import Manifests
import Pipelines

/// `command`: runs a test command in the candidate's model folder with the executor's limits; the
/// exit status is the verdict, the output's tail and any JUnit XML it wrote are the evidence.
public struct CommandCheck: Gate {
    public let name: String
    let spec: CommandGate
    let timeout: Duration
    let executor: any Executor
    /// Where the gate's log and `${reports}` folder go.
    let workFolder: String

    /// Bytes of output kept in the evidence.
    static let tailBytes = 4096

    public init(name: String, spec: CommandGate, timeout: Duration, executor: any Executor, workFolder: String) {
        self.name = name
        self.spec = spec
        self.timeout = timeout
        self.executor = executor
        self.workFolder = workFolder
    }

    public func evaluate(_ subject: GateSubject) async -> GateResult {
        let started = Date()
        let reports = workFolder + "/\(name)-reports"
        let result = { (verdict: GateVerdict, reason: String, evidence: [String: JSONValue]) in
            GateResult(gate: name, kind: "command", verdict: verdict, reason: reason, evidence: .object(evidence),
                       violations: verdict == .fail ? [reason] : [], seconds: Date().timeIntervalSince(started))
        }
        var values = ["reports": reports]
        if let artifact = subject.artifactFolder { values["artifact"] = artifact }
        let arguments: [String]
        do {
            try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
            arguments = try Placeholders.resolve(spec.command, with: values)
        } catch {
            return result(.error, "the command cannot be prepared: \(error)", ["command": .array(spec.command.map(JSONValue.string))])
        }
        let job = Job(arguments: arguments, workingDirectory: subject.folder, environment: spec.env, timeout: timeout,
                      logPath: workFolder + "/\(name).log")
        let outcome: JobOutcome
        do {
            outcome = try await executor.run(job, log: nil)
        } catch {
            return result(.error, "the command could not be run: \(error)", ["command": .array(arguments.map(JSONValue.string))])
        }
        var evidence: [String: JSONValue] = [
            "command": .array(arguments.map(JSONValue.string)),
            "outcome": .string(outcome.summary),
            "succeeded": .bool(outcome.succeeded),
            "seconds": .number(outcome.duration.seconds),
            "outputTail": .string(Self.tail(of: outcome.logPath)),
        ]
        if let counts = JUnitCounts.read(folder: reports) { evidence["tests"] = counts.json }
        if outcome.succeeded {
            let tests = JUnitCounts.read(folder: reports).map { ", \($0.summary)" } ?? ""
            return result(.pass, "the command succeeded\(tests)", evidence)
        }
        return result(.fail, "the command failed: \(outcome.summary)", evidence)
    }

    /// The last bytes of the job's log, as text.
    static func tail(of path: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > UInt64(tailBytes) ? size - UInt64(tailBytes) : 0)
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }
}
