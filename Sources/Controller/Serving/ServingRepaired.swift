import Journal

/// The controller found the data plane serving something other than the journal says and put it
/// right: a lost route, a stable that was not routed, a canary left over, a gate version left running.
public struct ServingRepaired: Event, Equatable {
    public static let type = "serving.repaired"
    public var model: String
    /// What was wrong, as found.
    public var problem: String
    /// What was done about it.
    public var repair: String

    public init(model: String, problem: String, repair: String) {
        self.model = model
        self.problem = problem
        self.repair = repair
    }
}
