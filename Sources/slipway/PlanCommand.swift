import Controller
import Git
import Manifests

/// `slipway plan`: what merging one revision onto another would do to each model.
enum PlanCommand: Command {
    static let spec = CommandSpec(
        name: "plan",
        summary: "Show what moving from one revision to another would do to each model.",
        options: [
            .value("repo", "DIR", "The git repository (required)."),
            .value("from", "REV", "The revision deployed now, e.g. origin/main (required)."),
            .value("to", "REV", "The revision to deploy, e.g. the pull request's head (required)."),
            .flag("json", "Print the plan as JSON."),
        ],
        discussion: """
        Everything is read from git objects, never from a working tree. For each model the plan says
        create, delete, retrain (and why: spec, code, data, params), update (gates, serving, rollout or
        schedule changed; no training; which edited or new gates run again on the current candidate) or
        invalid (the last good version keeps serving).
        Exit status: 0 when the manifests at --to are valid, 1 when they are not, 2 usage error.
        """)

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        let (path, from, to) = (try arguments.required("repo"), try arguments.required("from"), try arguments.required("to"))
        let plan = try await ChangePlan.between(try Repository.open(at: path), from: from, to: to)
        if arguments.flag("json") {
            Output.json(plan)
        } else {
            Output.print(render(plan))
        }
        return plan.isValid ? .success : .failure
    }

    static func render(_ plan: ChangePlan) -> String {
        var lines = ["Plan: \(plan.from) → \(plan.to)"]
        if plan.models.isEmpty && plan.otherChanges.isEmpty {
            lines.append(plan.filesNotRead == 0 && plan.unchangedModels == 0 ? "  the revisions hold the same files" : "  no model changes")
        }
        for change in plan.models {
            let why = change.retrainReasons.isEmpty ? "" : " (" + change.retrainReasons.map(\.rawValue).joined(separator: ", ") + ")"
            lines.append("  \(change.action.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(change.model)\(why)  \(change.file)")
            for detail in change.details { lines.append("             \(detail)") }
            if !change.gatesRerun.isEmpty {
                lines.append("             gates run again on a candidate not yet rolling out: " + change.gatesRerun.joined(separator: ", "))
            }
        }
        for note in plan.otherChanges { lines.append("  \(note)") }
        let counts = Dictionary(grouping: plan.models, by: \.action).mapValues(\.count)
        let summary = ["create", "retrain", "update", "delete", "invalid"].compactMap { word -> String? in
            counts[ChangePlan.ModelChange.Action(rawValue: word)!].map { "\($0) \(word)" }
        } + ["\(plan.unchangedModels) unchanged"] + (plan.filesNotRead > 0 ? ["\(plan.filesNotRead) files untouched"] : [])
        lines.append(summary.joined(separator: ", "))
        if !plan.isValid {
            lines.append("")
            lines.append("The manifests at \(plan.to) have problems:")
            lines += plan.diagnostics.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
