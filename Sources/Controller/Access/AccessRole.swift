/// What the holder of an API token may do.
public enum AccessRole: String, Sendable, CaseIterable, CustomStringConvertible {
    /// May look, nothing more.
    case viewer
    /// Drives rollouts by hand: promote, abort, rollback, sync; and may look.
    case `operator`
    /// Signs off candidates; and may look.
    case reviewer

    /// Whether this role may perform `action`.
    public func permits(_ action: APIAction) -> Bool {
        switch (self, action) {
        case (_, .view): true
        case (.operator, .promote), (.operator, .abort), (.operator, .resume), (.operator, .rollback), (.operator, .sync): true
        case (.reviewer, .approve): true
        default: false
        }
    }

    public var description: String { rawValue }
}
