import Foundation
import Glibc

/// A temp folder that only this user may enter (mkdtemp makes it 0700), removed with its files
/// when released: signatures and payloads are written there for `ssh-keygen`.
final class PrivateFolder: Sendable {
    let path: String

    init() throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/slipway-signers-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw SignatureCheckError(message: "cannot create a private temp folder under \(FileManager.default.temporaryDirectory.path): \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes a new file `name` readable by this user only, and returns its path.
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SignatureCheckError(message: "cannot create \(file): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw SignatureCheckError(message: "cannot write \(file): \(String(cString: strerror(errno)))") }
            written += result
        }
        return file
    }
}

/// The signature check itself could not run (no `ssh-keygen`, no temp folder): not a verdict on any approval.
public struct SignatureCheckError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
