/// Where a gate reaches a model version over the Open Inference Protocol (KServe V2).
public struct InferenceEndpoint: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// The model name in the protocol's paths.
    public var model: String
    /// A pinned version (`/v2/models/{model}/versions/{version}/infer`), or nil for the model's route.
    public var version: String?

    public init(host: String = "127.0.0.1", port: Int, model: String, version: String? = nil) {
        self.host = host
        self.port = port
        self.model = model
        self.version = version
    }

    /// The path of the infer call.
    public var inferPath: String {
        if let version { return "/v2/models/\(model)/versions/\(version)/infer" }
        return "/v2/models/\(model)/infer"
    }
}
