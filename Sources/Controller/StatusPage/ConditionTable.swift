import Foundation

extension StatusPage {
    /// A model's conditions as a table, each with how long it has held.
    struct ConditionTable {
        let conditions: [ModelCondition]
        let now: Date

        var html: String {
            var out = "<h3>Conditions</h3><table><thead><tr><th>Type</th><th>Status</th><th>Reason</th><th>Message</th><th>Since</th></tr></thead><tbody>"
            for condition in conditions {
                out += "<tr><td>\(HTMLText.escaped(condition.type.rawValue))</td><td>\(condition.status ? "True" : "False")</td>"
                out += "<td><code>\(HTMLText.escaped(condition.reason.rawValue))</code></td><td>\(HTMLText.escaped(condition.message))</td>"
                out += "<td title=\"\(PageTime.dateTime(condition.since))\">\(PageTime.age(now.timeIntervalSince(condition.since))) ago</td></tr>"
            }
            return out + "</tbody></table>"
        }
    }
}
