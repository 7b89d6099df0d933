/// The tree entries Slipway refuses to read or write, and why each rule exists.
///
/// Git's object format lets a tree hold any name; git itself refuses the dangerous ones only when
/// it checks a commit out (`verify_path`, `fsck`). Slipway never checks out: it reads trees through
/// libgit2 and writes model folders itself, so it applies the same rules where trees are read.
/// The rules follow what git refuses on every platform (`core.protectNTFS` is on by default
/// everywhere since git 2.24, and its HFS+ rules are cheap to apply too): a folder exported here may
/// be copied to a Windows or macOS machine, or have `git` run inside it by a training script.
public enum TreeRules {
    /// Why a tree entry called `name` (its raw bytes) of kind `kind` is refused; nil when it is fine.
    public static func refusal(ofName name: [UInt8], kind: TreeEntry.Kind) -> String? {
        // An empty name would make the path `a//b`, which the file system reads as `a/b`.
        if name.isEmpty { return "the name is empty" }
        // Git's tree format ends a name at the first NUL, so git cannot store one; the rule is kept so
        // that a name from anywhere else (a diff, a manifest) meets the same check before a C call cuts it.
        if name.contains(0) { return "the name holds a NUL byte" }
        // `..` climbs out of the folder being written (CVE-2014-9390 family); `.` names the folder itself.
        if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] {
            return "'\(String(decoding: name, as: UTF8.self))' is not a name but a step in a path: writing it would leave the folder"
        }
        // A name is one path component; with `/` it becomes several, and `../x` writes anywhere.
        if name.contains(UInt8(ascii: "/")) { return "the name holds '/', so it would be written into another folder" }
        // `\` separates folders on Windows; git refuses it under core.protectNTFS (CVE-2019-1354).
        if name.contains(UInt8(ascii: "\\")) { return "the name holds '\\', a folder separator on Windows" }
        guard let text = String(validating: name, as: UTF8.self) else {
            // Slipway's paths are Swift strings: an invalid byte would be replaced, so the file written
            // (and the path a manifest can name) would not be the one committed.
            return "the name is not valid UTF-8"
        }
        // Control characters in names reach logs, status pages and terminals raw; no model needs them.
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "the name holds a control character"
        }
        let folded = folded(text)
        // A `.git` inside an exported folder is a repository to any git command run there: its
        // config and hooks run code (CVE-2014-9390 for case and HFS+, CVE-2019-1352 for NTFS short
        // names and streams). Refused for files too: git refuses the name whatever the entry holds.
        if folded == ".git" || isShortName(folded, of: "git") {
            return "the name is '.git' as a case-insensitive, NTFS or HFS+ file system reads it"
        }
        // Git reads these files from the work tree; as symlinks they make git read (or write) any
        // file the link points at (CVE-2018-11235 for .gitmodules; git refuses all four since 2.32).
        if kind == .symlink, ["gitmodules", "gitattributes", "gitignore", "mailmap"].contains(where: { folded == "." + $0 }) {
            return "'\(folded)' must not be a symlink: git follows it when it reads the file"
        }
        return nil
    }

    /// The names of one tree that name the same file as another of its names on a case-insensitive
    /// or normalising file system, or to Swift (whose strings compare canonically equivalent Unicode
    /// as equal), by index, with the reason. Such a pair lets one entry be written over or through
    /// the other: a symlink `A` beside a folder `a/` (CVE-2021-21300), a symlink `a` and a folder `a`
    /// in one crafted tree, or two keys for one path in Slipway's own tables. Both of a pair are refused.
    public static func collisions(in names: [String]) -> [Int: String] {
        var first: [String: Int] = [:]
        var refused: [Int: String] = [:]
        for (index, name) in names.enumerated() {
            let key = String(String.UnicodeScalarView(name.unicodeScalars.filter { !isIgnoredByHFS($0) })).lowercased()
            guard let earlier = first[key] else {
                first[key] = index
                continue
            }
            let reason = names[earlier].utf8.elementsEqual(name.utf8)
                ? "the tree holds '\(printable(name))' twice"
                : "'\(printable(names[earlier]))' and '\(printable(name))' are one name to a case-insensitive or Unicode-normalising file system"
            refused[earlier] = refused[earlier] ?? reason
            refused[index] = reason
        }
        return refused
    }

    /// The symlinks under `folder` ("" is the repository root) that point outside it, from `symlinks`
    /// (path from the repository root → target), in path order. A model folder is exported alone, so
    /// such a link would reach whatever the path names on the machine that trains.
    public static func escapingSymlinks(under folder: String, in symlinks: [String: String]) -> [(path: String, target: String)] {
        let prefix = folder.isEmpty ? "" : folder + "/"
        let inside = symlinks.filter { $0.key.hasPrefix(prefix) }
        let relative = Set(inside.keys.map { String($0.dropFirst(prefix.count)) })
        return inside.filter { !staysInside(link: String($0.key.dropFirst(prefix.count)), destination: $0.value, symlinks: relative) }
            .map { (path: $0.key, target: $0.value) }
            .sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// Whether a symlink at `link` (a path relative to the exported root) to `destination` resolves
    /// inside the root. Resolution is lexical, which matches the file system only while no `..`
    /// follows a symlink, so a destination that passes through another symlink in `symlinks` is refused.
    public static func staysInside(link: String, destination: String, symlinks: Set<String>) -> Bool {
        guard !destination.isEmpty, !destination.hasPrefix("/"), !destination.utf8.contains(0) else { return false }
        var components = link.split(separator: "/").dropLast().map(String.init)
        let steps = destination.split(separator: "/", omittingEmptySubsequences: true)
        for (index, step) in steps.enumerated() {
            switch step {
            case ".": continue
            case "..":
                guard !components.isEmpty else { return false }
                components.removeLast()
            default:
                components.append(String(step))
                if index < steps.count - 1, symlinks.contains(components.joined(separator: "/")) { return false }
            }
        }
        return true
    }

    /// A name as the file systems git protects against compare it: HFS+ ignores some invisible code
    /// points, NTFS drops trailing spaces and dots and reads `name:stream` as `name`, and both (and
    /// Swift's `==`) ignore case and Unicode normalisation.
    static func folded(_ name: String) -> String {
        var scalars = String.UnicodeScalarView(name.unicodeScalars.filter { !isIgnoredByHFS($0) })
        if let colon = scalars.firstIndex(of: ":") { scalars = String.UnicodeScalarView(scalars[..<colon]) }
        var text = String(scalars).lowercased()
        while let last = text.last, last == " " || last == "." { text.removeLast() }
        return text.isEmpty ? name.lowercased() : text
    }

    /// Whether `folded` is an NTFS 8.3 short name (`GIT~1`) that can stand for `.<stem>`.
    private static func isShortName(_ folded: String, of stem: String) -> Bool {
        guard folded.hasPrefix(stem + "~") else { return false }
        let digits = folded.dropFirst(stem.count + 1)
        return !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
    }

    /// The code points HFS+ leaves out when it compares names (git's `is_hfs_dotgit` list).
    static func isIgnoredByHFS(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200C...0x200F, 0x202A...0x202E, 0x206A...0x206F, 0xFEFF: true
        default: false
        }
    }

    /// `path` with control characters and invisible code points spelled out, so that an error shows
    /// what is really there (`.git\u{200C}`, not `.git`).
    public static func printable(_ path: String) -> String {
        var text = ""
        for scalar in path.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || isIgnoredByHFS(scalar) {
                text += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}
