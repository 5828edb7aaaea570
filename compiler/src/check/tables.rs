//! Amounts that decrease as the population grows (W0405): a likely swapped table, by bands or,
//! in a table by two criteria, along each criterion that is a band set (one line at a time).

use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::ir::*;
use crate::value::{french_money, Value};
use clause_grammar::Span;
use rust_decimal::Decimal;

pub(super) fn check_decreasing(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
    for value in &version.values {
        match &value.definition {
            Definition::Table {
                band_set, entries, ..
            } => {
                let names = Axis::Bands(*band_set).keys(version);
                let amounts: Vec<_> = entries.iter().map(literal_money).collect();
                report_decreasing(value, &amounts, &names, "", diagnostics);
            }
            Definition::Grid(grid) => check_grid(version, value, grid, diagnostics),
            Definition::Formula(_) | Definition::Rules(_) => {}
        }
    }
}

/// Along each criterion of the table that is a band set, each line of the other criterion
/// (« pour la zone `rurale` ») on its own.
fn check_grid(
    version: &Version,
    value: &ValueItem,
    grid: &GridDef,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let GridAxes { rows, columns } = grid.axes;
    let (row_count, column_count) = grid.axes.size(version);
    if let Axis::Bands(_) = rows {
        let names = rows.keys(version);
        for column in 0..column_count {
            let amounts: Vec<_> = (0..row_count)
                .map(|row| grid.cell(row, column).and_then(literal_money))
                .collect();
            let context = line_context(version, columns, column);
            report_decreasing(value, &amounts, &names, &context, diagnostics);
        }
    }
    if let Axis::Bands(_) = columns {
        let names = columns.keys(version);
        for row in 0..row_count {
            let amounts: Vec<_> = (0..column_count)
                .map(|column| grid.cell(row, column).and_then(literal_money))
                .collect();
            let context = line_context(version, rows, row);
            report_decreasing(value, &amounts, &names, &context, diagnostics);
        }
    }
}

/// ` (zone `rurale`)`: the line of the other criterion the amounts are read along.
fn line_context(version: &Version, axis: Axis, key: usize) -> String {
    let keys = axis.keys(version);
    format!(
        " ({} `{}`)",
        axis.name(version),
        keys.get(key).map_or("?", String::as_str)
    )
}

/// An amount written as a literal, with its span (a formula is not compared).
fn literal_money(entry: &Entry) -> Option<(Decimal, Span)> {
    match entry {
        Entry::Value(Expr {
            kind: ExprKind::Literal(Value::Money(d)),
            span,
            ..
        }) => Some((*d, *span)),
        _ => None,
    }
}

/// W0405 for each amount smaller than the one of the band before it.
fn report_decreasing(
    value: &ValueItem,
    amounts: &[Option<(Decimal, Span)>],
    band_names: &[String],
    context: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let name = |index: usize| band_names.get(index).map_or("?", String::as_str);
    for index in 1..amounts.len() {
        let (Some((previous, previous_span)), Some((current, span))) =
            (amounts[index - 1], amounts[index])
        else {
            continue;
        };
        if current < previous {
            diagnostics.push(
                Diagnostic::new(
                    Code::TableDecreasing,
                    format!(
                        "`{}` diminue avec la taille : {} pour `{}` après {} pour `{}`{context}",
                        value.name,
                        french_money(current, " "),
                        name(index),
                        french_money(previous, " "),
                        name(index - 1)
                    ),
                    span,
                    "plus petit que la tranche précédente",
                )
                .with_secondary(previous_span, "tranche précédente")
                .with_help("vérifiez l'ordre des montants : ils suivent l'ordre des tranches"),
            );
        }
    }
}
