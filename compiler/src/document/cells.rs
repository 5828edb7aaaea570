//! From the values computed once per band (`Version::static_values`) to the document's cells:
//! the scenarios as environments, a result as a cell, a line's periodicity, the yearly total.

use super::model::*;
use crate::interpret::{Env, EvalError};
use crate::ir::{Expr, GridAxes, ValueKey, Version};
use crate::value::Value;
use clause_grammar::ast::PaymentKind;

/// The version's static scenarios (`Version::static_values`, computed once by the analysis) as
/// environments, to evaluate a fixed share, a `vérifier` or an example's expressions in them.
pub(super) struct Evaluations<'a> {
    pub(super) bandless: Env<'a>,
    /// Per band set, one environment per band (none past the band limit, E0309).
    pub(super) per_band: Vec<Vec<Env<'a>>>,
}

impl<'a> Evaluations<'a> {
    pub(super) fn new(version: &'a Version) -> Self {
        let values = &version.static_values;
        let bandless = values.scenario(ValueKey::GENERAL).map_or_else(
            || Env::for_bands(version, vec![None; version.band_sets.len()]),
            |s| Env::for_scenario(version, s),
        );
        let per_band = (0..version.band_sets.len())
            .map(|set| {
                values
                    .of_set(Some(set))
                    .map(|s| Env::for_scenario(version, s))
                    .collect()
            })
            .collect();
        Evaluations { bandless, per_band }
    }
}

pub(super) fn cell_of(version: &Version, result: Result<Value, EvalError>) -> Cell {
    match result {
        Ok(
            value @ (Value::Money(_)
            | Value::Count(_)
            | Value::Rate(_)
            | Value::Decimal(_)
            | Value::Date(_)
            | Value::Duration(_)),
        ) => Cell::Value(value),
        Ok(other) => Cell::Text(crate::value::display(&other, &|e, v| {
            version.variant_name(e, v)
        })),
        Err(EvalError::Hole(_)) => Cell::Hole,
        Err(EvalError::MissingInput(..)) | Err(EvalError::NoBand(..)) => Cell::DependsOnInputs,
        Err(_) => Cell::Invalid,
    }
}

/// Whether an envelope is paid every contract year (and so counts in the yearly total).
pub(super) fn periodicity(kinds: &[&PaymentKind]) -> Periodicity {
    let yearly = |k: &&PaymentKind| {
        matches!(
            k,
            PaymentKind::AdvanceEachAnniversary(_)
                | PaymentKind::AdvanceAtStart { .. }
                | PaymentKind::BalanceNextAnniversary
                | PaymentKind::VariableByAchievement
                | PaymentKind::EachYear
        )
    };
    // An envelope with no payment rule is a yearly means of a mission, as the sources' tables are.
    if kinds.is_empty() || kinds.iter().any(yearly) {
        return Periodicity::Yearly;
    }
    if kinds.iter().any(|k| matches!(k, PaymentKind::EachCrisis)) {
        Periodicity::OnEvent
    } else if kinds.iter().any(|k| matches!(k, PaymentKind::FirstYear)) {
        Periodicity::FirstYear
    } else if kinds
        .iter()
        .any(|k| matches!(k, PaymentKind::FollowingYears))
    {
        Periodicity::FollowingYears
    } else {
        Periodicity::OneOff
    }
}

/// The sum of the yearly rows, band by band; a band where one row has no figure has no total.
pub(super) fn total_row(groups: &[FundingGroup], columns: usize) -> TotalRow {
    let rows: Vec<&FundingRow> = groups.iter().flat_map(|g| g.rows.iter()).collect();
    let cells = (0..columns)
        .map(|column| {
            let mut sum = rust_decimal::Decimal::ZERO;
            for row in &rows {
                match row.cells.get(column) {
                    Some(Cell::Value(Value::Money(amount))) => match sum.checked_add(*amount) {
                        Some(s) => sum = s,
                        None => return Cell::Invalid,
                    },
                    Some(Cell::Hole) => return Cell::Hole,
                    Some(Cell::DependsOnInputs) => return Cell::DependsOnInputs,
                    _ => return Cell::Invalid,
                }
            }
            Cell::Value(Value::Money(sum))
        })
        .collect();
    TotalRow {
        label: "Total annuel maximum".to_string(),
        note: format!(
            "Somme des {} lignes ci-dessus, versées chaque année. Les versements ponctuels, conditionnels ou limités à certaines années du contrat figurent à part et n'y sont pas comptés.",
            rows.len()
        ),
        cells,
    }
}

/// What a `vérifier` gives in one scenario.
pub(super) fn verdict_of(result: Result<Value, EvalError>) -> Verdict {
    match result {
        Ok(Value::Bool(true)) => Verdict::Verified,
        Ok(_)
        | Err(EvalError::Invalid(_))
        | Err(EvalError::Cycle(_))
        | Err(EvalError::Overflow(_))
        | Err(EvalError::DivisionByZero(_))
        | Err(EvalError::MixedDurations(_))
        | Err(EvalError::AmbiguousDate(..)) => Verdict::Failed,
        Err(EvalError::Hole(_)) => Verdict::Unverifiable,
        Err(EvalError::MissingInput(..))
        | Err(EvalError::NoBand(..))
        | Err(EvalError::NoRule(_)) => Verdict::PerCase,
    }
}

/// The worst verdict among the places a `vérifier` was judged in (bands or cells), with the
/// places that have it; `everywhere` (« pour chaque tranche ») when all hold.
pub(super) fn worst_verdict(
    verdicts: &[(String, Verdict)],
    everywhere: &str,
) -> (Verdict, Option<String>) {
    for worst in [Verdict::Failed, Verdict::Unverifiable, Verdict::PerCase] {
        let concerned: Vec<&str> = verdicts
            .iter()
            .filter(|(_, v)| *v == worst)
            .map(|(place, _)| place.as_str())
            .collect();
        if !concerned.is_empty() {
            return (worst, Some(format!("pour {}", concerned.join(", "))));
        }
    }
    (Verdict::Verified, Some(everywhere.to_string()))
}

/// A `vérifier` over a value by two criteria, in each cell computed once (« pour Taille 2 ×
/// Zone rurale »); with no cell computed (past the cell limit, E0309), checked per case only.
pub(super) fn judge_cells(
    version: &Version,
    axes: GridAxes,
    expr: &Expr,
) -> (Verdict, Option<String>) {
    let verdicts: Vec<(String, Verdict)> = version
        .static_values
        .of_grid(axes)
        .filter_map(|scenario| {
            let cell = scenario.key.cell?;
            let place = format!(
                "{} × {}",
                axes.rows.key_label(version, cell.row),
                axes.columns.key_label(version, cell.column)
            );
            Some((
                place,
                verdict_of(Env::for_scenario(version, scenario).eval(expr)),
            ))
        })
        .collect();
    if verdicts.is_empty() {
        return (Verdict::PerCase, None);
    }
    worst_verdict(&verdicts, "pour chaque case")
}
