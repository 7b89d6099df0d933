/// Paths inside the repository: relative, `/`-separated, normalised, never leaving the root.
public enum RepositoryPath {
    /// Why a path was refused.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case empty
        case absolute
        case leavesRepository
        case invalidCharacter

        public var description: String {
            switch self {
            case .empty: return "the path is empty"
            case .absolute: return "absolute paths are not allowed; write it relative to the model's folder"
            case .leavesRepository: return "the path leaves the repository"
            case .invalidCharacter: return "the path contains a NUL or backslash character"
            }
        }
    }

    /// Resolves `path` against `folder` (both repository-relative) into a normalised repository path.
    public static func resolve(_ path: String, in folder: String) throws(Problem) -> String {
        if path.isEmpty { throw .empty }
        if path.utf8.first == UInt8(ascii: "/") { throw .absolute }
        if path.utf8.contains(where: { $0 == 0 || $0 == UInt8(ascii: "\\") }) { throw .invalidCharacter }
        if isNormal(path) { return folder.isEmpty ? path : folder + "/" + path }
        var parts = folder.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if parts.isEmpty { throw .leavesRepository }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        if parts.isEmpty { return "" }
        return parts.joined(separator: "/")
    }

    /// Whether `path` is already normal: no empty, `.` or `..` component (the common case, taken without splitting).
    private static func isNormal(_ path: String) -> Bool {
        var componentLength = 0
        var dotsOnly = true
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if componentLength == 0 || dotsOnly { return false }
                componentLength = 0
                dotsOnly = true
            } else {
                componentLength += 1
                if byte != UInt8(ascii: ".") { dotsOnly = false }
            }
        }
        return componentLength > 0 && !dotsOnly
    }

    /// The folder part of a repository path ("" for a file at the root).
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Whether `path` is `folder` itself or lies under it.
    public static func isInside(_ path: String, folder: String) -> Bool {
        folder.isEmpty || path == folder || path.hasPrefix(folder + "/")
    }
}
