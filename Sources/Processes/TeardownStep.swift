import Glibc

/// One rung of the ladder that stops a process group.
public enum TeardownStep: Sendable, Equatable {
    /// Send this signal to every process of the group.
    case signal(Int32)
    /// Give the group this long to exit; the step ends early once no process of it is left.
    case wait(Duration)

    /// The usual ladder: ask politely, give `grace`, then insist.
    public static func ladder(grace: Duration) -> [TeardownStep] {
        [.signal(SIGTERM), .wait(grace), .signal(SIGKILL)]
    }
}
