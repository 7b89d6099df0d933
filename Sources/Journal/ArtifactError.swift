/// What goes wrong when reading or storing an artifact.
public enum ArtifactError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path to digest or store is not a folder.
    case notAFolder(path: String)
    /// The folder holds something other than files, folders and symbolic links.
    case unsupportedFile(path: String)

    /// What happened, where, and what to do.
    public var description: String {
        switch self {
        case .notAFolder(let path):
            return "\(path) is not a folder: a run's output must be a folder (write files into ${output})"
        case .unsupportedFile(let path):
            return "\(path) is neither a file, a folder nor a symbolic link: "
                + "an artifact may hold only those; remove it from the run's output"
        }
    }
}
