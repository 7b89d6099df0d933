import Foundation
import Journal
import Manifests
import Serving

/// How the controller names the versions it serves: by their artifact, so one artifact is one version.
public enum ServedVersion {
    /// The version name of `artifact` (`sha256:…`): its first 12 hex digits.
    public static func name(artifact: String) -> String {
        String(artifact.dropFirst("sha256:".count).prefix(12))
    }

    /// The server spec of `artifact` of `model`, from the model's `serve` section.
    public static func spec(model: Model, artifact: String, store: ArtifactStore, ephemeral: Bool = false) -> ServerSpec? {
        guard let digest = Digest(artifact) else { return nil }
        let version = (ephemeral ? "gate-" : "") + name(artifact: artifact)
        return ServerSpec(id: VersionID(model: model.name, version: version), serve: model.serve,
                          artifact: store.path(for: digest), params: model.train.params.mapValues(\.description))
    }
}
