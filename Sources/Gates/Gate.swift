/// A check of a candidate. One type per gate kind; the runner calls them in manifest order.
public protocol Gate: Sendable {
    /// The gate's name in the manifest.
    var name: String { get }
    /// Judges the subject. Never throws: a gate that cannot run returns `.error` with the reason.
    func evaluate(_ subject: GateSubject) async -> GateResult
}
