import Foundation
import Journal
import Manifests
import Processes

/// Why a pipeline stopped, with the failed step's job when there was one.
struct StepFailure: Error {
    var reason: String
    var outcome: JobOutcome?
}

extension Training {
    /// Runs a pipeline's steps in dependency order. Each step has its own key — its command,
    /// environment and timeout, the parameters, the model's code and data, and the keys of the
    /// steps it needs — so a step whose key was run before is reused from the store, and changing
    /// the last step does not rerun the first. Returns the folder of the output step's artifact.
    func runSteps(of pipeline: Pipeline, key: String, inputs: RunInputs, values: [String: String], work: WorkFolder,
                  logs: String, limits: ResourceLimits, ledger: RunLedger, say: (String) -> Void,
                  trainerOutput: LogSink?) async throws -> Result<String, StepFailure> {
        var stepKeys: [String: String] = [:]
        var stepFolders: [String: String] = [:]
        for step in pipeline.order {
            let stepKey = SHA256.hash(CanonicalJSON.object([
                "step": .string(step.name),
                "command": .array(step.command.map { .string($0) }),
                "env": .object(step.env.mapValues { .string($0) }),
                "timeoutMs": .int(step.timeout.milliseconds),
                "params": .string(inputs.params),
                "code": .string(inputs.code),
                "data": .object(inputs.data.mapValues { .string($0) }),
                "needs": .object(Dictionary(step.needs.map { ($0, CanonicalJSON.string(stepKeys[$0] ?? "")) }, uniquingKeysWith: { a, _ in a })),
                "executor": .string(inputs.executor),
            ]).text).description
            stepKeys[step.name] = stepKey

            if let stored = ledger.steps[stepKey], let digest = Digest(stored), state.artifacts.contains(digest) {
                try state.journal.append(StepFinished(model: model.name, runKey: key, step: step.name, stepKey: stepKey,
                                                      artifact: stored, reused: true, outcome: nil))
                say("step \(step.name): reused \(stored)")
                stepFolders[step.name] = state.artifacts.path(for: digest)
                continue
            }
            let output = work.root + "/steps/" + step.name
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            var stepValues = values
            stepValues["output"] = output
            for need in step.needs { stepValues["steps.\(need)"] = stepFolders[need] }
            let arguments: [String]
            do {
                arguments = try Placeholders.resolve(step.command, with: stepValues)
            } catch {
                return .failure(StepFailure(reason: "step \(step.name): \(error)"))
            }
            var job = work.job(arguments, name: step.name, environment: model.train.env.merging(step.env) { _, own in own },
                               timeout: step.timeout, limits: limits)
            job.logPath = logs + "/" + step.name + ".log"
            say("step \(step.name): \(arguments.joined(separator: " "))")
            let outcome = try await executor.run(job, log: trainerOutput)
            guard outcome.succeeded else {
                return .failure(StepFailure(reason: "step \(step.name) \(outcome.summary); log: \(job.logPath)", outcome: outcome))
            }
            let digest = try state.artifacts.store(folder: output, moving: true)
            try state.journal.append(StepFinished(model: model.name, runKey: key, step: step.name, stepKey: stepKey,
                                                  artifact: digest.description, reused: false, outcome: outcome))
            say("step \(step.name): \(outcome.summary), output \(digest)")
            stepFolders[step.name] = state.artifacts.path(for: digest)
        }
        guard let folder = stepFolders[pipeline.output] else {
            return .failure(StepFailure(reason: "pipeline '\(pipeline.name)' has no output step '\(pipeline.output)'"))
        }
        return .success(folder)
    }
}
