/// What goes wrong with a journal beyond a single failed system call.
public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The journal breaks its chain before its end; it is not cut back, because that would lose entries.
    case damaged(path: String, problem: AuditProblem)
    /// There is no journal in the folder.
    case notFound(path: String)
    /// An entry's payload does not decode as the type asked for.
    case payload(seq: Int, type: String, expected: String, reason: String)
    /// A payload encoded to something that cannot sit on one journal line.
    case unencodable(type: String, reason: String)
    /// The entry could not be written (a full disk, say); nothing of it is left in the journal.
    case unwritable(path: String, reason: String)

    /// What happened, where, and what to do.
    public var description: String {
        switch self {
        case .damaged(let path, let problem):
            return "journal \(path) is damaged: \(problem). Nothing was cut back. "
                + "Run `slipway audit verify --state <folder>` for the report, then restore the folder from a backup."
        case .notFound(let path):
            return "no journal at \(path): is this the --state folder the daemon writes?"
        case .payload(let seq, let type, let expected, let reason):
            return "journal entry \(seq) of type \(type) does not decode as \(expected): \(reason)"
        case .unencodable(let type, let reason):
            return "an event of type \(type) could not be journaled: \(reason)"
        case .unwritable(let path, let reason):
            return "journal \(path) could not be written: \(reason). Free space on its file system; nothing is acted on until it can be written."
        }
    }
}
