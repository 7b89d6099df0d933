import Foundation
@testable import Gates
import Manifests
import Testing

/// Reading model cards: markdown headings or YAML keys, and whether each section has text.
@Suite struct ModelCardTests {
    @Test func markdownHeadingsOfAnyLevelAreSections() throws {
        let card = try ModelCard.parse("""
            # Fraud model
            Intro.
            ## Intended use ##
            Scoring.
            ### Limitations:
            <!-- describe the limits here -->
            ## **Evaluation**
            ### Metrics
            AUC 0.91
            Training data
            -------------
            Payments of 2025.
            ```
            # not a heading
            ```
            """, file: "MODEL_CARD.md")
        #expect(card.format == .markdown)
        #expect(card.sections.map(\.title) == ["Fraud model", "Intended use", "Limitations:", "**Evaluation**", "Metrics", "Training data"])
        #expect(card.sections.map(\.line) == [1, 3, 5, 7, 8, 10])
        #expect(card.section(named: "intended USE")?.hasContent == true)
        // Only a template's comment: nothing written yet.
        #expect(card.section(named: "Limitations")?.hasContent == false)
        // Text in a subsection is text of the section.
        #expect(card.section(named: "evaluation")?.hasContent == true)
        #expect(card.section(named: "Training data")?.hasContent == true)
        #expect(card.section(named: "not a heading") == nil)
    }

    @Test func frontMatterAndRulesAreNotHeadings() throws {
        let card = try ModelCard.parse("---\ntitle: card\n---\n## Limitations\n\n---\n## Evaluation\nAUC\n", file: "CARD.md")
        #expect(card.sections.map(\.title) == ["Limitations", "Evaluation"])
        #expect(card.section(named: "Limitations")?.hasContent == false)
    }

    @Test func yamlCardsHaveTopLevelKeys() throws {
        let card = try ModelCard.parse("""
            intended use: Scoring card payments.
            limitations: ""
            evaluation: {auc: 0.91}
            training data: []
            ethical considerations:
            """, file: "card.yaml")
        #expect(card.format == .yaml)
        #expect(card.sections.map(\.title) == ["intended use", "limitations", "evaluation", "training data", "ethical considerations"])
        #expect(card.sections.map(\.hasContent) == [true, false, true, false, false])
        #expect(throws: SyntaxError.self) { try ModelCard.parse("- a list\n", file: "card.yml") }
    }

    @Test func aCompleteCardPasses() async throws {
        let bench = try GovernanceBench()
        try bench.write("MODEL_CARD.md", ApprovalRepository.card)
        let result = try await bench.evaluate(model: GovernanceBench.model(), policy: GovernanceBench.policy())
        #expect(result.verdict == .pass, "\(result.reason)")
        #expect(result.reason == "model card has all 2 sections, 3 Policy rules met, 0 of 0 approvals counted")
    }

    @Test func aMissingCardFails() async throws {
        let bench = try GovernanceBench()
        let result = try await bench.evaluate(model: GovernanceBench.model(), policy: GovernanceBench.policy())
        #expect(result.verdict == .fail)
        #expect(result.violations == ["model card MODEL_CARD.md does not exist in the model's folder; write it with the sections Intended use, Limitations"])
    }

    @Test func aMissingSectionFails() async throws {
        let bench = try GovernanceBench()
        try bench.write("MODEL_CARD.md", "# Card\n## Intended use\nScoring.\n")
        let result = try await bench.evaluate(model: GovernanceBench.model(), policy: GovernanceBench.policy())
        #expect(result.verdict == .fail)
        #expect(result.violations == ["model card MODEL_CARD.md has no section 'Limitations'"])
    }

    @Test func anEmptySectionFails() async throws {
        let bench = try GovernanceBench()
        try bench.write("MODEL_CARD.md", "# Card\n## Intended use\nScoring.\n## Limitations\n\n## Appendix\nMore.\n")
        let result = try await bench.evaluate(model: GovernanceBench.model(), policy: GovernanceBench.policy())
        #expect(result.verdict == .fail)
        #expect(result.violations == ["model card MODEL_CARD.md section 'Limitations' (line 4) is empty"])
    }

    @Test func aYAMLCardIsCheckedByItsKeys() async throws {
        let bench = try GovernanceBench()
        try bench.write("card.yaml", "Intended use: Scoring card payments.\nLimitations: European data only.\n")
        let passing = try await bench.evaluate(model: GovernanceBench.model(card: "card.yaml"), policy: GovernanceBench.policy())
        #expect(passing.verdict == .pass, "\(passing.reason)")
        try bench.write("card.yaml", "Intended use: Scoring card payments.\nLimitations:\n")
        let failing = try await bench.evaluate(model: GovernanceBench.model(card: "card.yaml"), policy: GovernanceBench.policy())
        #expect(failing.violations == ["model card card.yaml section 'Limitations' (line 2) is empty"])
    }

    @Test func aCardThatCannotBeReadIsAnError() async throws {
        let bench = try GovernanceBench()
        try FileManager.default.createDirectory(atPath: bench.folder.path + "/MODEL_CARD.md", withIntermediateDirectories: true)
        let folder = try await bench.evaluate(model: GovernanceBench.model(), policy: GovernanceBench.policy())
        #expect(folder.verdict == .error)
        #expect(folder.reason == "cannot read the model card: MODEL_CARD.md is a folder, not a file")

        try Data([0x23, 0x20, 0xff, 0xfe, 0x0a]).write(to: URL(fileURLWithPath: bench.folder.path + "/card.md"))
        let binary = try await bench.evaluate(model: GovernanceBench.model(card: "card.md"), policy: GovernanceBench.policy())
        #expect(binary.verdict == .error)
        #expect(binary.reason == "cannot read the model card: card.md is not UTF-8 text")

        try bench.write("card.yaml", "Intended use: [unclosed\n")
        let broken = try await bench.evaluate(model: GovernanceBench.model(card: "card.yaml"), policy: GovernanceBench.policy())
        #expect(broken.verdict == .error)
        #expect(broken.reason.hasPrefix("cannot read the model card: card.yaml:"))

        let outside = try await bench.evaluate(model: GovernanceBench.model(card: "../shared/CARD.md"), policy: GovernanceBench.policy())
        #expect(outside.verdict == .error)
        #expect(outside.reason == "cannot read the model card: models/shared/CARD.md is outside the model's folder 'models/fraud', and a gate sees only that folder")
    }
}
