/// Class labels as text, so that a CSV's `1`, `1.0` and a server's JSON `1` name the same class.
enum ClassLabel {
    /// `text` itself, unless it is a finite number: then a whole number without decimals (`1.0` → `1`)
    /// and any other number in its shortest form.
    static func canonical(_ text: String) -> String {
        guard let number = Double(text), number.isFinite else { return text }
        return canonical(number)
    }

    /// A number as a label: `1`, `-3`, `0.5`.
    static func canonical(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 9.0e15 { return String(Int64(number)) }
        return String(number)
    }

    /// The labels in class order: by value when every label is a number (as scikit-learn orders
    /// `classes_`), otherwise by text.
    static func sorted(_ labels: some Sequence<String>) -> [String] {
        let distinct = Array(Set(labels))
        let numbers = distinct.compactMap { Double($0) }
        if numbers.count == distinct.count {
            return zip(distinct, numbers).sorted { $0.1 < $1.1 }.map(\.0)
        }
        return distinct.sorted()
    }
}
