//! The page's colours and its one inline style sheet (screen and print).

use crate::matrix::CellStatus;

/// Every cell status, in the order the legend and the tally list them.
pub const STATUSES: [CellStatus; 5] = [
    CellStatus::Qualified,
    CellStatus::Failed,
    CellStatus::Error,
    CellStatus::Stale,
    CellStatus::NotRun,
];

/// The background colour (sRGB) of a heat-map cell of this status. Light enough for black
/// text, distinct in print and in greyscale order (qualified lightest-green, failed red).
pub const fn status_colour(status: CellStatus) -> [u8; 3] {
    match status {
        CellStatus::Qualified => [0x9c, 0xd8, 0xa8],
        CellStatus::Failed => [0xf2, 0x9a, 0x9a],
        CellStatus::Error => [0xf7, 0xc0, 0x72],
        CellStatus::NotRun => [0xdc, 0xdc, 0xdc],
        CellStatus::Stale => [0xff, 0xe9, 0x85],
    }
}

/// `#rrggbb` of a status colour.
pub fn status_hex(status: CellStatus) -> String {
    let [r, g, b] = status_colour(status);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The style sheet, with one `.st-<status>` rule per status.
pub fn css() -> String {
    let mut s = String::from(BASE);
    for st in STATUSES {
        s.push_str(&format!(
            ".st-{}{{background:{}}}\n",
            st.as_str(),
            status_hex(st)
        ));
    }
    s.push_str(PRINT);
    s
}

const BASE: &str = r#":root{color-scheme:light}
*{box-sizing:border-box}
body{font:14px/1.45 "DejaVu Sans","Liberation Sans",system-ui,Arial,sans-serif;color:#1a1a1a;background:#fff;margin:0 auto;max-width:1240px;padding:24px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:19px;border-bottom:2px solid #333;padding-bottom:4px;margin:36px 0 12px}
h3{font-size:15px;margin:22px 0 8px}
p{margin:6px 0}
.meta{color:#555;margin:2px 0}
.meta b{color:#1a1a1a}
table{border-collapse:collapse;margin:6px 0}
th,td{border:1px solid #c4c4c4;padding:4px 8px;text-align:left;vertical-align:baseline;overflow-wrap:anywhere}
th{background:#f1f1f1}
.wrap{overflow-x:auto;max-width:100%}
.mono,code{font-family:"DejaVu Sans Mono","Liberation Mono",ui-monospace,monospace;font-size:12px;overflow-wrap:anywhere}
.tally{margin:10px 0}
.tally .chip,.legend .chip{display:inline-block;padding:3px 10px;margin:2px 6px 2px 0;border:1px solid #999;border-radius:3px}
.heatmap th.host{text-align:center;background:#e6e6e6}
.heatmap th.fw{text-align:center;font-weight:normal}
.heatmap th.sku{min-width:200px}
.heatmap th.sku a{color:inherit}
.heatmap td.cell{text-align:center;min-width:118px;padding:0;border:2px solid #fff;outline:1px solid #bbb}
.heatmap td.cell a{display:block;padding:10px 6px;color:#111;text-decoration:none}
.heatmap td.absent{background:#fff;color:#999;text-align:center;vertical-align:middle}
.verdict{display:block;font-weight:bold;font-size:15px}
.sub{display:block;font-size:11px;color:#333}
.small{font-size:12px;color:#444}
.oc{font-weight:bold;padding:0 4px;border-radius:2px}
.oc-pass{color:#17612a}
.oc-fail{color:#a31515}
.oc-error{color:#8a4b00}
.oc-skip{color:#555}
.banner{display:inline-block;font-size:18px;font-weight:bold;padding:6px 14px;border-radius:4px;margin:8px 0}
.banner.oc-pass{background:#9cd8a8}
.banner.oc-fail{background:#f29a9a}
.banner.oc-error{background:#f7c072}
.banner.oc-skip{background:#dcdcdc}
table.figures td.v{text-align:right;white-space:nowrap}
div.plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:4px 18px}
figure.plot{margin:10px 0;max-width:780px;min-width:0}
figure.plot svg{width:100%;height:auto;display:block;border:1px solid #ddd}
figcaption{font-size:12px;color:#555;margin-top:4px}
article.ev{border-left:6px solid #ccc;padding:2px 0 8px 12px;margin:18px 0}
article.ev h3{margin-top:4px}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:6px 0}
dl.kv dt{color:#555}
dl.kv dd{margin:0;overflow-wrap:anywhere}
ul.findings li{overflow-wrap:anywhere}
.conflict{color:#a31515;font-weight:bold}
"#;

const PRINT: &str = r#"@media print{
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
@page{margin:12mm}
body{max-width:none;padding:0;font-size:11px}
.wrap{overflow:visible}
.heatmap{font-size:10px}
.heatmap td.cell{min-width:0}
.heatmap td.cell a{padding:6px 3px}
section.sku{break-before:page}
section.evidence{break-before:page}
div.plots{display:block}
figure.plot,article.ev,tr{break-inside:avoid}
h2,h3{break-after:avoid}
a{color:inherit;text-decoration:none}
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_has_its_own_colour_rule() {
        let css = css();
        assert!(css.contains(".st-failed{background:#f29a9a}"));
        assert!(css.contains(".st-not_run{background:#dcdcdc}"));
        let mut colours: Vec<[u8; 3]> = STATUSES.iter().map(|s| status_colour(*s)).collect();
        colours.sort_unstable();
        colours.dedup();
        assert_eq!(colours.len(), 5);
        assert!(css.contains("print-color-adjust:exact"));
    }
}
