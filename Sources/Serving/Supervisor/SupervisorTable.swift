import Foundation
import Journal

/// The supervisor's persisted table, from which a new supervisor re-adopts the servers that still run.
struct SupervisorTable: Codable, Equatable {
    /// One supervised version.
    struct Entry: Codable, Equatable {
        /// How to start it again.
        var spec: ServerSpec
        /// Its leader's id, while a process runs.
        var pid: Int32?
        /// That leader's start time, `/proc/<pid>/stat` field 22.
        var startTime: UInt64?
        /// The port it listens on, once ready.
        var port: Int?
        /// Whether it had answered its readiness path.
        var ready: Bool
        /// Its log file.
        var logPath: String
        /// How often it was restarted.
        var restarts: Int
    }

    /// The entries, in no particular order.
    var entries: [Entry] = []

    /// The file name inside the state folder.
    static let fileName = "servers.json"

    /// Reads the table in `folder`; an absent file is an empty table.
    static func load(from folder: String) throws -> SupervisorTable {
        let path = folder + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else { return SupervisorTable() }
        return try JSONDecoder().decode(SupervisorTable.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Replaces the table in `folder` atomically.
    func save(to folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try AtomicFile.write(encoder.encode(self), to: folder + "/" + Self.fileName)
    }
}
