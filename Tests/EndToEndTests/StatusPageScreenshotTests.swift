import Controller
import Foundation
import Gates
import Pipelines
import Testing
import TestSupport

/// The status page as a real browser draws it: headless Chromium takes a screenshot and dumps the
/// DOM it built, so a page that a browser cannot lay out (or shows without its text) fails here.
@Suite(.serialized) struct StatusPageScreenshotTests {
    static let binary = "/usr/bin/chromium"
    static let now = Date(timeIntervalSince1970: 1_772_366_400)

    /// One model rolling out with analyses, one failed at its load-test gate.
    static var models: [ModelStatus] {
        let stable = Candidate(runKey: "sha256:" + String(repeating: "1a", count: 32), artifact: "sha256:" + String(repeating: "2b", count: 32))
        let candidate = Candidate(runKey: "sha256:" + String(repeating: "3c", count: 32), artifact: "sha256:" + String(repeating: "4d", count: 32))
        // A minute of analyses every 5 s; stable had no traffic in the sixth window.
        let analyses = (0..<12).map { (index: Int) -> AnalysisPoint in
            let step = Double(index)
            let stableMissing = index == 5
            return AnalysisPoint(time: now.addingTimeInterval((step - 12) * 5), canaryErrorRate: 0.001 * Double(index % 4),
                                 stableErrorRate: stableMissing ? nil : 0.001, canaryP99: 0.060 + 0.004 * step,
                                 stableP99: stableMissing ? nil : 0.070)
        }
        return [
            ModelStatus(name: "fraud-detector", revision: "89e14ebd5c8d4a1b0d0a7c3e4e5b3f6e2c1a0b9d", phase: .rollingOut(step: 2, steps: 3, weight: 50),
                        conditions: [ModelCondition(type: .reconciling, status: true, reason: .rollingOut, message: "step 2 of 3 at 50%",
                                                    since: now.addingTimeInterval(-60))],
                        stable: stable, candidate: candidate,
                        gates: [GateResult(gate: "unit", kind: "command", verdict: .pass, reason: "exit status 0", seconds: 1.2),
                                GateResult(gate: "load", kind: "loadTest", verdict: .pass, reason: "p99 41 ms within 50 ms", seconds: 20.1)],
                        analyses: analyses),
            ModelStatus(name: "churn-predictor", revision: "0123456789abcdef0123456789abcdef01234567", phase: .failed,
                        conditions: [ModelCondition(type: .stalled, status: true, reason: .gateFailed, message: "gate load failed",
                                                    since: now.addingTimeInterval(-3_700))],
                        stable: stable, candidate: candidate,
                        gates: [GateResult(gate: "unit", kind: "command", verdict: .pass, reason: "exit status 0", seconds: 0.8),
                                GateResult(gate: "load", kind: "loadTest", verdict: .fail, reason: "2 limits broken",
                                           violations: ["p99 130 ms above 50 ms", "error rate 0.020 above 0.001"], seconds: 20.0)],
                        lastError: "gate load failed: p99 130 ms above 50 ms"),
        ]
    }

    /// What one bounded Chromium run printed and how it ended.
    struct BrowserRun {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs Chromium headless on `arguments`, killed (with everything it started) after 60 s.
    /// Output goes to files, not pipes: a helper process Chromium leaves behind could hold a pipe
    /// open and block the reader.
    static func chromium(_ arguments: [String], in folder: TemporaryDirectory) throws -> BrowserRun {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary),
                     "\(Self.binary) is missing: run .ci/setup, which installs the chromium package")
        let out = folder.url.appendingPathComponent("chromium.out"), err = folder.url.appendingPathComponent("chromium.err")
        try Data().write(to: out)
        try Data().write(to: err)
        let process = Process()
        // coreutils timeout runs Chromium in its own process group and signals the whole group.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["--kill-after=5", "60", Self.binary, "--headless", "--disable-gpu", "--no-sandbox",
                             "--user-data-dir=\(folder.path)/profile"] + arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return BrowserRun(status: process.terminationStatus, standardOutput: try String(contentsOf: out, encoding: .utf8),
                          standardError: try String(contentsOf: err, encoding: .utf8))
    }

    @Test func chromiumDrawsThePageAndKeepsItsText() throws {
        let folder = try TemporaryDirectory(prefix: "slipway-status-page")
        let page = try folder.write("status.html", StatusPage.render(models: Self.models, now: Self.now))
        let screenshot = folder.url.appendingPathComponent("status.png").path

        let shot = try Self.chromium(["--screenshot=\(screenshot)", "--window-size=1200,1600", "file://\(page)"], in: folder)
        #expect(shot.status == 0, "chromium exited \(shot.status) (124: killed after 60 s): \(shot.standardError)")
        let png = try #require(FileManager.default.contents(atPath: screenshot), "chromium wrote no screenshot: \(shot.standardError)")
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(png.count > 10_000, "a \(png.count)-byte screenshot is too small to show two models")
        // IHDR: width and height, big-endian, right after the signature and the chunk's length and type.
        let size = png.count >= 24 ? [png[16..<20], png[20..<24]].map { $0.reduce(0) { $0 << 8 | Int($1) } } : []
        #expect(size == [1200, 1600])

        let dump = try Self.chromium(["--dump-dom", "file://\(page)"], in: folder)
        #expect(dump.status == 0, "chromium exited \(dump.status) (124: killed after 60 s): \(dump.standardError)")
        for text in ["fraud-detector", "churn-predictor", "Rolling out 2/3 · 50%", "Failed", "p99 130 ms above 50 ms",
                     "Error rate, canary vs stable", "<polyline"] {
            #expect(dump.standardOutput.contains(text), "the DOM Chromium built lacks \(text)")
        }
    }
}
