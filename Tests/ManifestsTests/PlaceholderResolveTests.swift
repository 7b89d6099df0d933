import Manifests
import Testing

@Suite struct PlaceholderResolveTests {
    static let values = ["data.train": "/w/model/data/train.csv", "output": "/w/output", "params.C": "0.5",
                         "steps.prepare": "/w/steps/prepare", "reports": "/w/reports", "artifact": "/store/sha256-ab"]

    @Test(arguments: [
        (["python3", "train.py", "--data", "${data.train}", "--out", "${output}"],
         ["python3", "train.py", "--data", "/w/model/data/train.csv", "--out", "/w/output"]),
        (["fit", "--C=${params.C}", "${steps.prepare}/x${reports}"], ["fit", "--C=0.5", "/w/steps/prepare/x/w/reports"]),
        (["serve", "${artifact}"], ["serve", "/store/sha256-ab"]),
        (["echo", "$HOME", "cost: $5", "{output}"], ["echo", "$HOME", "cost: $5", "{output}"]),
        (["echo", "${output}${output}"], ["echo", "/w/output/w/output"]),
    ])
    func resolves(arguments: [String], expected: [String]) throws {
        #expect(try Placeholders.resolve(arguments, with: Self.values) == expected)
    }

    @Test func anUnknownPlaceholderSaysWhichAndWhatIsKnown() {
        let error = #expect(throws: PlaceholderError.self) {
            try Placeholders.resolve(["python3", "train.py", "--data", "${data.trian}"], with: Self.values)
        }
        #expect(error?.index == 3)
        #expect(error?.name == "data.trian")
        #expect(error?.description == "argument 3 '${data.trian}' uses ${data.trian}, which this run does not provide "
            + "(it provides ${artifact}, ${data.train}, ${output}, ${params.C}, ${reports}, ${steps.prepare}); did you mean ${data.train}?")
    }

    @Test func anUnclosedPlaceholderIsRefused() {
        let error = #expect(throws: PlaceholderError.self) { try Placeholders.resolve(["--out", "${output"], with: Self.values) }
        #expect(error?.name == nil)
        #expect(error?.description.contains("opens '${' without closing it") == true)
    }
}
