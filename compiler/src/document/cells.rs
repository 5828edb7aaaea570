//! From the values computed once per band (`Version::static_values`) to the document's cells:
//! the scenarios as environments, a result as a cell, a line's periodicity, the yearly total.

use super::model::*;
use crate::interpret::{Env, EvalError};
use crate::ir::{ValueKey, Version};
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
