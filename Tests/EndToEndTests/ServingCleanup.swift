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

    /// Stops every model server of the data plane of `state`, then the data plane itself.
    static func stopServing(state: String, client: HTTPClient) {
        guard let control = try? ControlFile.read(from: state + "/dataplane") else { return }
        let plane = DataplaneConnection(stateFolder: state, client: client)
        let done = DispatchSemaphore(value: 0)
        Task {
            _ = try? await plane.replaceAll(with: DesiredServing())
            done.signal()
        }
        _ = done.wait(timeout: .now() + 30)
        kill(control.pid, SIGTERM)
    }
}
