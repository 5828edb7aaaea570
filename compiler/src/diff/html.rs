//! The comparison as one printable HTML page: the two versions side by side, every change
//! highlighted (added in green, removed in red, modified in amber).

use super::columns::amount_columns;
use super::model::*;
use super::sides::line_title;
use super::text::delta_text;
use crate::document::html::{cell, reference, status_badge};
use crate::document::style::page;
use crate::document::{Document, FundingTable};
use maud::{html, Markup};
use std::collections::BTreeSet;

fn class(nature: Nature) -> &'static str {
    match nature {
        Nature::Added => "added",
        Nature::Removed => "removed",
        Nature::Modified => "changed",
    }
}

fn nature_word(nature: Nature) -> &'static str {
    match nature {
        Nature::Added => "ajout",
        Nature::Removed => "suppression",
        Nature::Modified => "modification",
    }
}

pub fn render_html(comparison: &Comparison, old: &Document, new: &Document) -> String {
    page(
        &format!(
            "Comparaison : {} → {}",
            comparison.old.title, comparison.new.title
        ),
        body(comparison, old, new, None),
    )
}

fn summary_block(v: &VersionSummary, doc: &Document, side: &str) -> Markup {
    html! {
        div {
            p.note { (side) }
            h3 { (v.title) (status_badge(v.status.as_deref())) }
            p { (v.kind) " " (reference(&v.id)) }
            dl.facts { @for fact in &doc.facts { dt { (fact.label) } dd { (fact.text) } } }
        }
    }
}

/// Which lines changed, and how, to highlight them in the side-by-side tables.
fn line_classes(comparison: &Comparison) -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>) {
    let (mut added, mut removed, mut changed) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for c in &comparison.changes {
        let Some(rest) = c.path.strip_prefix("lignes/") else {
            continue;
        };
        let name = rest.split('/').next().unwrap_or(rest).to_string();
        match (c.nature, rest.contains('/')) {
            (Nature::Added, false) => added.insert(name),
            (Nature::Removed, false) => removed.insert(name),
            _ => changed.insert(name),
        };
    }
    (added, removed, changed)
}

/// One version's yearly table; `docs` are the two versions compared, whose lines sharing a label
/// are named with their mission (« Prévention — Moyens »).
fn side_table(
    table: &FundingTable,
    docs: (&Document, &Document),
    highlight: &BTreeSet<String>,
    highlight_class: &str,
    changed: &BTreeSet<String>,
) -> Markup {
    html! {
        table {
            caption { "Financement annuel maximum" }
            thead { tr { th scope="col" { "Ligne" } @for c in &table.columns { th.num scope="col" { (c) } } } }
            tbody {
                @for row in table.groups.iter().flat_map(|g| &g.rows) {
                    @let class = if highlight.contains(&row.name) { Some(highlight_class) } else if changed.contains(&row.name) { Some("changed") } else { None };
                    tr class=[class] { th scope="row" { (line_title(docs.0, docs.1, row)) } @for c in &row.cells { (cell(c)) } }
                }
            }
            @if let Some(total) = &table.total {
                tfoot { tr.total { th scope="row" { (total.label) } @for c in &total.cells { (cell(c)) } } }
            }
        }
    }
}

pub fn body(comparison: &Comparison, old: &Document, new: &Document, back: Option<&str>) -> Markup {
    let (added, removed, changed) = line_classes(comparison);
    let count = comparison.changes.len();
    html! {
        @if let Some(href) = back { nav.crumbs { a href=(href) { "← Toutes les versions" } } }
        header.doc {
            p.kicker { "Comparaison de versions" }
            h1 { (comparison.old.title) " → " (comparison.new.title) }
        }
        div.side {
            (summary_block(&comparison.old, old, "Avant"))
            (summary_block(&comparison.new, new, "Après"))
        }
        p.summary { (count) " changement" @if count > 1 { "s" } " ; " (comparison.unchanged_text()) "." }
        @if let Some(mapping) = &comparison.band_mapping {
            section {
                h2 { "Correspondance des tranches" }
                p { "Les deux versions ne découpent pas la population de la même façon : les montants sont comparés par intervalle de " (mapping.dimension) "." }
                table {
                    caption { "Intervalles de " (mapping.dimension) " et tranche de chaque version" }
                    thead { tr { th scope="col" { (crate::document::words::capitalise(&mapping.dimension)) } th scope="col" { "Tranche avant" } th scope="col" { "Tranche après" } } }
                    tbody {
                        @for s in &mapping.segments {
                            tr class=[(s.old_label != s.new_label).then_some("changed")] { th scope="row" { (s.range_text) } td { (s.old_label) } td { (s.new_label) } }
                        }
                    }
                }
            }
        }
        @for category in Category::ALL {
            @let changes: Vec<&Change> = comparison.changes_in(category).collect();
            @let with_delta = changes.iter().any(|c| c.delta.is_some());
            @let value_class = if category == Category::Amounts { Some("num") } else { None };
            @if !changes.is_empty() {
                section {
                    h2 { (category.title()) }
                    table {
                        caption { (changes.len()) " changement" @if changes.len() > 1 { "s" } }
                        thead {
                            tr {
                                th scope="col" { "Élément" } th scope="col" { "Changement" }
                                th scope="col" { "Avant" } th scope="col" { "Après" }
                                @if with_delta { th.num scope="col" { "Écart" } }
                            }
                        }
                        tbody {
                            @for c in &changes {
                                tr class=(class(c.nature)) {
                                    th scope="row" {
                                        @let (label, name) = super::sides::split_named(&c.subject);
                                        (label) @if let Some(name) = name { " " (reference(name)) }
                                    }
                                    td { (nature_word(c.nature)) }
                                    td class=[value_class] { @if let Some(s) = &c.before { (s.text) } @else { "—" } }
                                    td class=[value_class] { @if let Some(s) = &c.after { (s.text) } @else { "—" } }
                                    @if with_delta {
                                        td.num {
                                            @if let Some(d) = &c.delta {
                                                span class=(if d.amount.is_sign_negative() { "delta-down" } else { "delta-up" }) { (delta_text(d)) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if !old.funding.is_empty() || !new.funding.is_empty() {
            (amounts_side_by_side(comparison, old, new))
            section {
                h2 { "Tableaux de financement des deux versions" }
                div.side {
                    div { h3 { "Avant" } @for t in &old.funding { (side_table(t, (old, new), &removed, "removed", &changed)) } }
                    div { h3 { "Après" } @for t in &new.funding { (side_table(t, (old, new), &added, "added", &changed)) } }
                }
            }
        }
    }
}

/// For each band: before, after and difference in three columns, every line of either version.
fn amounts_side_by_side(comparison: &Comparison, old: &Document, new: &Document) -> Markup {
    let columns = amount_columns(comparison, old, new);
    let shown = |c: &Option<crate::document::Cell>| match c {
        Some(c) => cell(c),
        None => html! { td.num { "—" } },
    };
    html! {
        section {
            h2 { "Montants par tranche : avant, après, écart" }
            (crate::document::style::wide_table("Montants par tranche : avant, après, écart", html! { table.amounts {
                caption { "Chaque ligne de financement des deux versions, en euros" }
                thead {
                    tr {
                        th scope="col" rowspan="2" { "Ligne" }
                        @for g in &columns.groups { th scope="colgroup" colspan="3" { (g.heading) } }
                    }
                    tr { @for _ in &columns.groups { th.num scope="col" { "Avant" } th.num scope="col" { "Après" } th.num scope="col" { "Écart" } } }
                }
                tbody {
                    @for row in &columns.rows {
                        tr {
                            th scope="row" { (row.label) }
                            @for (before, after, delta) in &row.cells {
                                (shown(before)) (shown(after))
                                @match delta {
                                    Some(d) if !d.is_zero() => td.num class=(if d.is_sign_negative() { "delta-down" } else { "delta-up" }) { (signed(*d)) },
                                    Some(_) => td.num { "=" },
                                    None => td.num { "—" },
                                }
                            }
                        }
                    }
                }
            } }))
        }
    }
}

use super::markdown::signed;
