import Foundation
import Gates
import Journal
import Pipelines

/// `slipway gates`: every gate's verdict and evidence on a candidate, as a reviewer reads them before signing.
enum GatesCommand: Command {
    static let spec = CommandSpec(
        name: "gates",
        summary: "Show every gate's verdict and evidence on a model's candidate (the latest, or --candidate).",
        positionals: "MODEL", minPositionals: 1, maxPositionals: 1,
        options: [
            .value("state", "DIR", "The state folder (required)."),
            .value("candidate", "DIGEST", "The candidate's run key or artifact digest, or a prefix of either (default: the latest gated)."),
            .value("junit", "FILE", "Also write the verdicts as JUnit XML to FILE."),
            .flag("json", "Print the report as JSON."),
        ],
        discussion: """
        Reads the journal: each gate's latest verdict on the candidate, in the order the gates ran, with the
        limits it found broken and everything it measured. Exit status: 0 every gate passed, 1 a gate failed,
        could not judge, or waits (pending approvals).
        """)

    static func run(_ arguments: ParsedArguments) async throws -> ExitStatus {
        let model = arguments.positionals[0]
        let entries = try Journal.entries(stateFolder: try arguments.required("state"))
        let finished = try entries.compactMap { try $0.event(GateFinished.self) }.filter { $0.model == model }
        guard let last = finished.last else {
            throw CommandError(description: "no gate has run on a candidate of '\(model)' in this state folder")
        }
        let candidate: Candidate
        if let wanted = arguments.value("candidate") {
            let matching = Set(finished.map(\.candidate).filter { matches($0, wanted) })
            guard matching.count == 1, let only = matching.first else {
                let known = Set(finished.map(\.candidate.artifact)).sorted().map { "  " + $0 }.joined(separator: "\n")
                throw CommandError(description: matching.isEmpty
                    ? "no gated candidate of '\(model)' matches '\(wanted)'; gated candidates (artifacts):\n\(known)"
                    : "'\(wanted)' matches \(matching.count) candidates; give more digits")
            }
            candidate = only
        } else {
            candidate = last.candidate
        }
        // The latest verdict of each gate, in the order the gates first ran.
        var order: [String] = []
        var latest: [String: GateResult] = [:]
        for event in finished where event.candidate == candidate {
            if latest[event.result.gate] == nil { order.append(event.result.gate) }
            latest[event.result.gate] = event.result
        }
        let report = GateReport(model: model, candidate: candidate, results: order.compactMap { latest[$0] }, notRun: [])
        if let junit = arguments.value("junit") {
            try JUnitReport(model: model, candidate: candidate, results: report.results).write(to: junit)
        }
        if arguments.flag("json") {
            Output.json(report)
        } else {
            Output.print(text(report))
        }
        return report.verdict == .pass ? .success : .failure
    }

    static func matches(_ candidate: Candidate, _ text: String) -> Bool {
        let bare = text.hasPrefix("sha256:") ? String(text.dropFirst(7)) : text
        return [candidate.runKey, candidate.artifact].contains { $0.dropFirst(7).hasPrefix(bare) }
    }

    static func text(_ report: GateReport) -> String {
        var lines = ["\(report.model): candidate run \(report.candidate.runKey)", "  artifact \(report.candidate.artifact)",
                     "  overall: \(report.verdict.rawValue)", ""]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        for result in report.results {
            lines.append("\(result.verdict.rawValue.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0))\(result.gate) (\(result.kind), \(String(format: "%.1fs", result.seconds)))")
            lines.append("        \(result.reason)")
            for violation in result.violations where violation != result.reason { lines.append("        ✗ \(violation)") }
            if let json = try? encoder.encode(result.evidence), result.evidence != .object([:]) {
                lines += String(decoding: json, as: UTF8.self).split(separator: "\n").map { "        " + $0 }
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
