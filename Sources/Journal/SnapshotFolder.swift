import Foundation

/// The snapshot files of one state folder, `<state>/snapshots/snapshot-<seq>.json`.
struct SnapshotFolder {
    /// The folder's path.
    let path: String

    /// The snapshot folder of `stateFolder`.
    init(stateFolder: String) {
        path = (stateFolder as NSString).appendingPathComponent("snapshots")
    }

    /// The file of the snapshot through entry `seq`; zero-padded so names sort like numbers.
    func file(seq: Int) -> String {
        let digits = String(seq)
        let name = "snapshot-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits + ".json"
        return (path as NSString).appendingPathComponent(name)
    }

    /// The seqs of the snapshot files present, newest first.
    func seqs() -> [Int] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        return names.compactMap { name -> Int? in
            guard name.hasPrefix("snapshot-"), name.hasSuffix(".json") else { return nil }
            return Int(name.dropFirst("snapshot-".count).dropLast(".json".count))
        }.sorted(by: >)
    }

    /// The hash snapshot `seq` records for its last entry; nil when the file is missing,
    /// unreadable, or names another seq than its file name.
    func recordedHash(seq: Int) -> Digest? {
        guard let data = FileManager.default.contents(atPath: file(seq: seq)),
              let mark = try? JSONDecoder().decode(SnapshotMark.self, from: data),
              mark.seq == seq
        else { return nil }
        return Digest(mark.hash)
    }
}

/// The content of one snapshot file: a state and the entry it is the fold through.
struct SnapshotFile<State: Codable>: Codable {
    /// The last entry folded into `state`.
    let seq: Int
    /// That entry's hash, in hex.
    let hash: String
    /// The fold of entries 1 through `seq`.
    let state: State
}

/// The seq and hash of a snapshot, read without decoding its state.
private struct SnapshotMark: Decodable {
    /// The last entry folded in.
    let seq: Int
    /// That entry's hash, in hex.
    let hash: String
}
