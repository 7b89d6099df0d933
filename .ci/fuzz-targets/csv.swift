// Fuzz target: the CSV reader (Pipelines), which reads a file: each input is written to one
// file of this process and read to its end or its first error.
import Glibc
@testable import Pipelines

private let path = "/tmp/slipway-fuzz-csv-\(getpid()).csv"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { fatalError("cannot write \(path)") }
    var written = 0
    while written < size {
        let n = write(descriptor, data + written, size - written)
        guard n > 0 else { fatalError("cannot write \(path)") }
        written += n
    }
    close(descriptor)
    guard let reader = try? CSVReader(path: path) else { return 0 }
    var record = CSVRecord()
    while (try? reader.next(into: &record)) == true {
        if record.count != reader.header.count { fatalError("a record of \(record.count) fields under a header of \(reader.header.count)") }
    }
    return 0
}
