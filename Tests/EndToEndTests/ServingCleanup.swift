import Controller
import Foundation
import HTTP
import Serving
import TestSupport

/// What end-to-end tests share: the quickstart's files in a test repository, and stopping a data
/// plane whose model servers would otherwise outlive it (they do on purpose).
enum EndToEnd {
    /// Writes the quickstart's files under `payments/` of `git`, through `edit`.
    static func copyQuickstart(into git: GitFixture, _ edit: (String) -> String = { $0 }) throws {
        let source = GatesCommandTests.quickstart
        for file in FileManager.default.enumerator(atPath: source)!.compactMap({ $0 as? String }) where !file.contains("__pycache__") {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: source + "/" + file, isDirectory: &isFolder)
            if !isFolder.boolValue { try git.write("payments/" + file, edit(try String(contentsOfFile: source + "/" + file, encoding: .utf8))) }
        }
    }

    /// Waits (up to a minute) until the daemon `process` has written its `daemon.json` in `state`, and
    /// returns its API port; `log` says what it printed when it does not.
    static func waitForDaemon(_ process: Process, state: String, log: () -> String) throws -> Int {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: state + "/daemon.json"),
               let file = try? JSONDecoder().decode([String: String].self, from: data), file["pid"] == "\(process.processIdentifier)",
               let api = file["api"], let port = Int(api.split(separator: ":").last ?? "") {
                return port
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw CommandFailure(description: "the daemon did not start: \(log())")
    }

    /// Stops the data plane of `state` and every model server it supervises, without asking it: a
    /// test's teardown must not depend on a busy machine answering in time. The data plane goes first
    /// (so it restarts nothing), then each server's whole process group, found in the supervisor's
    /// table and checked to belong to `owner` (the state folder, or the test folder holding it and the
    /// artifacts) before it is killed.
    static func stopServing(state: String, owner: String? = nil) {
        let owner = owner ?? state
        let folder = state + "/dataplane"
        if let control = try? ControlFile.read(from: folder), control.pid > 0, belongs(control.pid, to: owner) {
            kill(control.pid, SIGKILL)
        }
        struct Table: Decodable {
            struct Entry: Decodable { var pid: Int32? }
            var entries: [Entry]
        }
        guard let data = FileManager.default.contents(atPath: folder + "/servers.json"),
              let table = try? JSONDecoder().decode(Table.self, from: data) else { return }
        for pid in table.entries.compactMap(\.pid) where pid > 0 && belongs(pid, to: owner) {
            kill(-pid, SIGKILL)
        }
    }

    /// Whether process `pid` is one of `folder`'s: its command line or working folder names it.
    private static func belongs(_ pid: Int32, to folder: String) -> Bool {
        let commandLine = (FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let cwd = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")) ?? ""
        return commandLine.contains(folder) || cwd.hasPrefix(folder)
    }
}
