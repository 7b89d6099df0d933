import Foundation
import Pipelines

/// Importances printed by an `explainer` command as `{"feature": importance, …}`.
enum ExplainerOutput {
    /// Why the output holds no importances.
    struct Problem: Error {
        var message: String
    }

    /// The last JSON object in `output` that starts at the beginning of a line and runs to the end
    /// (the command's stderr shares the stream, so warnings may come before it), read as importances.
    static func importances(in output: [UInt8]) throws(Problem) -> [FeatureImportance] {
        var end = output.count
        while end > 0, [0x20, 0x09, 0x0A, 0x0D].contains(output[end - 1]) { end -= 1 }
        let starts = output[..<end].indices.filter { output[$0] == UInt8(ascii: "{") && ($0 == 0 || output[$0 - 1] == 0x0A) }
        for start in starts.reversed() {
            guard case .object(let fields)? = try? JSONBytes.parse(Array(output[start..<end])) else { continue }
            var importances: [FeatureImportance] = []
            for (feature, value) in fields.sorted(by: { $0.key < $1.key }) {
                guard case .number(let number) = value, number.isFinite else {
                    throw Problem(message: "the importance of '\(feature)' is not a number; print {\"feature\": importance, …}")
                }
                importances.append(FeatureImportance(feature: feature, mean: number, spread: nil))
            }
            return importances
        }
        throw Problem(message: "it printed no JSON object; as its last output it must print {\"feature\": importance, …} on a line of its own")
    }
}
