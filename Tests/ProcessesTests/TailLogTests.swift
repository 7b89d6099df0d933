import Foundation
import Processes
import Testing
import TestSupport

@Suite struct TailLogTests {
    /// Chunks of different sizes against a small cap: the file and the ring always hold the tail.
    @Test(arguments: [[3, 1, 7, 2], [10], [25], [4, 4, 4, 4, 4, 4, 4], [1, 9, 11, 30, 2]])
    func keepsTheLastCapBytes(chunkSizes: [Int]) throws {
        let folder = try TemporaryDirectory()
        let log = try TailLog(path: folder.path + "/t.log", cap: 10)
        var all: [UInt8] = []
        for (index, size) in chunkSizes.enumerated() {
            let chunk = (0..<size).map { UInt8(ascii: "a") + UInt8((index * 7 + $0) % 26) }
            all += chunk
            try log.append(chunk)
            #expect(log.tail == Array(all.suffix(10)))
            let onDisk = try Data(contentsOf: URL(fileURLWithPath: log.path))
            #expect(onDisk.count <= 20)
            #expect(Array(onDisk).suffix(min(onDisk.count, all.count)) == all.suffix(min(onDisk.count, all.count)))
        }
        try log.finish()
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: log.path))) == Array(all.suffix(10)))
        #expect(log.bytesWritten == all.count)
        #expect(log.bytesDropped == max(0, all.count - 10))
    }
}
