import Foundation
import Journal

/// `slipway digest`: the SHA-256 of a file (for `sha256:` pins of external data) or of an artifact folder.
enum DigestCommand: Command {
    static let spec = CommandSpec(
        name: "digest",
        summary: "Print the sha256 digest of a file (to pin external data) or a folder (as the artifact store computes it).",
        positionals: "PATH…", minPositionals: 1, maxPositionals: .max)

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        for path in arguments.positionals {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw CommandError(description: "'\(path)' does not exist")
            }
            let digest = isFolder.boolValue ? try ArtifactStore.digest(ofFolder: path) : try Digest.ofFile(path: path)
            Output.print("\(digest)  \(path)")
        }
        return .success
    }
}
