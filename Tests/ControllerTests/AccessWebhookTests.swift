import Testing
import HTTP
@testable import Controller

/// Deliveries whose signatures were computed outside Slipway (`openssl dgst -sha256 -hmac`, and
/// the example in GitHub's documentation on validating deliveries).
enum SignedDelivery {
    static let githubDocsSecret = "It's a Secret to Everybody"
    static let githubDocsBody = Array("Hello, World!".utf8)
    static let githubDocsSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"

    static let secret = "webhook-secret-for-tests"
    static let after = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
    static let pushBody = Array(
        #"{"ref":"refs/heads/main","after":"4b825dc642cb6eb9a060e54bf8d69288fbee4904","repository":{"name":"models"}}"#.utf8)
    static let pushSignature = "sha256=b77072f7ffb650a73db43a2e14549159d3019ded70b27db9384d89bc90ba67b0"
}

@Suite struct AccessWebhookTests {
    let verifier = WebhookVerifier(secret: SignedDelivery.secret)

    @Test func githubDocumentationExampleIsAccepted() {
        let verifier = WebhookVerifier(secret: SignedDelivery.githubDocsSecret)
        let headers = HTTPHeaders([("X-Hub-Signature-256", SignedDelivery.githubDocsSignature), ("X-GitHub-Event", "ping")])
        let verdict = verifier.verify(headers: headers, body: SignedDelivery.githubDocsBody)
        #expect(verdict == .accepted(WebhookEvent(provider: .github, name: "ping")))
    }

    @Test func githubPushCarriesRefAndAfterFromTheBody() {
        let headers = HTTPHeaders([("X-GitHub-Event", "push"), ("X-Hub-Signature-256", SignedDelivery.pushSignature)])
        let verdict = verifier.verify(headers: headers, body: SignedDelivery.pushBody)
        #expect(verdict == .accepted(WebhookEvent(
            provider: .github, name: "push", ref: "refs/heads/main", after: SignedDelivery.after)))
    }

    @Test(arguments: [
        ("x-hub-signature-256", "x-github-event"),
        ("X-HUB-SIGNATURE-256", "X-GITHUB-EVENT"),
        ("X-Hub-Signature-256", "x-GitHub-event"),
    ])
    func githubHeaderNamesAreMatchedWithoutCase(signature: String, event: String) {
        let headers = HTTPHeaders([(signature, SignedDelivery.pushSignature), (event, "push")])
        guard case .accepted(let event) = verifier.verify(headers: headers, body: SignedDelivery.pushBody) else {
            Issue.record("a correctly signed delivery was refused")
            return
        }
        #expect(event.name == "push")
    }

    @Test func upperCaseHexIsAccepted() {
        let upper = "sha256=" + SignedDelivery.pushSignature.dropFirst(7).uppercased()
        let verdict = verifier.verify(headers: HTTPHeaders([("X-Hub-Signature-256", upper)]), body: SignedDelivery.pushBody)
        #expect(verdict == .accepted(WebhookEvent(
            provider: .github, name: nil, ref: "refs/heads/main", after: SignedDelivery.after)))
    }

    @Test(arguments: [0, 9, SignedDelivery.pushBody.count - 1])
    func aTamperedBodyIsRefused(at index: Int) {
        var body = SignedDelivery.pushBody
        body[index] ^= 0x01
        let headers = HTTPHeaders([("X-Hub-Signature-256", SignedDelivery.pushSignature), ("X-GitHub-Event", "push")])
        #expect(verifier.verify(headers: headers, body: body) == .refused(.wrongSignature))
    }

    @Test func anExtraByteAtTheEndIsRefused() {
        let headers = HTTPHeaders([("X-Hub-Signature-256", SignedDelivery.pushSignature)])
        #expect(verifier.verify(headers: headers, body: SignedDelivery.pushBody + [0x0a]) == .refused(.wrongSignature))
    }

    @Test(arguments: ["webhook-secret-for-test", "webhook-secret-for-tests ", "Webhook-secret-for-tests"])
    func aWrongSecretIsRefused(secret: String) {
        let headers = HTTPHeaders([("X-Hub-Signature-256", SignedDelivery.pushSignature)])
        let verdict = WebhookVerifier(secret: secret).verify(headers: headers, body: SignedDelivery.pushBody)
        #expect(verdict == .refused(.wrongSignature))
    }

    @Test(arguments: [
        ("sha1=" + String(repeating: "a", count: 40), WebhookRefusal.SignatureDefect.missingPrefix),
        ("SHA256=" + String(repeating: "a", count: 64), .missingPrefix),
        (String(repeating: "a", count: 64), .missingPrefix),
        ("sha256=", .digitCount(0)),
        ("sha256=" + String(repeating: "a", count: 63), .digitCount(63)),
        ("sha256=" + String(repeating: "a", count: 65), .digitCount(65)),
        ("sha256=" + String(repeating: "a", count: 63) + "g", .notHex),
        ("sha256=" + String(repeating: "a", count: 62) + " a", .notHex),
    ])
    func malformedSignaturesSayWhatIsWrong(header: String, defect: WebhookRefusal.SignatureDefect) {
        let verdict = verifier.verify(headers: HTTPHeaders([("X-Hub-Signature-256", header)]), body: SignedDelivery.pushBody)
        #expect(verdict == .refused(.malformedSignature(defect)))
    }

    @Test(arguments: [
        [("X-GitHub-Event", "push")],
        [("X-Hub-Signature", "sha1=0123456789012345678901234567890123456789"), ("X-GitHub-Event", "push")],
    ])
    func githubDeliveryWithoutTheSHA256SignatureIsRefused(fields: [(String, String)]) {
        let verdict = verifier.verify(headers: HTTPHeaders(fields), body: SignedDelivery.pushBody)
        #expect(verdict == .refused(.missingHeader(.github, header: "X-Hub-Signature-256")))
    }

    @Test func aRepeatedSignatureHeaderIsRefused() {
        let headers = HTTPHeaders([
            ("X-Hub-Signature-256", SignedDelivery.pushSignature),
            ("x-hub-signature-256", SignedDelivery.pushSignature),
        ])
        #expect(verifier.verify(headers: headers, body: SignedDelivery.pushBody)
            == .refused(.repeatedHeader("X-Hub-Signature-256", count: 2)))
    }

    @Test func gitlabTokenEqualToTheSecretIsAccepted() {
        let headers = HTTPHeaders([("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", SignedDelivery.secret)])
        #expect(verifier.verify(headers: headers, body: SignedDelivery.pushBody) == .accepted(WebhookEvent(
            provider: .gitlab, name: "Push Hook", ref: "refs/heads/main", after: SignedDelivery.after)))
    }

    @Test(arguments: ["x-gitlab-token", "X-GITLAB-TOKEN"])
    func gitlabHeaderNameIsMatchedWithoutCase(name: String) {
        let verdict = verifier.verify(headers: HTTPHeaders([(name, SignedDelivery.secret)]), body: [])
        #expect(verdict == .accepted(WebhookEvent(provider: .gitlab, name: nil)))
    }

    @Test(arguments: ["", "webhook-secret-for-test", "webhook-secret-for-testsX", "xebhook-secret-for-tests", "wrong"])
    func gitlabTokenOtherThanTheSecretIsRefused(token: String) {
        let headers = HTTPHeaders([("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", token)])
        #expect(verifier.verify(headers: headers, body: SignedDelivery.pushBody) == .refused(.wrongToken))
    }

    @Test func gitlabDeliveryWithoutTokenIsRefused() {
        let verdict = verifier.verify(headers: HTTPHeaders([("X-Gitlab-Event", "Push Hook")]), body: [])
        #expect(verdict == .refused(.missingHeader(.gitlab, header: "X-Gitlab-Token")))
    }

    @Test func gitlabTokenIsNotASignature() {
        // A GitLab-style delivery must not be accepted by sending the GitHub signature as the token.
        let headers = HTTPHeaders([("X-Gitlab-Token", SignedDelivery.pushSignature)])
        #expect(verifier.verify(headers: headers, body: SignedDelivery.pushBody) == .refused(.wrongToken))
    }

    @Test func bothStylesAtOnceAreRefused() {
        let headers = HTTPHeaders([
            ("X-Hub-Signature-256", SignedDelivery.pushSignature), ("X-Gitlab-Token", SignedDelivery.secret),
        ])
        #expect(verifier.verify(headers: headers, body: SignedDelivery.pushBody) == .refused(.conflictingStyles))
    }

    @Test func noRecognisedHeaderIsAnUnknownStyle() {
        let headers = HTTPHeaders([("Content-Type", "application/json"), ("X-Gitea-Signature", "abc")])
        #expect(verifier.verify(headers: headers, body: SignedDelivery.pushBody) == .refused(.unknownStyle))
    }

    @Test(arguments: [nil, ""] as [String?])
    func withoutASecretEveryDeliveryIsRefused(secret: String?) {
        let verifier = WebhookVerifier(secret: secret)
        let signed = HTTPHeaders([("X-Hub-Signature-256", SignedDelivery.pushSignature)])
        #expect(verifier.verify(headers: signed, body: SignedDelivery.pushBody) == .refused(.noSecretConfigured))
        let empty = HTTPHeaders([("X-Gitlab-Token", "")])
        #expect(verifier.verify(headers: empty, body: []) == .refused(.noSecretConfigured))
    }

    @Test(arguments: [
        "not json",
        #"{"ref": 7, "after": ["x"]}"#,
        #"["refs/heads/main"]"#,
    ])
    func aBodyWithoutStringRefAndAfterLeavesThemEmpty(body: String) {
        let verdict = verifier.verify(headers: HTTPHeaders([("X-Gitlab-Token", SignedDelivery.secret)]), body: Array(body.utf8))
        #expect(verdict == .accepted(WebhookEvent(provider: .gitlab, name: nil, ref: nil, after: nil)))
    }

    @Test func neitherRefusalsNorTheVerifierShowTheSecret() {
        let refusals: [WebhookRefusal] = [
            .noSecretConfigured, .unknownStyle, .conflictingStyles,
            .missingHeader(.github, header: "X-Hub-Signature-256"), .missingHeader(.gitlab, header: "X-Gitlab-Token"),
            .repeatedHeader("X-Gitlab-Token", count: 3), .malformedSignature(.missingPrefix),
            .malformedSignature(.digitCount(3)), .malformedSignature(.notHex), .wrongSignature, .wrongToken,
        ]
        for refusal in refusals {
            #expect(!refusal.description.contains(SignedDelivery.secret), "\(refusal)")
            #expect(!refusal.description.isEmpty)
        }
        var dumped = ""
        dump(verifier, to: &dumped)
        for shown in [String(describing: verifier), String(reflecting: verifier), dumped] {
            #expect(!shown.contains(SignedDelivery.secret), "\(shown)")
        }
    }

    @Test func refusalsNameTheHeaderAndTheFix() {
        #expect(WebhookRefusal.missingHeader(.github, header: "X-Hub-Signature-256").description
            .contains("no X-Hub-Signature-256 header"))
        #expect(WebhookRefusal.malformedSignature(.digitCount(63)).description.contains("63 characters after sha256="))
        #expect(WebhookRefusal.repeatedHeader("X-Gitlab-Token", count: 2).description.contains("sent 2 times"))
    }
}
