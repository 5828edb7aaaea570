//! The costing as a printable French HTML page: the sections as tables, each chart as inline
//! SVG with its caption, no script and no network request (the project's document style).

use super::charts::charts;
use super::{sections, title, Table};
use crate::report::CostReport;
use clause_compiler::document::style::page;
use maud::{html, Markup, PreEscaped};

/// The page; `back` links to the site's index when the report is part of one.
pub fn render(report: &CostReport, back: Option<&str>) -> String {
    let heading = title(report);
    let sections = sections(report, "\u{202f}");
    let charts = charts(report);
    let body = html! {
        @if let Some(back) = back {
            nav.crumbs { a href=(back) { "Toutes les versions" } }
        }
        h1 { (heading) }
        @for (index, section) in sections.iter().enumerate() {
            section.cost {
                h2 { (section.title) }
                @for sentence in &section.sentences { p { (sentence) } }
                @if let Some(table) = &section.table { (table_markup(table)) }
                @if !section.items.is_empty() {
                    ul { @for item in &section.items { li { (item) } } }
                }
            }
            // The charts follow the summary: totals by year, by band, distribution.
            @if index == 0 && !charts.is_empty() {
                section.charts {
                    h2 { "En graphiques" }
                    @for chart in &charts {
                        figure role="group" {
                            // The page's text is typeset (`page`), its attributes are not: the
                            // accessible name gets the caption's typography, so both read the same.
                            div role="img" aria-label=(clause_compiler::document::words::french_typography(&chart.caption)) { (PreEscaped(&chart.svg)) }
                            figcaption { (chart.caption) }
                        }
                    }
                }
            }
        }
    };
    page(&heading, body)
}

fn table_markup(table: &Table) -> Markup {
    let class = |c: usize| {
        if table.numeric.get(c).copied().unwrap_or(false) {
            "num"
        } else {
            ""
        }
    };
    html! {
        table {
            thead { tr { @for (c, h) in table.headers.iter().enumerate() { th scope="col" class=(class(c)) { (h) } } } }
            tbody {
                @for row in &table.rows {
                    tr { @for (c, cell) in row.iter().enumerate() { td class=(class(c)) { (cell) } } }
                }
            }
            @if let Some(total) = &table.total {
                tfoot { tr { @for (c, cell) in total.iter().enumerate() { th scope=(if c == 0 { "row" } else { "col" }) class=(class(c)) { (cell) } } } }
            }
        }
    }
}
