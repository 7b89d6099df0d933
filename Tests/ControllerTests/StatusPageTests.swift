import Foundation
import Gates
import Testing
@testable import Controller

@Suite struct StatusPageTests {
    typealias Fixtures = StatusPageFixtures

    func occurrences(of needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func isOneDocumentThatReloadsItselfAndFetchesNothing() {
        let page = StatusPage.render(models: [Fixtures.rollingOut, Fixtures.failed], now: Fixtures.now)
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(page.hasSuffix("</html>\n"))
        #expect(page.contains("<meta http-equiv=\"refresh\" content=\"5\">"))
        #expect(page.contains("<title>Slipway</title>"))
        for forbidden in ["<script", "http://", "https://", "src=", "href=", "url(", "@import", "<link", "<iframe", "<img"] {
            #expect(!page.lowercased().contains(forbidden), "the page holds \(forbidden)")
        }
    }

    @Test func theSameInputGivesTheSameText() {
        let models = [Fixtures.rollingOut, Fixtures.failed]
        #expect(StatusPage.render(models: models, now: Fixtures.now) == StatusPage.render(models: models, now: Fixtures.now))
    }

    @Test func escapesEveryTextFromAModel() {
        var model = Fixtures.failed
        model.name = "<script>alert(\"name\")</script>"
        model.gates[1].reason = "<script>reason</script> & more"
        model.gates[1].violations = ["<img onerror='x'>"]
        model.conditions[0].message = "<b>bold</b>"
        model.lastError = "</div><script>error</script>"
        let page = StatusPage.render(models: [model], now: Fixtures.now, title: "Ops <team>")
        #expect(!page.contains("<script"))
        #expect(!page.contains("<img"))
        #expect(!page.contains("<b>"))
        #expect(page.contains("<h2>&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;</h2>"))
        #expect(page.contains("&lt;script&gt;reason&lt;/script&gt; &amp; more"))
        #expect(page.contains("<li>&lt;img onerror=&#39;x&#39;&gt;</li>"))
        #expect(page.contains("&lt;/div&gt;&lt;script&gt;error&lt;/script&gt;"))
        #expect(page.contains("<title>Ops &lt;team&gt;</title>"))
    }

    @Test(arguments: [
        (ModelPhase.idle, "green", "Idle"),
        (.training, "amber", "Training"),
        (.gating, "amber", "Gating"),
        (.awaitingApproval, "amber", "Awaiting approval"),
        (.rollingOut(step: 2, steps: 3, weight: 50), "amber", "Rolling out 2/3 · 50%"),
        (.rollingBack, "red", "Rolling back"),
        (.failed, "red", "Failed"),
    ])
    func showsEachPhaseAsABadge(phase: ModelPhase, tone: String, label: String) {
        let page = StatusPage.render(models: [ModelStatus(name: "m", phase: phase)], now: Fixtures.now)
        #expect(page.contains("<h2>m</h2><span class=\"badge \(tone)\">\(label)</span>"))
        #expect(page.contains("to the candidate") == (label.hasPrefix("Rolling out")))
    }

    @Test func showsGateVerdictsWithTheirViolations() {
        let page = StatusPage.render(models: [Fixtures.failed], now: Fixtures.now)
        #expect(page.contains("<td>load</td><td>loadTest</td><td><span class=\"badge red\">fail</span></td><td>p99 above the SLO"
            + "<ul class=\"violations\"><li>p99 130 ms &gt; 50 ms</li><li>error rate 0.02 &gt; 0.001</li></ul></td><td class=\"number\">20.0 s</td>"))
        #expect(page.contains("<span class=\"badge green\">pass</span>"))
        #expect(page.contains("<span class=\"badge amber\">pending</span>"))
        #expect(page.contains("<strong>Last error:</strong> gate load failed on candidate sha256:4d4d"))
        #expect(page.contains("1 model · 1 needs attention"))
    }

    @Test func showsConditionsWithTheirAge() {
        let page = StatusPage.render(models: [Fixtures.failed], now: Fixtures.now)
        #expect(page.contains("<td>Stalled</td><td>True</td><td><code>GateFailed</code></td><td>gate load failed</td>"
            + "<td title=\"2026-03-01 09:59:00 UTC\">2h 1m ago</td>"))
        #expect(page.contains("updated 2026-03-01 12:00:00 UTC"))
    }

    @Test func shortensDigestsAndKeepsThemWholeInTheTooltip() {
        let page = StatusPage.render(models: [Fixtures.rollingOut], now: Fixtures.now)
        #expect(page.contains("<code title=\"89e14ebd5c8d4a1b0d0a7c3e4e5b3f6e2c1a0b9d\">89e14eb…</code>"))
        #expect(page.contains("<code title=\"\(Fixtures.stable.artifact)\">sha256:2b2b2b2b2b2b…</code>"))
        #expect(page.contains("<code title=\"\(Fixtures.candidate.runKey)\">sha256:3c3c3c3c3c3c…</code>"))
        #expect(!page.contains(">\(Fixtures.candidate.artifact)<"))
    }

    @Test func drawsChartsOnlyForAModelWithAnalyses() {
        let without = StatusPage.render(models: [Fixtures.failed], now: Fixtures.now)
        #expect(!without.contains("<svg"))
        #expect(!without.contains("Rollout analysis"))
        let with = StatusPage.render(models: [Fixtures.rollingOut, Fixtures.failed], now: Fixtures.now)
        #expect(occurrences(of: "<svg", in: with) == 2)
        #expect(with.contains("<title>Error rate, canary vs stable</title>"))
        #expect(with.contains("<title>p99 latency (ms), canary vs stable</title>"))
        #expect(occurrences(of: "<polyline", in: with) == 4)
        #expect(with.contains("3 analyses from 11:59:30 to 11:59:50 UTC. Latest: error rate canary 0.60%, stable 0.10%; p99 canary 100.0 ms, stable 75.0 ms."))
    }

    @Test func anEmptyPageSaysHowToAddAModel() {
        let page = StatusPage.render(models: [], now: Fixtures.now)
        #expect(page.contains("<h2>No models yet</h2>"))
        #expect(page.contains("<code>kind: Model</code>"))
        #expect(page.contains("<code>slipway validate PATH</code>"))
        #expect(page.contains("0 models · updated"))
        #expect(!page.contains("class=\"card\""))
    }
}
