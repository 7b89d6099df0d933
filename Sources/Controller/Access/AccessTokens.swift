import Foundation
import HTTP
import Journal
import Manifests

/// The API tokens of `<state>/tokens`: who may call the daemon's API, and in which role.
///
/// Each line is `ROLE NAME TOKEN`; blank lines and lines starting with `#` are skipped.
public struct AccessTokens: Sendable {
    /// The file the tokens were read from, named in errors and refusals.
    public let path: String
    /// The tokens, in file order.
    public let tokens: [AccessToken]

    /// Tokens shorter than this are refused: 32 hex digits already carry 128 random bits.
    public static let minimumLength = 32

    /// Reads the text of a token file, reporting every bad line at once with its number.
    public static func parse(_ text: String, path: String) throws(AccessTokensError) -> AccessTokens {
        var tokens: [AccessToken] = []
        var seen: [(line: Int, name: Substring, secret: [UInt8])] = []
        var problems: [AccessTokenProblem] = []
        // `isNewline` also splits at `\r\n`, which Swift holds as a single character.
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = index + 1
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let report = { (message: String) in problems.append(AccessTokenProblem(line: number, message: message)) }
            let fields = line.split { $0 == " " || $0 == "\t" }
            guard fields.count == 3 else {
                report("expected `ROLE NAME TOKEN` separated by spaces, found \(fields.count) field(s)")
                continue
            }
            let (roleField, name, token) = (fields[0], fields[1], fields[2])
            let role = AccessRole(rawValue: String(roleField))
            if role == nil {
                let roles = AccessRole.allCases.map(\.rawValue)
                let hint = Suggestion.hint(for: String(roleField), among: roles).map { " (\($0))" } ?? ""
                report("unknown role \(shown(roleField))\(hint); the roles are \(roles.joined(separator: ", "))")
            }
            if token.count < minimumLength {
                report("the token of \(shown(name)) has \(token.count) characters; at least \(minimumLength) "
                    + "are needed (`openssl rand -hex 32` makes one)")
            }
            let secret = Array(token.utf8)
            if let earlier = seen.first(where: { $0.name == name }) {
                report("the name \(shown(name)) is already used on line \(earlier.line); give each holder their own name")
            }
            if let earlier = seen.first(where: { HMAC.equal(secret, $0.secret) }) {
                report("the token is the same as on line \(earlier.line); give each holder their own token")
            }
            let clean = problems.last?.line != number
            seen.append((number, name, secret))
            if clean, let role {
                tokens.append(AccessToken(role: role, name: String(name), line: number, secret: secret))
            }
        }
        guard problems.isEmpty else { throw .invalid(path: path, problems: problems) }
        return AccessTokens(path: path, tokens: tokens)
    }

    /// Who `bearer` is and whether their role permits `action`.
    ///
    /// Every token is compared in full, whether or not an earlier one matched, so the time taken
    /// says nothing about which token is close to the one presented.
    public func authorize(bearer: String?, for action: APIAction) -> AccessDecision {
        guard let bearer, !bearer.isEmpty else {
            return .unauthenticated(reason: "no bearer token; send `Authorization: Bearer <token>` with a token from \(path)")
        }
        let presented = Array(bearer.utf8)
        var match: AccessToken? = nil
        for token in tokens where HMAC.equal(presented, token.secret) {
            match = token
        }
        guard let match else {
            let reason = tokens.isEmpty ? "\(path) holds no tokens" : "the bearer token is not one of those in \(path)"
            return .unauthenticated(reason: reason)
        }
        guard match.role.permits(action) else {
            return .forbidden(name: match.name, role: match.role, action: action)
        }
        return .allowed(name: match.name, role: match.role)
    }

    /// The token of an `Authorization: Bearer <token>` header; nil without one or for another scheme.
    public static func bearer(in headers: HTTPHeaders) -> String? {
        guard let value = headers["Authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// A field quoted for an error message, unless it is long enough to be a misplaced token.
    private static func shown(_ field: Substring) -> String {
        field.count < minimumLength ? "'\(field)'" : "(a field of \(field.count) characters, not shown)"
    }
}
