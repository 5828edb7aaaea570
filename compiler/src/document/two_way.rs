//! The tables by two criteria as two-way tables (rows: the first criterion's bands or variants;
//! columns: the second's), each cell read from the values computed once per cell, and the
//! tables of rules as one row per rule. Built from the version and rendered in HTML and CSV
//! here (the Markdown in `markdown.rs`, from `grid`); the sections appear only when a version has
//! such tables.

use super::cells::cell_of;
use super::model::{Cell, Document, RuleTableDoc, TwoWayTable};
use super::words;
use crate::ir::{Definition, Entry, ValueKey, Version};
use maud::{html, Markup};

/// Every value varying with two criteria (a table by two criteria, or a formula using one).
pub fn tables(version: &Version) -> Vec<TwoWayTable> {
    version
        .values
        .iter()
        .enumerate()
        .filter_map(|(id, value)| {
            let axes = value.grid?;
            let rows = axes.rows;
            let columns = axes.columns;
            let (height, width) = axes.size(version);
            let cells = (0..height)
                .map(|r| {
                    (0..width)
                        .map(|c| {
                            let key = ValueKey::cell(axes, r, c);
                            cell_of(version, version.static_values.get(key, id))
                        })
                        .collect()
                })
                .collect();
            Some(TwoWayTable {
                name: value.name.clone(),
                label: value.label.clone().unwrap_or_else(|| value.name.clone()),
                criteria: [rows.name(version), columns.name(version)],
                rows: (0..height).map(|k| rows.key_label(version, k)).collect(),
                columns: (0..width).map(|k| columns.key_label(version, k)).collect(),
                cells,
            })
        })
        .collect()
}

/// Every table of rules, its rules in the order written.
pub fn rule_tables(version: &Version) -> Vec<RuleTableDoc> {
    version
        .values
        .iter()
        .filter_map(|value| {
            let Definition::Rules(table) = &value.definition else {
                return None;
            };
            let input = |k: usize| version.input_name(table.inputs[k]).to_owned();
            let rules = table
                .rules
                .iter()
                .map(|rule| {
                    let value = match &rule.value {
                        Entry::Value(expr) => match &expr.kind {
                            crate::ir::ExprKind::Literal(v) => {
                                words::cell(&cell_of(version, Ok(v.clone())))
                            }
                            _ => super::prose::in_words(version, expr),
                        },
                        Entry::Hole(_) => words::HOLE.to_string(),
                        Entry::Missing => "—".to_string(),
                    };
                    [
                        rule.ranges[0].words(table.percent[0]),
                        rule.ranges[1].words(table.percent[1]),
                        value,
                    ]
                })
                .collect();
            Some(RuleTableDoc {
                name: value.name.clone(),
                label: value.label.clone().unwrap_or_else(|| value.name.clone()),
                inputs: [input(0), input(1)],
                rules,
            })
        })
        .collect()
}

fn text(cell: &Cell) -> String {
    match cell {
        Cell::Invalid => "—".into(),
        Cell::Hole => words::HOLE.to_string(),
        other => words::cell(other),
    }
}

/// One two-way table as texts: the header (the corner names both criteria), then one row per
/// key of the first criterion.
pub fn grid(t: &TwoWayTable) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header = vec![format!("{} \\ {}", t.criteria[0], t.criteria[1])];
    header.extend(t.columns.iter().cloned());
    let rows = t
        .rows
        .iter()
        .zip(&t.cells)
        .map(|(label, cells)| {
            let mut row = vec![label.clone()];
            row.extend(cells.iter().map(text));
            row
        })
        .collect();
    (header, rows)
}

/// The HTML sections (nothing for a version without such tables).
pub fn html(doc: &Document) -> Markup {
    html! {
        @if !doc.two_way.is_empty() {
            section #deux-criteres {
                h2 { "Tableaux à deux critères" }
                @for t in &doc.two_way {
                    @let (header, rows) = grid(t);
                    (super::style::wide_table(&t.label, html! { table {
                        caption { (t.label) " (" code { (t.name) } ") : par " code { (t.criteria[0]) } " (lignes) et " code { (t.criteria[1]) } " (colonnes)" }
                        thead { tr { @for h in &header { th scope="col" { (h) } } } }
                        tbody {
                            @for row in &rows {
                                tr {
                                    @for (i, cell) in row.iter().enumerate() {
                                        @if i == 0 { th scope="row" { (cell) } }
                                        @else { td.num { (cell) } }
                                    }
                                }
                            }
                        }
                    } }))
                }
            }
        }
        @if !doc.rule_tables.is_empty() {
            section #tables-de-regles {
                h2 { "Tables de règles" }
                @for t in &doc.rule_tables {
                    (super::style::wide_table(&t.label, html! { table {
                        caption { (t.label) " (" code { (t.name) } ") : une règle par ligne" }
                        thead { tr { th scope="col" { (t.inputs[0]) } th scope="col" { (t.inputs[1]) } th scope="col" { "Valeur" } } }
                        tbody {
                            @for rule in &t.rules {
                                tr { td { (rule[0]) } td { (rule[1]) } td.num { (rule[2]) } }
                            }
                        }
                    } }))
                }
            }
        }
    }
}

pub const CSV_COLUMNS: [&str; 7] = [
    "version",
    "ligne",
    "critere_1",
    "valeur_1",
    "critere_2",
    "valeur_2",
    "montant",
];

/// `version,ligne,critere_1,valeur_1,critere_2,valeur_2,montant`: one record per cell (long
/// format, as the funding CSV); the amount a plain number with a dot. Unquoted: `csv.rs` writes
/// them.
pub fn records(doc: &Document) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for t in &doc.two_way {
        for (row, cells) in t.rows.iter().zip(&t.cells) {
            for (column, cell) in t.columns.iter().zip(cells) {
                let amount = cell
                    .amount()
                    .map_or_else(String::new, |d| d.normalize().to_string());
                out.push(vec![
                    doc.id.clone(),
                    t.name.clone(),
                    t.criteria[0].clone(),
                    row.clone(),
                    t.criteria[1].clone(),
                    column.clone(),
                    amount,
                ]);
            }
        }
    }
    out
}
