import Gates

extension StatusPage {
    /// The candidate's gate verdicts as a table, in gate order, each with every limit it broke.
    struct GateTable {
        let results: [GateResult]

        var html: String {
            var out = "<h3>Gates</h3><table><thead><tr><th>Gate</th><th>Kind</th><th>Verdict</th><th>Reason</th><th class=\"number\">Took</th></tr></thead><tbody>"
            for result in results {
                out += "<tr><td>\(HTMLText.escaped(result.gate))</td><td>\(HTMLText.escaped(result.kind))</td>"
                out += "<td>\(Badge(verdict: result.verdict).html)</td><td>\(HTMLText.escaped(result.reason))"
                if !result.violations.isEmpty {
                    out += "<ul class=\"violations\">"
                    for violation in result.violations { out += "<li>\(HTMLText.escaped(violation))</li>" }
                    out += "</ul>"
                }
                out += "</td><td class=\"number\">\(FixedDecimal.text(result.seconds, digits: 1)) s</td></tr>"
            }
            return out + "</tbody></table>"
        }
    }
}
