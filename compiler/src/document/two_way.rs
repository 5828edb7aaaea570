//! The tables by two criteria as two-way tables (rows: the first criterion's bands or variants;
//! columns: the second's), each cell read from the values computed once per cell, and the
//! tables of rules as one row per rule. Built from the version and rendered in HTML, Markdown
//! and CSV here, in a module of its own; the sections appear only when a version has such tables.

use super::cells::cell_of;
use super::model::{Cell, Document};
use super::words;
use crate::ir::{Definition, Entry, ValueKey, Version};
use maud::{html, Markup};

/// A value varying with two criteria, as a two-way table.
#[derive(Debug, Clone)]
pub struct TwoWayTable {
    pub name: String,
    pub label: String,
    /// The criteria's names: rows, then columns (`taille`, `zone`).
    pub criteria: [String; 2],
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Cell>>,
}

/// A table of rules: each rule's two intervals in words, and its value (`Cell::Text` for a
/// computed one).
#[derive(Debug, Clone)]
pub struct RuleTableDoc {
    pub name: String,
    pub label: String,
    pub inputs: [String; 2],
    pub rules: Vec<[String; 3]>,
}

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
            let input = |k: usize| {
                version
                    .inputs
                    .get(table.inputs[k])
                    .map_or_else(String::new, |i| i.name.clone())
            };
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

/// The Markdown sections (nothing for a version without such tables).
pub fn markdown(out: &mut String, doc: &Document) {
    use super::markdown::{code, escape, table};
    use std::fmt::Write;
    if !doc.two_way.is_empty() {
        out.push_str("## Tableaux à deux critères\n\n");
    }
    for t in &doc.two_way {
        let _ = writeln!(
            out,
            "{} ({}) : par {} (lignes) et {} (colonnes).\n",
            escape(&t.label),
            code(&t.name),
            code(&t.criteria[0]),
            code(&t.criteria[1])
        );
        let (header, rows) = grid(t);
        let header: Vec<String> = header.iter().map(|h| escape(h)).collect();
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| escape(c)).collect())
            .collect();
        table(out, &header, 1..header.len(), &rows);
    }
    if !doc.rule_tables.is_empty() {
        out.push_str("## Tables de règles\n\n");
    }
    for t in &doc.rule_tables {
        let _ = writeln!(
            out,
            "{} ({}) : une règle par ligne, selon {} et {}.\n",
            escape(&t.label),
            code(&t.name),
            code(&t.inputs[0]),
            code(&t.inputs[1])
        );
        let header = vec![escape(&t.inputs[0]), escape(&t.inputs[1]), "Valeur".into()];
        let rows: Vec<Vec<String>> = t
            .rules
            .iter()
            .map(|r| r.iter().map(|c| escape(c)).collect())
            .collect();
        table(out, &header, 2..3, &rows);
    }
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
