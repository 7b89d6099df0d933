import Foundation

/// The status page the daemon serves at `GET /` of its API: one self-contained HTML document
/// (inline CSS and SVG, no scripts, nothing fetched from elsewhere) that reloads itself.
public enum StatusPage {
    /// Seconds between the browser's reloads of the page.
    static let refreshSeconds = 5

    /// The page showing `models` in the order given, as of `now`. Every text from a model is
    /// escaped, and the same input always gives the same document.
    public static func render(models: [ModelStatus], now: Date, title: String = "Slipway") -> String {
        let title = HTMLText.escaped(title)
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        out += "<meta http-equiv=\"refresh\" content=\"\(refreshSeconds)\">"
        out += "<title>\(title)</title><style>\n\(style)\n</style></head>\n<body><header><h1>\(title)</h1>"
        out += "<p class=\"meta\">\(summary(models)) · updated \(PageTime.dateTime(now))</p></header>\n<main>"
        if models.isEmpty {
            out += emptyNotice
        } else {
            for model in models { out += "\n" + ModelSection(model: model, now: now).html }
        }
        out += "\n</main><footer>This page reloads every \(refreshSeconds) seconds.</footer></body></html>\n"
        return out
    }

    /// `3 models · 1 needs attention`.
    private static func summary(_ models: [ModelStatus]) -> String {
        let count = models.count == 1 ? "1 model" : "\(models.count) models"
        let troubled = models.filter { Badge(phase: $0.phase).tone == .red }.count
        switch troubled {
        case 0: return count
        case 1: return count + " · 1 needs attention"
        default: return count + " · \(troubled) need attention"
        }
    }

    private static let emptyNotice = """
        <section class="card empty"><h2>No models yet</h2>\
        <p>A model appears here once a Model manifest (<code>kind: Model</code>; see <code>manifests/model.yaml</code> \
        for an annotated one) is committed on the branch the daemon watches.</p>\
        <p>Check it with <code>slipway validate PATH</code>, then commit and push it: the daemon reads it at its next fetch.</p></section>
        """
}
