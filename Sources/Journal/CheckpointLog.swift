import Foundation
import Glibc

/// `<state>/checkpoints.jsonl`: one signed `Checkpoint` a line, only ever appended to.
///
/// As in the journal, only bytes after the last newline are a torn append; every complete line
/// is read, and one that is not a checkpoint is reported by verification, never dropped.
struct CheckpointLog {
    /// One complete line of the file.
    struct Line {
        /// The line number, from 1.
        let number: Int
        /// The checkpoint it holds; nil when the line is not one.
        let checkpoint: Checkpoint?
    }

    /// The checkpoint file of a state folder.
    static func path(in stateFolder: String) -> String {
        (stateFolder as NSString).appendingPathComponent("checkpoints.jsonl")
    }

    /// Every complete line of the file at `path` and the length they span; no lines when there is no file.
    static func read(path: String) throws -> (lines: [Line], goodBytes: Int) {
        guard access(path, F_OK) == 0 else { return ([], 0) }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var lines: [Line] = []
        var start = data.startIndex
        let decoder = JSONDecoder()
        while let newline = data[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let checkpoint = try? decoder.decode(Checkpoint.self, from: data[start..<newline])
            lines.append(Line(number: lines.count + 1, checkpoint: checkpoint))
            start = newline + 1
        }
        return (lines, start - data.startIndex)
    }

    /// The open file, positioned for appends.
    private let file: FileDescriptor

    /// Opens (or creates) the file at `path` for appending; a torn last append is cut back first,
    /// so that the next line starts on a line of its own.
    init(path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let created = access(path, F_OK) != 0
        file = try FileDescriptor(path: path, flags: O_WRONLY | O_CREAT | O_APPEND)
        if created { try FileDescriptor.syncFolder(folder.isEmpty ? "." : folder) }
        let good = try CheckpointLog.read(path: path).goodBytes
        if try Int(file.status().st_size) > good {
            try file.truncate(to: good)
            try file.sync()
        }
    }

    /// Appends `checkpoint` as one line; returns once it is on disk.
    func append(_ checkpoint: Checkpoint) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try file.write(Array(try encoder.encode(checkpoint)) + [UInt8(ascii: "\n")])
        try file.sync()
    }
}
