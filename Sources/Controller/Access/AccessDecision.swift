/// The answer to "may this bearer do this?", which the API turns into 2xx, 401 or 403.
public enum AccessDecision: Sendable, Equatable, CustomStringConvertible {
    /// The token belongs to `name`, whose role permits the action.
    case allowed(name: String, role: AccessRole)
    /// No token, or one that is not in the token file (HTTP 401).
    case unauthenticated(reason: String)
    /// The token is known but its role does not permit the action (HTTP 403).
    case forbidden(name: String, role: AccessRole, action: APIAction)

    public var description: String {
        switch self {
        case .allowed(let name, let role):
            "allowed: '\(name)' (\(role))"
        case .unauthenticated(let reason):
            "unauthenticated: \(reason)"
        case .forbidden(let name, let role, let action):
            "forbidden: '\(name)' has the role \(role), which may not \(action); \(action) needs the role "
                + AccessRole.allCases.filter { $0.permits(action) }.map(\.rawValue).joined(separator: " or ")
        }
    }
}
