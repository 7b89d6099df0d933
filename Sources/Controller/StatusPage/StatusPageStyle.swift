extension StatusPage {
    /// The page's inline style sheet: system fonts, a bounded width, a card per model, green,
    /// amber and red badges. It names no fonts, images or files to fetch.
    static let style = """
        *{box-sizing:border-box}
        body{margin:0;background:#f4f5f7;color:#1f2328;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        header,main,footer{max-width:1100px;margin:0 auto;padding:0 20px}
        header{padding-top:24px}
        h1{font-size:22px;margin:0}
        h2{font-size:18px;margin:0}
        h3{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:#59636e;margin:20px 0 6px}
        .meta,.caption,footer{color:#59636e}
        .meta{margin:4px 0 0}
        .caption{margin:0 0 8px}
        .card{background:#fff;border:1px solid #d1d9e0;border-radius:10px;padding:16px 20px;margin:16px 0;box-shadow:0 1px 2px rgba(31,35,40,.06)}
        .card-head{display:flex;align-items:center;gap:12px;flex-wrap:wrap}
        .badge{display:inline-block;padding:1px 9px;border-radius:999px;border:1px solid;font-size:12px;font-weight:600;white-space:nowrap}
        .green{background:#dafbe1;color:#116329;border-color:#aceebb}
        .amber{background:#fff8c5;color:#7d4e00;border-color:#eac54f}
        .red{background:#ffebe9;color:#a40e26;border-color:#ffcecb}
        .facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:12px 0 0}
        .facts dt{color:#59636e}
        .facts dd{margin:0}
        .none{color:#8c959f}
        code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f6f8fa;border-radius:4px;padding:1px 5px}
        .weight{display:inline-block;vertical-align:middle;width:160px;height:8px;background:#dbe4f0;border-radius:4px;overflow:hidden}
        .weight span{display:block;height:100%;background:#d97706}
        .error{margin-top:12px;padding:8px 12px;background:#ffebe9;border:1px solid #ffcecb;border-radius:6px;color:#a40e26;white-space:pre-wrap;overflow-wrap:anywhere}
        table{width:100%;border-collapse:collapse}
        th,td{text-align:left;vertical-align:top;padding:6px 8px;border-top:1px solid #eaeef2;overflow-wrap:anywhere}
        th{border-top:none;font-size:12px;font-weight:600;color:#59636e}
        .number{text-align:right;white-space:nowrap}
        .violations{margin:4px 0 0;padding-left:18px;color:#a40e26}
        .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:12px}
        .chart{display:block;width:100%;height:auto;border:1px solid #eaeef2;border-radius:6px}
        .empty p{margin:8px 0 0}
        footer{font-size:12px;padding-bottom:24px}
        """
}
