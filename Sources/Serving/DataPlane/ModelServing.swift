/// One model's serving as the data plane holds it, with the generation a write of it must name.
public struct ModelServing: Codable, Sendable, Equatable {
    /// 0 for a model never written; each accepted write adds one.
    public var generation: Int
    /// Nil when the model is not served.
    public var served: ServedModel?

    public init(generation: Int, served: ServedModel?) {
        self.generation = generation
        self.served = served
    }
}

/// A write of one model's serving: accepted only when `generation` is the one the data plane holds,
/// so two writers that read the same serving cannot both change it and lose one change.
public struct ModelServingWrite: Codable, Sendable, Equatable {
    /// The generation the writer last read.
    public var generation: Int
    /// The serving wanted; nil stops serving the model.
    public var served: ServedModel?

    public init(generation: Int, served: ServedModel?) {
        self.generation = generation
        self.served = served
    }
}

/// The answer to an accepted write: the model's new generation and what runs afterwards.
public struct ModelServingApplied: Codable, Sendable, Equatable {
    public var generation: Int
    public var observed: ObservedServing

    public init(generation: Int, observed: ObservedServing) {
        self.generation = generation
        self.observed = observed
    }
}

/// A write refused because the model's serving changed since the writer read it.
public struct StaleGeneration: Error, Codable, Sendable, Equatable {
    /// The serving as it is now; read it, change it, write again.
    public var current: ModelServing

    public init(current: ModelServing) {
        self.current = current
    }
}
