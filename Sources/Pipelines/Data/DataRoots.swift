import Foundation
import Glibc

/// The folders an operator allows external data to come from.
public enum DataRoots {
    /// `path` with every symlink resolved, when it names an existing regular file inside one of
    /// `roots` (themselves resolved); nil otherwise. Resolving first means neither `..` nor a symlink
    /// inside a root can reach out of it.
    public static func resolve(_ path: String, within roots: [String]) -> String? {
        guard let real = realPath(path) else { return nil }
        var info = stat()
        guard stat(real, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        for root in roots.compactMap(realPath) where real.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
            return real
        }
        return nil
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
