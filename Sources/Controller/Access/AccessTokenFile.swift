import Foundation
import Glibc
import Journal

/// Reading and writing `<state>/tokens`, which must stay private to its owner.
extension AccessTokens {
    /// The token file of a state folder.
    public static func path(stateFolder: String) -> String {
        (stateFolder as NSString).appendingPathComponent("tokens")
    }

    /// Loads `<state>/tokens`, refusing a file that group or others may read or change.
    public static func load(stateFolder: String) throws(AccessTokensError) -> AccessTokens {
        let path = path(stateFolder: stateFolder)
        guard let text = try read(path) else { throw .missing(path: path) }
        return try parse(text, path: path)
    }

    /// Appends a fresh random token for `name` in `role`, creating the file if needed; returns the token.
    ///
    /// The whole file is parsed again before it is replaced atomically at mode 600, so a clashing
    /// name, or a file that already had bad lines, is refused and nothing is written.
    @discardableResult
    public static func generate(role: AccessRole, name: String, in stateFolder: String) throws -> String {
        guard !name.isEmpty, !name.hasPrefix("#"), !name.contains(where: \.isWhitespace) else {
            throw AccessTokensError.invalidName(name)
        }
        let path = path(stateFolder: stateFolder)
        var text = try read(path) ?? header
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        let token = try randomToken()
        text += "\(role) \(name) \(token)\n"
        _ = try parse(text, path: path)
        try AtomicFile.write(Data(text.utf8), to: path, permissions: 0o600)
        return token
    }

    /// Creates `<state>/tokens` with one `operator` token named `local` when there is no such file,
    /// so that a fresh install can be driven from its own machine; true when it did.
    @discardableResult
    public static func createIfMissing(in stateFolder: String) throws -> Bool {
        guard !FileManager.default.fileExists(atPath: path(stateFolder: stateFolder)) else { return false }
        try generate(role: .operator, name: "local", in: stateFolder)
        return true
    }

    /// What a new token file starts with.
    private static let header = """
        # Slipway API tokens, one per line: ROLE NAME TOKEN
        # Roles: viewer (look), operator (promote, abort, rollback, sync; look), reviewer (approve; look).
        # Keep this file at mode 600: whoever reads a token can act as its holder.

        """

    /// The text of the token file, nil when there is none; refused when group or others may open it.
    private static func read(_ path: String) throws(AccessTokensError) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw .unreadable(path: path, reason: String(cString: strerror(code)))
        }
        let file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        // The mode is checked on the open descriptor, so a chmod or rename after it cannot slip past.
        guard info.st_mode & 0o077 == 0 else { throw .exposed(path: path, mode: info.st_mode & 0o7777) }
        let data: Data
        do {
            data = try file.readToEnd() ?? Data()
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "it is not UTF-8 text")
        }
        return text
    }

    /// 32 bytes from the kernel's random source, as 64 hex digits.
    private static func randomToken() throws(AccessTokensError) -> String {
        let source = "/dev/urandom"
        guard let random = FileHandle(forReadingAtPath: source) else {
            throw .unreadable(path: source, reason: "it cannot be opened")
        }
        let bytes = ((try? random.read(upToCount: 32)) ?? nil).map(Array.init) ?? []
        guard bytes.count == 32 else { throw .unreadable(path: source, reason: "it gave \(bytes.count) of 32 bytes") }
        return Hex.encode(bytes)
    }
}
