import Journal
import Manifests

extension GateSpec {
    /// SHA-256 of the gate's canonical definition (`canonical`): the spec a verdict is for. A verdict
    /// recorded for another digest is for another definition, so the gate runs again on the same candidate.
    public var specDigest: String { SHA256.hash(canonical.text).description }
}
