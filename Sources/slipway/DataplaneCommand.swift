import Dispatch
import Foundation
import Serving

/// `slipway dataplane`: the long-lived data plane process.
enum DataplaneCommand: Command {
    static let spec = CommandSpec(
        name: "dataplane",
        summary: "Run the data plane: the inference router and the model servers, with a control API for the controller.",
        options: [
            .value("state", "DIR", "The state folder; the data plane keeps its files in DIR/dataplane (required)."),
            .value("listen", "HOST:PORT", "Where the router listens (default 127.0.0.1:8080; port 0 picks one)."),
        ],
        discussion: """
        The control API listens on a loopback port written to DIR/dataplane/control.json with its bearer token.
        SIGTERM or SIGINT stops the router; model servers keep running, and the next data plane on the same
        folder re-adopts them and routes at once from the last desired serving.
        """)

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        let state = try arguments.required("state")
        let listen = arguments.value("listen") ?? "127.0.0.1:8080"
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65_535).contains(port) else {
            throw UsageError(description: "--listen takes HOST:PORT, found '\(listen)'")
        }
        let host = String(listen[..<colon])
        let plane = try await DataPlane.start(stateFolder: state, host: host, port: port, log: { Output.print("dataplane: \($0)") })
        let control = plane.controlFile
        Output.print("dataplane: router on \(host):\(plane.router.port), control API on 127.0.0.1:\(control.controlPort) (\(ControlFile.path(in: plane.folder)))")
        let signal = await waitForTermination()
        Output.print("dataplane: \(signal), stopping the router; model servers keep running for the next data plane")
        plane.shutdown()
        return .success
    }

    /// Waits for SIGTERM or SIGINT and returns which came.
    static func waitForTermination() async -> String {
        await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            let once = Once()
            var sources: [DispatchSourceSignal] = []
            for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
                Glibc.signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { if once.claim() { continuation.resume(returning: name) } }
                source.resume()
                sources.append(source)
            }
            SignalSources.keep(sources)
        }
    }
}

/// Keeps the signal sources alive for the life of the process.
enum SignalSources {
    nonisolated(unsafe) private static var kept: [DispatchSourceSignal] = []
    static func keep(_ sources: [DispatchSourceSignal]) { kept += sources }
}

/// True for the first caller only.
final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false
    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if claimed { return false }
        claimed = true
        return true
    }
}
