import Controller
import Foundation
import Gates
import HTTP
import Serving

/// `slipway quickstart`: the whole life of a model, on this machine, in about a minute.
enum QuickstartCommand: Command {
    static let spec = CommandSpec(
        name: "quickstart",
        summary: "Demo: a model repository goes from commit to trained, gated, approved, canaried and promoted; then a bad change is stopped and a bad canary rolled back.",
        options: [
            .value("example", "DIR", "The example model repository to copy (default: examples/quickstart, found from here or beside the binary)."),
            .flag("keep", "Keep the temporary repository and state folder instead of deleting them."),
        ],
        discussion: """
        Needs python3 and git. Copies the example into a fresh git repository in a temporary folder, starts
        `slipway daemon` against it (which starts the data plane), sends inference traffic through the
        router the whole time, and narrates each step: training, every gate's verdict, the sign-off by a demo
        reviewer token, the canary steps and promotion; then a change that makes the model worse (the
        baseline gate stops it) and one that fails live traffic (the canary analysis rolls it back). It ends
        with a summary, leaves nothing running, and exits 0 when every step went as described.
        """)

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        let example = try findExample(arguments.value("example"))
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-quickstart-\(getpid())").path
        let demo = try QuickstartDemo(example: example, root: root)
        defer {
            demo.stop()
            if arguments.flag("keep") {
                Output.print("kept \(root) (repository in repo/, state in state/)")
            } else {
                try? FileManager.default.removeItem(atPath: root)
            }
        }
        do {
            try await demo.tell()
            return .success
        } catch {
            Output.error("quickstart: \(error)")
            Output.error("the daemon's log: \(root)/state/daemon.log" + (arguments.flag("keep") ? "" : " (run with --keep to look at it)"))
            return .failure
        }
    }

    /// The example folder: as given, else `examples/quickstart` here, else beside the binary's checkout.
    static func findExample(_ given: String?) throws -> String {
        var candidates = given.map { [$0] } ?? ["examples/quickstart"]
        if given == nil, let binary = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var folder = URL(fileURLWithPath: binary).deletingLastPathComponent()
            for _ in 0..<4 {
                folder.deleteLastPathComponent()
                candidates.append(folder.appendingPathComponent("examples/quickstart").path)
            }
        }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0 + "/model.yaml") }) else {
            throw CommandError(description: "no example model repository at \(candidates.joined(separator: ", ")); give --example DIR")
        }
        return found
    }
}
