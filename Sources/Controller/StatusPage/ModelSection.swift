import Foundation
import Gates
import Pipelines

extension StatusPage {
    /// One model's card: phase, revision and versions, last error, conditions, gate verdicts and
    /// the rollout's analysis charts.
    struct ModelSection {
        let model: ModelStatus
        let now: Date

        var html: String {
            let name = HTMLText.escaped(model.name)
            var out = "<section class=\"card\" id=\"model-\(name)\"><div class=\"card-head\"><h2>\(name)</h2>\(Badge(phase: model.phase).html)</div>"
            out += facts
            if let error = model.lastError {
                out += "<div class=\"error\"><strong>Last error:</strong> \(HTMLText.escaped(error))</div>"
            }
            if !model.conditions.isEmpty { out += ConditionTable(conditions: model.conditions, now: now).html }
            if !model.gates.isEmpty { out += GateTable(results: model.gates).html }
            if !model.analyses.isEmpty { out += AnalysisCharts(analyses: model.analyses).html }
            return out + "</section>"
        }

        private var facts: String {
            var out = "<dl class=\"facts\"><dt>Revision</dt><dd>"
            out += model.revision.map { Self.abbreviated($0, keeping: 7) } ?? "<span class=\"none\">none yet</span>"
            out += "</dd><dt>Stable</dt><dd>\(Self.version(model.stable))</dd>"
            out += "<dt>Candidate</dt><dd>\(Self.version(model.candidate))</dd>"
            if let weight = model.phase.canaryWeight {
                let share = min(max(weight, 0), 100)
                out += "<dt>Traffic</dt><dd><span class=\"weight\"><span style=\"width:\(share)%\"></span></span> \(share)% to the candidate</dd>"
            }
            return out + "</dl>"
        }

        private static func version(_ candidate: Candidate?) -> String {
            guard let candidate else { return "<span class=\"none\">none</span>" }
            return "artifact \(abbreviated(candidate.artifact, keeping: 12)) <span class=\"none\">run key</span> \(abbreviated(candidate.runKey, keeping: 12))"
        }

        /// A digest or commit id cut to `keeping` characters after any `sha256:` prefix, whole in
        /// the tooltip.
        private static func abbreviated(_ text: String, keeping: Int) -> String {
            let prefix = text.hasPrefix("sha256:") ? "sha256:" : ""
            let body = text.dropFirst(prefix.count)
            let shown = body.count > keeping ? prefix + body.prefix(keeping) + "…" : text
            return "<code title=\"\(HTMLText.escaped(text))\">\(HTMLText.escaped(shown))</code>"
        }
    }
}
