import Testing
@testable import Controller

/// Tokens long enough to be accepted, distinct from one another.
enum SampleToken {
    static let alice = "a1" + String(repeating: "0", count: 62)
    static let bob = "b2" + String(repeating: "1", count: 62)
    static let carol = "c3" + String(repeating: "2", count: 30)
    static let dave = "d4" + String(repeating: "3", count: 62)
}

@Suite struct AccessTokensParsingTests {
    @Test func readsRolesNamesAndLinesSkippingCommentsAndBlankLines() throws {
        let text = """
            # API tokens
            viewer alice \(SampleToken.alice)

              # an indented comment
            operator\tbob\t\(SampleToken.bob)
              reviewer carol \(SampleToken.carol)   \n
            """
        let tokens = try AccessTokens.parse(text, path: "/state/tokens")
        #expect(tokens.tokens.map(\.role) == [.viewer, .operator, .reviewer])
        #expect(tokens.tokens.map(\.name) == ["alice", "bob", "carol"])
        #expect(tokens.tokens.map(\.line) == [2, 5, 6])
        #expect(tokens.path == "/state/tokens")
    }

    @Test func windowsLineEndsKeepLineNumbers() throws {
        let text = "# tokens\r\nviewer alice \(SampleToken.alice)\r\n\r\noperator bob \(SampleToken.bob)\r\n"
        let tokens = try AccessTokens.parse(text, path: "tokens")
        #expect(tokens.tokens.map(\.line) == [2, 4])
        #expect(tokens.authorize(bearer: SampleToken.bob, for: .sync) == .allowed(name: "bob", role: .operator))
    }

    @Test func anEmptyFileHoldsNoTokens() throws {
        #expect(try AccessTokens.parse("", path: "tokens").tokens.isEmpty)
        #expect(try AccessTokens.parse("# nobody yet\n\n", path: "tokens").tokens.isEmpty)
    }

    @Test(arguments: [
        ("admin alice \(SampleToken.alice)", "unknown role 'admin'; the roles are viewer, operator, reviewer"),
        ("opertor alice \(SampleToken.alice)", "unknown role 'opertor' (did you mean 'operator'?)"),
        ("Viewer alice \(SampleToken.alice)", "unknown role 'Viewer' (did you mean 'viewer'?)"),
        ("reviewers alice \(SampleToken.alice)", "unknown role 'reviewers' (did you mean 'reviewer'?)"),
        ("viewer alice 0123456789abcdef0123456789abcde", "the token of 'alice' has 31 characters; at least 32 are needed"),
        ("viewer alice", "expected `ROLE NAME TOKEN` separated by spaces, found 2 field(s)"),
        ("viewer", "found 1 field(s)"),
        ("viewer alice \(SampleToken.alice) # mine", "found 5 field(s)"),
        ("\(SampleToken.alice) alice \(SampleToken.bob)", "unknown role (a field of 64 characters, not shown)"),
    ])
    func badLinesAreReportedWithTheirNumber(line: String, message: String) throws {
        let text = "# tokens\n\nviewer dave \(SampleToken.dave)\n" + line + "\n"
        let error = #expect(throws: AccessTokensError.self) { try AccessTokens.parse(text, path: "/state/tokens") }
        guard case .invalid(let path, let problems) = error else {
            Issue.record("expected an invalid-file error, got \(String(describing: error))")
            return
        }
        #expect(path == "/state/tokens")
        #expect(problems.map(\.line) == [4])
        #expect(problems.first?.message.contains(message) == true, "\(problems)")
        #expect(error?.description.hasPrefix("/state/tokens:4: ") == true)
        #expect(error?.description.contains(SampleToken.alice) == false)
    }

    @Test func aRepeatedNameIsRefusedNamingTheFirstLine() throws {
        let text = "viewer alice \(SampleToken.alice)\n\noperator alice \(SampleToken.bob)\n"
        let error = #expect(throws: AccessTokensError.self) { try AccessTokens.parse(text, path: "tokens") }
        #expect(error == .invalid(path: "tokens", problems: [AccessTokenProblem(
            line: 3, message: "the name 'alice' is already used on line 1; give each holder their own name")]))
    }

    @Test func aRepeatedTokenIsRefusedWithoutShowingIt() throws {
        let text = "viewer alice \(SampleToken.alice)\noperator bob \(SampleToken.bob)\nreviewer carol \(SampleToken.alice)\n"
        let error = #expect(throws: AccessTokensError.self) { try AccessTokens.parse(text, path: "tokens") }
        #expect(error == .invalid(path: "tokens", problems: [AccessTokenProblem(
            line: 3, message: "the token is the same as on line 1; give each holder their own token")]))
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let text = """
            viewer alice \(SampleToken.alice)
            admin bob \(SampleToken.bob)
            viewer carol short
            reviewer alice \(SampleToken.dave)
            operator
            """
        let error = #expect(throws: AccessTokensError.self) { try AccessTokens.parse(text, path: "tokens") }
        guard case .invalid(_, let problems) = error else {
            Issue.record("expected an invalid-file error, got \(String(describing: error))")
            return
        }
        #expect(problems.map(\.line) == [2, 3, 4, 5])
        #expect(error?.description.split(separator: "\n").count == 4)
    }

    @Test func aLineWithSeveralProblemsReportsEachOfThem() throws {
        let text = "viewer alice \(SampleToken.alice)\nadmn alice tiny\n"
        let error = #expect(throws: AccessTokensError.self) { try AccessTokens.parse(text, path: "tokens") }
        guard case .invalid(_, let problems) = error else {
            Issue.record("expected an invalid-file error, got \(String(describing: error))")
            return
        }
        #expect(problems.count == 3)
        #expect(problems.allSatisfy { $0.line == 2 })
    }

    @Test func printingATokenNeverShowsItsSecret() throws {
        let tokens = try AccessTokens.parse("operator bob \(SampleToken.bob)\n", path: "tokens")
        let token = try #require(tokens.tokens.first)
        var dumped = ""
        dump(tokens, to: &dumped)
        for shown in [String(describing: token), String(reflecting: token), dumped] {
            #expect(!shown.contains(SampleToken.bob), "\(shown)")
        }
        #expect(String(describing: token) == "operator bob (line 1)")
    }
}
