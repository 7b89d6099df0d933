import Foundation
import Gates
import Journal
import Manifests
import Pipelines
import Serving

/// How the controller names the versions it serves: by the candidate's run key, which covers the
/// artifact and the params its server is started with (two runs may train the same bytes and
/// still serve differently).
public enum ServedVersion {
    /// What an unrouted version started for gates has before its name.
    public static let ephemeralPrefix = "gate-"

    /// The version name of `candidate`: the first 12 hex digits of its run key.
    public static func name(_ candidate: Candidate) -> String {
        String(candidate.runKey.dropFirst("sha256:".count).prefix(12))
    }

    /// The server spec of `candidate` of `model`, from the model's `serve` section.
    public static func spec(model: Model, candidate: Candidate, store: ArtifactStore, ephemeral: Bool = false) -> ServerSpec? {
        guard let digest = Digest(candidate.artifact) else { return nil }
        let version = (ephemeral ? ephemeralPrefix : "") + name(candidate)
        return ServerSpec(id: VersionID(model: model.name, version: version), serve: model.serve,
                          artifact: store.path(for: digest), params: model.train.params.mapValues(\.description))
    }
}
