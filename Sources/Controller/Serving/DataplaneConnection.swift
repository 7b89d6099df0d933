import Foundation
import HTTP
import Serving

/// The control API of a running `slipway dataplane`, found through its `control.json`.
public final class DataplaneConnection: Dataplane {
    private let folder: String
    private let client: HTTPClient
    private let timeout: Duration

    /// A connection to the data plane of `stateFolder` (its files are in `<state>/dataplane`),
    /// sending through `client`. Applying a serving may start model servers, hence the long timeout.
    public init(stateFolder: String, client: HTTPClient, timeout: Duration = .seconds(120)) {
        self.folder = stateFolder + "/dataplane"
        self.client = client
        self.timeout = timeout
    }

    public func desired() async throws(DataplaneError) -> DesiredServing {
        try await call("GET", "/control/v1/desired")
    }

    public func serving(of model: String) async throws(DataplaneError) -> ModelServing {
        try await call("GET", "/control/v1/models/\(model)")
    }

    public func setServing(of model: String, _ write: ModelServingWrite) async throws(DataplaneError) -> ModelServingApplied {
        try await call("PUT", "/control/v1/models/\(model)", body: try Self.encode(write))
    }

    /// Replaces all serving at once (every model's generation moves on). Not for the reconciler,
    /// which writes one model at a time; for stopping everything a data plane serves.
    public func replaceAll(with wanted: DesiredServing) async throws(DataplaneError) -> ObservedServing {
        try await call("PUT", "/control/v1/desired", body: try Self.encode(wanted))
    }

    public func setEphemeral(_ id: VersionID, _ spec: ServerSpec?) async throws(DataplaneError) -> ObservedServing {
        if let spec { return try await call("PUT", "/control/v1/ephemeral/\(id)", body: try Self.encode(spec)) }
        return try await call("DELETE", "/control/v1/ephemeral/\(id)")
    }

    private static func encode(_ value: some Encodable) throws(DataplaneError) -> [UInt8] {
        do { return Array(try JSONEncoder().encode(value)) } catch {
            throw DataplaneError(.malformedAnswer, "\(type(of: value)) could not be encoded: \(error)")
        }
    }

    public func observed() async throws(DataplaneError) -> ObservedServing {
        try await call("GET", "/control/v1/observed")
    }

    public func metrics() async throws(DataplaneError) -> [VersionID: VersionMetricsSnapshot] {
        let byName: [String: VersionMetricsSnapshot] = try await call("GET", "/control/v1/metrics")
        var metrics: [VersionID: VersionMetricsSnapshot] = [:]
        for (name, snapshot) in byName {
            guard let at = name.lastIndex(of: "@") else {
                throw DataplaneError(.malformedAnswer, "metrics for '\(name)', which is not model@version")
            }
            metrics[VersionID(model: String(name[..<at]), version: String(name[name.index(after: at)...]))] = snapshot
        }
        return metrics
    }

    /// Reads the control file afresh on every call: a restarted data plane has new ports and a new token.
    private func call<Answer: Decodable>(_ method: String, _ target: String, body: [UInt8] = []) async throws(DataplaneError) -> Answer {
        let control: ControlFile
        do { control = try ControlFile.read(from: folder) } catch {
            throw DataplaneError(.unreachable, "no readable \(ControlFile.path(in: folder)): \(error.localizedDescription)")
        }
        let headers = HTTPHeaders([("Host", "127.0.0.1"), ("Content-Type", "application/json"),
                                   ("Authorization", "Bearer \(control.token)")])
        let response: HTTPResponse
        do {
            response = try await client.send(HTTPRequest(method: method, target: target, headers: headers, body: body),
                                             to: Upstream(host: "127.0.0.1", port: control.controlPort), timeout: timeout)
        } catch {
            throw DataplaneError(.unreachable, error.description)
        }
        if response.status == 409 {
            throw DataplaneError(.staleGeneration, String(decoding: response.body.prefix(2000), as: UTF8.self))
        }
        guard response.status == 200 else {
            throw DataplaneError(.refused(status: response.status), String(decoding: response.body.prefix(2000), as: UTF8.self))
        }
        do {
            return try JSONDecoder().decode(Answer.self, from: Data(response.body))
        } catch {
            throw DataplaneError(.malformedAnswer, "\(method) \(target): \(error)")
        }
    }
}
