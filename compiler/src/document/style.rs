//! The HTML page shared by every published page: one self-contained file (inline CSS, no script,
//! no network), in French, printable on A4.

use maud::{html, Markup, PreEscaped, DOCTYPE};

pub const CSS: &str = r#"
:root { --ink: #1b1b1f; --muted: #5a5a66; --rule: #c8c8d0; --soft: #f3f3f6; --accent: #1f3a93;
        --added: #e3f4e8; --added-ink: #17602d; --removed: #fbe6e6; --removed-ink: #8f1d1d;
        --changed: #fff4d6; --changed-ink: #7a5200; --hole: #fff1e0; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
       font: 15px/1.45 "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 28px 32px 48px; }
header.doc { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 22px; }
header.doc .kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); margin: 0 0 4px; }
h1 { font-size: 26px; line-height: 1.2; margin: 0 0 8px; color: var(--accent); }
h2 { font-size: 18px; margin: 30px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); color: var(--accent); }
h3 { font-size: 15px; margin: 18px 0 6px; }
p { margin: 6px 0 10px; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .88em; background: var(--soft); padding: 0 3px; border-radius: 3px; }
a { color: var(--accent); }
.status { display: inline-block; padding: 1px 9px; border-radius: 10px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; margin-left: 6px; vertical-align: middle; }
.status-signé { color: #17602d; } .status-proposé { color: #7a5200; } .status-projet { color: #8f1d1d; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 14px; }
.wide { overflow-x: auto; margin: 8px 0 12px; }
.wide > table { margin: 0; }
.wide:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
caption { text-align: left; font-weight: 600; padding: 4px 0 6px; caption-side: top; }
th, td { border: 1px solid var(--rule); padding: 5px 8px; vertical-align: top; text-align: left; }
thead th { background: var(--soft); font-weight: 600; }
thead th .range { display: block; font-weight: 400; font-size: 12px; color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.group th { background: #e9ecf7; font-weight: 600; }
tr.group th .nature { font-weight: 400; color: var(--muted); }
tbody th[scope=row] { font-weight: 400; }
tr.line th.indent { padding-left: 22px; }
tr.total th, tr.total td { font-weight: 700; border-top: 2px solid var(--ink); background: var(--soft); }
.formula { display: block; font-size: 12px; color: var(--muted); font-style: italic; }
.prov { font-size: 12px; color: var(--muted); }
.ref { font-size: 11px; font-weight: 400; color: var(--muted); white-space: nowrap; }
.hole { font-style: italic; background: var(--hole); color: #8a4b00; }
.hyp { font-size: 11px; vertical-align: super; margin-left: 2px; }
.badge { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 8px; margin-left: 4px; white-space: nowrap; }
.badge.base { background: var(--soft); color: var(--muted); border: 1px solid var(--rule); }
.badge.added { background: var(--added); color: var(--added-ink); }
.badge.replaced { background: var(--changed); color: var(--changed-ink); }
.ok { color: #17602d; font-weight: 600; } .ko { color: #8f1d1d; font-weight: 600; } .unknown { color: #7a5200; font-weight: 600; }
.note { font-size: 13px; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 10px 0 0; font-size: 14px; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
ul.plain { padding-left: 20px; margin: 6px 0; } ul.plain li { margin: 3px 0; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
.side > div { border: 1px solid var(--rule); padding: 10px 14px; border-radius: 4px; }
.side h3 { margin-top: 0; }
tr.added td, tr.added th, td.added { background: var(--added); }
tr.removed td, tr.removed th, td.removed { background: var(--removed); }
tr.changed td, tr.changed th, td.changed { background: var(--changed); }
.delta-up { color: var(--added-ink); } .delta-down { color: var(--removed-ink); }
.summary { background: var(--soft); border-left: 4px solid var(--accent); padding: 8px 14px; margin: 10px 0; }
footer { max-width: 1120px; margin: 0 auto; padding: 12px 32px 28px; font-size: 12px; color: var(--muted); border-top: 1px solid var(--rule); }
nav.crumbs { font-size: 13px; margin-bottom: 10px; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav.crumbs, .no-print { display: none; }
  h1 { font-size: 18pt; } h2 { font-size: 13pt; break-after: avoid; }
  table { font-size: 9pt; }
  .wide { overflow: visible; }
  thead { display: table-header-group; }
  /* The total is printed once, after its table's last line: a footer group would repeat it at
     the foot of every page, under lines of another page. */
  tfoot { display: table-row-group; }
  tr { break-inside: avoid; }
  /* A mission's heading and its lines stay on one page; the total never starts a page. */
  tbody.group { break-inside: avoid; }
  tr.total, tfoot { break-before: avoid; }
  caption, h2, h3 { break-after: avoid; }
  p.note { break-before: avoid; }
  a { color: inherit; text-decoration: none; }
  .side { grid-template-columns: 1fr 1fr; }
  footer { padding: 6px 0 0; }
}
"#;

/// The printed page's margin boxes: the document's title at the foot, left, and « page N sur M »
/// at the foot, right (a stylesheet of its own: the title is the page's).
fn print_footer(title: &str) -> String {
    let title: String = super::words::french_typography(title)
        .chars()
        .filter(|c| !c.is_control())
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            // `</style>` in a title must not end the stylesheet.
            '<' => "\\3c ".chars().collect(),
            c => vec![c],
        })
        .collect();
    format!(
        "@page {{ @bottom-left {{ content: \"{title}\"; font-size: 8pt; color: #5a5a66; }} \
         @bottom-right {{ content: \"page \" counter(page) \" sur \" counter(pages); \
         font-size: 8pt; color: #5a5a66; }} }}"
    )
}

/// A table with more columns than a screen holds (a column per band and per amount): it scrolls
/// in its own region — a named, focusable one, so that a keyboard reaches what is off screen —
/// instead of widening the page.
pub fn wide_table(label: &str, table: Markup) -> Markup {
    html! { div.wide role="region" tabindex="0" aria-label=(label) { (table) } }
}

/// A complete page: doctype, `lang="fr"`, UTF-8, the inline stylesheet, the body and a footer.
pub fn page(title: &str, body: Markup) -> String {
    let markup = html! {
        (DOCTYPE)
        html lang="fr" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="Clause";
                title { (title) }
                style { (PreEscaped(CSS)) }
                style media="print" { (PreEscaped(print_footer(title))) }
            }
            body {
                main { (body) }
                footer { "Document produit par Clause à partir des sources " code { ".clause" } ". Les montants sont en euros ; « non précisé » signale une valeur que les sources ne donnent pas." }
            }
        }
    };
    super::words::typeset_html(&markup.into_string())
}
