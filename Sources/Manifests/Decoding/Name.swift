/// DNS-1123 labels, the names of models, gates, steps and data sets.
public enum Name {
    /// Why a name is not a DNS-1123 label, or nil when it is one.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "a name may not be empty" }
        if name.utf8.count > 63 { return "'\(name)' is longer than 63 characters" }
        let bytes = Array(name.utf8)
        let allowed = bytes.allSatisfy { (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2d }
        if !allowed || bytes.first == 0x2d || bytes.last == 0x2d {
            return "'\(name)' is not a DNS-1123 label: use lowercase letters, digits and '-', starting and ending with a letter or digit"
        }
        return nil
    }
}
