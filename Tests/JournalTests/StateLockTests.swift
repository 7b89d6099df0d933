import Foundation
import Glibc
import Testing
import TestSupport
@testable import Journal

@Suite(.serialized) struct StateLockTests {
    @Test func secondHolderInOneProcessFailsNamingThePid() throws {
        let folder = try TemporaryDirectory()
        var first: StateLock? = try StateLock(stateFolder: folder.path)
        let error = #expect(throws: StateLockError.self) { try StateLock(stateFolder: folder.path) }
        #expect(error?.holder == getpid())
        #expect(error?.description.contains("in use by process \(getpid())") == true)
        #expect(error?.description.contains(folder.path) == true)
        #expect(try String(contentsOfFile: folder.path + "/lock", encoding: .utf8) == "\(getpid())\n")
        #expect(first?.stateFolder == folder.path)

        first = nil
        #expect(throws: Never.self) { try StateLock(stateFolder: folder.path) }
    }

    @Test func journalCannotBeOpenedTwice() throws {
        let fixture = try JournalFixture()
        let journal = try fixture.open()
        #expect(throws: StateLockError.self) { try fixture.open() }
        #expect(journal.lastSeq == 0)
    }

    @Test func lockHeldByAnotherProcessNamesItsPid() throws {
        let folder = try TemporaryDirectory()
        let script = """
            import fcntl, os, sys
            f = open(sys.argv[1], "a+")
            fcntl.flock(f, fcntl.LOCK_EX)
            f.truncate(0); f.write("%d\\n" % os.getpid()); f.flush()
            print("locked", flush=True)
            sys.stdin.read()
            """
        let holder = try Holder(["python3", "-c", script, folder.path + "/lock"])
        defer { holder.release() }
        try holder.waitUntilLocked()

        let error = #expect(throws: StateLockError.self) { try StateLock(stateFolder: folder.path) }
        #expect(error?.holder == holder.pid)
        #expect(error?.description.contains("in use by process \(holder.pid)") == true)

        holder.release()
        #expect(throws: Never.self) { try StateLock(stateFolder: folder.path) }
    }

    @Test func lockHeldWithoutAPidSaysSo() throws {
        let folder = try TemporaryDirectory()
        let holder = try Holder(["/usr/bin/flock", folder.path + "/lock", "sh", "-c", "echo locked; cat"])
        defer { holder.release() }
        try holder.waitUntilLocked()

        let error = #expect(throws: StateLockError.self) { try StateLock(stateFolder: folder.path) }
        #expect(error?.holder == nil)
        #expect(error?.description.contains("another process") == true)
    }
}

/// A child process that takes the lock, says `locked`, and keeps it until its stdin closes.
private final class Holder {
    let process = Process()
    let input = Pipe()
    let output = Pipe()

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Waits, up to a deadline, for the child to report that it holds the lock.
    func waitUntilLocked() throws {
        let deadline = Date().addingTimeInterval(20)
        var seen = Data()
        let fd = output.fileHandleForReading.fileDescriptor
        while !String(decoding: seen, as: UTF8.self).contains("locked\n") {
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            try #require(poll(&poller, 1, remaining) == 1, "the lock holder did not report in time")
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = read(fd, &buffer, buffer.count)
            try #require(count > 0, "the lock holder exited early")
            seen.append(contentsOf: buffer[0..<count])
        }
    }

    /// Closes the child's stdin so that it exits, and waits for it.
    func release() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
