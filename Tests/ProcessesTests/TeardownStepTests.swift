import Glibc
import Processes
import Testing

@Suite struct TeardownStepTests {
    @Test func theLadderAsksThenWaitsThenInsists() {
        #expect(TeardownStep.ladder(grace: .seconds(5)) == [.signal(SIGTERM), .wait(.seconds(5)), .signal(SIGKILL)])
    }
}
