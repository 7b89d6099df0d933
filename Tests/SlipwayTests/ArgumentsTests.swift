import Testing
@testable import slipway

@Suite struct ArgumentsTests {
    static let spec = CommandSpec(
        name: "demo", summary: "A demo.", positionals: "PATH…", minPositionals: 1, maxPositionals: 2,
        options: [.value("repo", "DIR", "A repo."), .flag("json", "JSON."), .value("tag", "T", "Tags.", repeatable: true)])

    @Test func parsesValuesFlagsAndPositionals() throws {
        let parsed = try ParsedArguments(["a", "--repo", "/r", "--json", "--tag=x", "--tag", "y", "b"], spec: Self.spec)
        #expect(parsed.positionals == ["a", "b"])
        #expect(parsed.value("repo") == "/r")
        #expect(parsed.flag("json"))
        #expect(parsed.all("tag") == ["x", "y"])
        #expect(!parsed.wantsHelp)
    }

    @Test func doubleDashEndsOptions() throws {
        let parsed = try ParsedArguments(["--", "--json"], spec: Self.spec)
        #expect(parsed.positionals == ["--json"])
        #expect(!parsed.flag("json"))
    }

    @Test func helpNeedsNothingElse() throws {
        // No PATH is given, yet --help is not a usage error.
        #expect(try ParsedArguments(["--help"], spec: Self.spec).wantsHelp)
        #expect(try ParsedArguments(["-h"], spec: Self.spec).wantsHelp)
    }

    @Test(arguments: [
        (["a", "--jsn"], "unknown option '--jsn' for 'slipway demo' (did you mean --json?)"),
        (["a", "--repo"], "--repo needs a value (DIR)"),
        (["a", "--json=1"], "--json takes no value"),
        (["a", "--repo", "x", "--repo", "y"], "--repo is given twice"),
        ([], "'slipway demo' needs PATH…"),
        (["a", "b", "c"], "unexpected argument 'c'"),
        (["-x"], "unknown option '-x'; options are written --name"),
    ])
    func usageErrors(arguments: [String], message: String) {
        #expect {
            try ParsedArguments(arguments, spec: Self.spec)
        } throws: { error in
            (error as? UsageError)?.description == message
        }
    }

    @Test func helpTextListsEveryOption() {
        let help = Self.spec.help
        for name in ["--repo DIR", "--json", "--tag T", "--help"] { #expect(help.contains(name)) }
        #expect(Self.spec.usage == "slipway demo [--repo DIR] [--json] [--tag T] PATH…")
    }
}
