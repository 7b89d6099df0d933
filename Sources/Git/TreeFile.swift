/// A file of a commit's tree together with its contents.
public struct TreeFile: Hashable, Sendable {
    /// Where the file is and what kind it is.
    public let entry: TreeEntry
    /// The blob's bytes (for a symlink, its target).
    public let bytes: [UInt8]

    /// Builds a file.
    public init(entry: TreeEntry, bytes: [UInt8]) {
        self.entry = entry
        self.bytes = bytes
    }
}
