/// One line of the token file: who holds a token and in what role; the token itself is never printed.
public struct AccessToken: Sendable, CustomStringConvertible, CustomReflectable {
    public let role: AccessRole
    public let name: String
    /// The line of the token file it was read from.
    public let line: Int
    /// The token's bytes, compared only through `HMAC.equal`.
    let secret: [UInt8]

    init(role: AccessRole, name: String, line: Int, secret: [UInt8]) {
        self.role = role
        self.name = name
        self.line = line
        self.secret = secret
    }

    public var description: String { "\(role) \(name) (line \(line))" }

    /// Keeps the token out of `dump` and test failure output.
    public var customMirror: Mirror { Mirror(self, children: ["role": role, "name": name, "line": line]) }
}
