import Foundation
import Glibc
@testable import Pipelines
import Processes
import Testing
import TestSupport

@Suite(.serialized) struct ExecutorTests {
    @Test func exitZeroSucceeds() async throws {
        let scratch = try ExecutorScratch()
        let outcome = try await scratch.executor.run(scratch.shell("echo trained"), log: nil)
        #expect(outcome.termination == .exited(0))
        #expect(outcome.succeeded)
        #expect(!outcome.timedOut)
        #expect(outcome.summary.hasPrefix("exited 0 in "), "\(outcome.summary)")
        #expect(try scratch.read("job.log") == "trained\n")
        #expect(outcome.peakMemoryBytes > 0)
    }

    @Test func nonZeroExitIsAnOutcome() async throws {
        let scratch = try ExecutorScratch()
        let outcome = try await scratch.executor.run(scratch.shell("echo bad data >&2; exit 3"), log: nil)
        #expect(outcome.termination == .exited(3))
        #expect(!outcome.succeeded)
        #expect(outcome.summary.hasPrefix("exited 3 in "), "\(outcome.summary)")
        #expect(try scratch.read("job.log") == "bad data\n")
    }

    @Test func crashBySignalIsRecorded() async throws {
        let scratch = try ExecutorScratch()
        let outcome = try await scratch.executor.run(scratch.shell("kill -SEGV $$"), log: nil)
        #expect(outcome.termination == .signalled(SIGSEGV))
        #expect(outcome.summary.hasPrefix("killed by SIGSEGV in "), "\(outcome.summary)")
        #expect(outcome.limitHit == nil)
    }

    @Test func timeoutKillsTheWholeGroupIncludingAGrandchildThatIgnoresTerm() async throws {
        let scratch = try ExecutorScratch()
        let job = scratch.shell(#"trap "" TERM; sleep 1000 & echo $! > grandchild.pid; wait"#,
                                timeout: .milliseconds(500), grace: .milliseconds(200))
        let outcome = try await scratch.executor.run(job, log: nil)
        #expect(outcome.timedOut)
        #expect(outcome.termination == .signalled(SIGKILL))
        #expect(outcome.summary == "killed by SIGKILL after the 0.5 s timeout")
        let grandchild = try #require(pid_t(scratch.read("grandchild.pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!isRunning(grandchild))
        #expect(ProcessGroup.liveMembers(ofGroup: outcome.processGroup) == 0)
        // Under an init that reaps orphans the group is gone altogether; here zombies may linger.
        let probe = kill(-outcome.processGroup, 0)
        #expect(probe == -1 ? errno == ESRCH : ProcessGroup.liveMembers(ofGroup: outcome.processGroup) == 0)
    }

    @Test func aJobThatHonoursTermStopsAtTheFirstRung() async throws {
        let scratch = try ExecutorScratch()
        let outcome = try await scratch.executor.run(scratch.shell("sleep 1000", timeout: .milliseconds(300), grace: .seconds(30)), log: nil)
        #expect(outcome.timedOut)
        #expect(outcome.termination == .signalled(SIGTERM))
    }

    @Test func cancellingTheTaskStopsTheJobAndStillGivesItsOutcome() async throws {
        let scratch = try ExecutorScratch()
        try FileManager.default.createDirectory(atPath: scratch.path + "/marks", withIntermediateDirectories: true)
        let job = scratch.shell("touch marks/started; sleep 1000", timeout: .seconds(600))
        let task = Task { try await scratch.executor.run(job, log: nil) }
        let deadline = ContinuousClock.now.advanced(by: .seconds(20))
        while !FileManager.default.fileExists(atPath: scratch.path + "/marks/started"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        task.cancel()
        let outcome = try await task.value
        #expect(outcome.cancelled)
        #expect(!outcome.timedOut)
        #expect(!outcome.succeeded)
        #expect(outcome.termination == .signalled(SIGTERM))
        #expect(ProcessGroup.liveMembers(ofGroup: outcome.processGroup) == 0)
    }

    @Test func processesLeftBehindByAFinishedJobAreStopped() async throws {
        let scratch = try ExecutorScratch()
        let outcome = try await scratch.executor.run(scratch.shell("sleep 1000 >/dev/null 2>&1 & echo $! > stray.pid; exit 0"), log: nil)
        #expect(outcome.termination == .exited(0))
        #expect(outcome.strayProcessesStopped)
        let stray = try #require(pid_t(scratch.read("stray.pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!isRunning(stray))
    }

    @Test func theEnvironmentIsCleanAndDeclared() async throws {
        let scratch = try ExecutorScratch()
        setenv("SLIPWAY_PARENT_ONLY", "leaked", 1)
        defer { unsetenv("SLIPWAY_PARENT_ONLY") }
        let outcome = try await scratch.executor.run(scratch.shell("env", environment: ["SEED": "42"]), log: nil)
        #expect(outcome.succeeded)
        let lines = Set(try scratch.read("job.log").split(separator: "\n").map(String.init))
        #expect(!lines.contains { $0.hasPrefix("SLIPWAY_PARENT_ONLY=") })
        #expect(lines.isSuperset(of: ["PATH=/usr/local/bin:/usr/bin:/bin", "HOME=\(scratch.path)", "LANG=C.UTF-8", "SEED=42"]))
        // sh adds PWD (and may add OLDPWD) itself; nothing else may appear.
        let names = Set(lines.map { String($0.prefix { $0 != "=" }) })
        #expect(names.subtracting(["PATH", "HOME", "LANG", "SEED", "PWD", "OLDPWD"]).isEmpty, "\(names)")
    }

    @Test func theLogKeepsTheTailAndCountsWhatItDropped() async throws {
        let scratch = try ExecutorScratch()
        // 1,000 lines of 10 bytes: ten times the cap.
        let script = #"i=0; while [ $i -lt 1000 ]; do printf '%09d\n' $i; i=$((i+1)); done"#
        let outcome = try await scratch.executor.run(scratch.shell(script, logCap: 1000), log: nil)
        #expect(outcome.succeeded)
        #expect(outcome.logBytesWritten == 10_000)
        #expect(outcome.logBytesDropped == 9_000)
        let expected = (900..<1000).map { String(format: "%09d\n", $0) }.joined()
        #expect(try scratch.read("job.log") == expected)
        #expect(outcome.summary.hasSuffix("; log keeps the last 1000 of 10000 bytes"), "\(outcome.summary)")
    }

    @Test func liveChunksCarryTheSameOutputAsTheLog() async throws {
        let scratch = try ExecutorScratch()
        let collector = ChunkCollector()
        let outcome = try await scratch.executor.run(scratch.shell("echo epoch 1; echo warning >&2; echo epoch 2"), log: collector.sink)
        #expect(outcome.succeeded)
        #expect(collector.count >= 1)
        #expect(collector.text == "epoch 1\nwarning\nepoch 2\n")
        #expect(try scratch.read("job.log") == collector.text)
    }

    @Test func aMemoryLimitMakesALargeAllocationFail() async throws {
        let scratch = try ExecutorScratch()
        let job = Job(arguments: ["python3", "-c", "bytearray(1 << 30)"], workingDirectory: scratch.path,
                      timeout: .seconds(30), limits: ResourceLimits(memoryBytes: 256 << 20), logPath: scratch.path + "/job.log")
        let outcome = try await scratch.executor.run(job, log: nil)
        #expect(outcome.termination == .exited(1))
        #expect(try scratch.read("job.log").contains("MemoryError"))
    }

    @Test func aCPUTimeLimitStopsABusyLoop() async throws {
        let scratch = try ExecutorScratch()
        let outcome = try await scratch.executor.run(scratch.shell("while :; do :; done", limits: ResourceLimits(cpuSeconds: 1)), log: nil)
        #expect(!outcome.timedOut)
        #expect(outcome.termination == .signalled(SIGXCPU))
        #expect(outcome.limitHit == .cpuTime)
        #expect(outcome.cpuTime > .milliseconds(500))
        #expect(outcome.summary.hasPrefix("killed by SIGXCPU after using its CPU-time limit"), "\(outcome.summary)")
    }

    @Test func aMissingProgramOrFolderIsAMachineryError() async throws {
        let scratch = try ExecutorScratch()
        let missingProgram = Job(arguments: ["slipway-no-such-trainer"], workingDirectory: scratch.path, timeout: .seconds(5),
                                 logPath: scratch.path + "/a.log")
        await #expect(throws: ExecutorError.self) { try await scratch.executor.run(missingProgram, log: nil) }
        let missingFolder = Job(arguments: ["/bin/true"], workingDirectory: scratch.path + "/absent", timeout: .seconds(5),
                                logPath: scratch.path + "/b.log")
        let error = await #expect(throws: ExecutorError.self) { try await scratch.executor.run(missingFolder, log: nil) }
        #expect(error?.description.contains("absent") == true, "\(String(describing: error))")
    }

    @Test func theProgramIsFoundAlongTheJobsPathNotTheParents() throws {
        #expect(try LocalExecutor.locate("sh", searchPath: "/usr/bin:/bin", workingDirectory: "/") == "/usr/bin/sh")
        #expect(throws: ExecutorError.self) { try LocalExecutor.locate("sh", searchPath: "/nonexistent", workingDirectory: "/") }
        #expect(try LocalExecutor.locate("./sh", searchPath: "", workingDirectory: "/bin") == "./sh")
    }

    @Test func theIdentityNamesTheVersionAndPlatform() {
        #expect(LocalExecutor().identity.hasPrefix("local/v1 linux-"))
    }
}
