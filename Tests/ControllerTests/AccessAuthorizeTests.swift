import Testing
import HTTP
@testable import Controller

@Suite struct AccessAuthorizeTests {
    let tokens: AccessTokens

    init() throws {
        tokens = try AccessTokens.parse("""
            viewer alice \(SampleToken.alice)
            operator bob \(SampleToken.bob)
            reviewer carol \(SampleToken.carol)
            """, path: "/state/tokens")
    }

    /// Which actions each role may perform; anything not listed is forbidden.
    static let permitted: [AccessRole: Set<APIAction>] = [
        .viewer: [.view],
        .operator: [.view, .promote, .abort, .resume, .rollback, .sync],
        .reviewer: [.view, .approve],
    ]

    @Test(arguments: AccessRole.allCases, APIAction.allCases)
    func rolesPermitExactlyTheirActions(role: AccessRole, action: APIAction) {
        #expect(role.permits(action) == Self.permitted[role]!.contains(action))
    }

    @Test(arguments: APIAction.allCases)
    func eachHolderIsAllowedOrForbiddenByTheirRole(action: APIAction) {
        for (token, name, role) in [
            (SampleToken.alice, "alice", AccessRole.viewer),
            (SampleToken.bob, "bob", .operator),
            (SampleToken.carol, "carol", .reviewer),
        ] {
            let expected: AccessDecision = role.permits(action)
                ? .allowed(name: name, role: role) : .forbidden(name: name, role: role, action: action)
            #expect(tokens.authorize(bearer: token, for: action) == expected)
        }
    }

    @Test(arguments: [nil, ""] as [String?])
    func noTokenIsUnauthenticated(bearer: String?) {
        guard case .unauthenticated(let reason) = tokens.authorize(bearer: bearer, for: .view) else {
            Issue.record("a request without a token was let through")
            return
        }
        #expect(reason.contains("Authorization: Bearer"))
    }

    @Test(arguments: [
        String(SampleToken.alice.dropLast()),
        SampleToken.alice + "0",
        SampleToken.alice.uppercased(),
        String(SampleToken.alice.dropFirst()),
        "x",
        " " + SampleToken.bob,
    ])
    func anythingButAnExactTokenIsUnauthenticated(bearer: String) {
        let decision = tokens.authorize(bearer: bearer, for: .view)
        #expect(decision == .unauthenticated(reason: "the bearer token is not one of those in /state/tokens"))
    }

    @Test func aFileWithoutTokensSaysSo() throws {
        let empty = try AccessTokens.parse("# nobody\n", path: "/state/tokens")
        #expect(empty.authorize(bearer: SampleToken.alice, for: .view)
            == .unauthenticated(reason: "/state/tokens holds no tokens"))
    }

    @Test func aForbiddenDecisionNamesTheRoleThatWouldDo() {
        let decision = tokens.authorize(bearer: SampleToken.alice, for: .approve)
        #expect(decision.description == "forbidden: 'alice' has the role viewer, which may not approve; approve needs the role reviewer")
        #expect(tokens.authorize(bearer: SampleToken.carol, for: .rollback).description.hasSuffix("rollback needs the role operator"))
    }

    @Test(arguments: [
        ([("Authorization", "Bearer abc")], "abc"),
        ([("authorization", "bearer abc")], "abc"),
        ([("AUTHORIZATION", "BEARER  abc  ")], "abc"),
        ([("Authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l")], nil),
        ([("Authorization", "Bearer")], nil),
        ([("Authorization", "Bearer   ")], nil),
        ([("Authorization", "Bearerabc")], nil),
        ([("X-Token", "abc")], nil),
    ] as [([(String, String)], String?)])
    func bearerIsTakenFromTheAuthorizationHeader(fields: [(String, String)], bearer: String?) {
        #expect(AccessTokens.bearer(in: HTTPHeaders(fields)) == bearer)
    }
}
