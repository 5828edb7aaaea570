//! The amounts of two versions as negotiators read them: for each band (or each range of the
//! population, when the two versions cut it differently), the amount before, after, and the
//! difference, side by side in columns; one row per funding line of either version.

use super::model::Comparison;
use super::sides::line_title;
use crate::document::{Cell, Document, FundingRow};
use rust_decimal::Decimal;

/// One column group: a band (or range) and where its amount sits in each version's rows.
#[derive(Debug, Clone)]
pub struct ColumnGroup {
    pub heading: String,
    old_index: Option<usize>,
    new_index: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct AmountRow {
    pub label: String,
    /// Per column group: before, after, and after − before when both are amounts.
    pub cells: Vec<(Option<Cell>, Option<Cell>, Option<Decimal>)>,
}

#[derive(Debug, Clone)]
pub struct AmountColumns {
    pub groups: Vec<ColumnGroup>,
    pub rows: Vec<AmountRow>,
}

fn rows(doc: &Document) -> (Vec<&FundingRow>, Vec<String>) {
    let tables = doc.funding.iter().chain(&doc.other_payments);
    let columns = doc
        .funding
        .iter()
        .chain(&doc.other_payments)
        .next()
        .map(|t| t.columns.clone())
        .unwrap_or_default();
    (
        tables
            .flat_map(|t| t.groups.iter().flat_map(|g| &g.rows))
            .collect(),
        columns,
    )
}

/// Before / after / difference for every line of either version, band by band.
pub fn amount_columns(comparison: &Comparison, old: &Document, new: &Document) -> AmountColumns {
    let (old_rows, old_columns) = rows(old);
    let (new_rows, new_columns) = rows(new);
    let position = |columns: &[String], label: &str| columns.iter().position(|c| c == label);
    let groups: Vec<ColumnGroup> = match &comparison.band_mapping {
        Some(mapping) => mapping
            .segments
            .iter()
            .map(|s| ColumnGroup {
                heading: s.range_text.clone(),
                old_index: position(&old_columns, &s.old_label),
                new_index: position(&new_columns, &s.new_label),
            })
            .collect(),
        None => new_columns
            .iter()
            .enumerate()
            .map(|(i, label)| ColumnGroup {
                heading: label.clone(),
                old_index: position(&old_columns, label),
                new_index: Some(i),
            })
            .collect(),
    };
    let mut names: Vec<&str> = old_rows.iter().map(|r| r.name.as_str()).collect();
    for row in &new_rows {
        if !names.contains(&row.name.as_str()) {
            names.push(&row.name);
        }
    }
    let rows = names
        .into_iter()
        .map(|name| {
            let before = old_rows.iter().find(|r| r.name == name);
            let after = new_rows.iter().find(|r| r.name == name);
            // « Prévention — Moyens »: the mission tells apart lines sharing a label.
            let label = after
                .or(before)
                .map_or_else(String::new, |r| line_title(old, new, r));
            // A band-free line has one cell, the same for every band.
            let pick = |row: Option<&&FundingRow>, index: Option<usize>| {
                let row = row?;
                let index = if row.cells.len() == 1 { Some(0) } else { index };
                row.cells.get(index?).cloned()
            };
            let cells = groups
                .iter()
                .map(|g| {
                    let (b, a) = (pick(before, g.old_index), pick(after, g.new_index));
                    let delta = match (
                        b.as_ref().and_then(Cell::amount),
                        a.as_ref().and_then(Cell::amount),
                    ) {
                        (Some(b), Some(a)) => Some(a - b),
                        _ => None,
                    };
                    (b, a, delta)
                })
                .collect();
            AmountRow { label, cells }
        })
        .collect();
    AmountColumns { groups, rows }
}
