import Glibc
import Processes
import Testing

@Suite struct SystemCallTests {
    @Test func aFailureCarriesTheOperationAndTheErrnoItLeft() {
        let error = #expect(throws: SystemError.self) {
            try SystemCall.checked("open /nonexistent/x") { open("/nonexistent/x", O_RDONLY | O_CLOEXEC) }
        }
        #expect(error?.code == ENOENT)
        #expect(error?.description == "open /nonexistent/x: No such file or directory")
    }

    @Test func anInterruptedCallIsRetried() throws {
        var calls = 0
        let result = try SystemCall.checked("interrupted twice") { () -> Int32 in
            calls += 1
            guard calls > 2 else {
                errno = EINTR
                return -1
            }
            return 7
        }
        #expect(result == 7)
        #expect(calls == 3)
    }

    @Test func anOutcomeKeepsTheErrnoWithoutThrowing() {
        var calls = 0
        let outcome = SystemCall.outcome { () -> Int in
            calls += 1
            errno = calls == 1 ? EINTR : EAGAIN
            return -1
        }
        #expect(outcome == .failed(EAGAIN))
        #expect(calls == 2)
        #expect(SystemCall.outcome { 0 } == .value(0))
    }

    @Test func aReturnedCodeIsRetriedOnEINTRAndThrownOtherwise() {
        var codes: [Int32] = [EINTR, EAGAIN]
        let error = #expect(throws: SystemError.self) {
            try SystemCall.returningCode("spawn") { codes.removeFirst() }
        }
        #expect(error == SystemError(operation: "spawn", code: EAGAIN))
        #expect(codes.isEmpty)
    }
}
