//! The static scenarios of a version — no band chosen, then each band of each band set — with
//! every value computed once in each (`StaticValues`). The analysis runs this once per version;
//! the checks, the documents, `CompiledVersion` and the language server read the result.

use super::Env;
use crate::ir::{
    Axis, Band, BandSet, BandSetId, GridAxes, Scenario, StaticValues, ValueKey, Version,
};
use crate::value::Value;
use rust_decimal::Decimal;

/// Most bands in one version, all band sets together. Every value is computed once per band
/// (and the evaluator keeps a value per band), so the cost is bands × values: bounded here, it
/// stays linear in the file's size. Real scales have a handful of bands.
pub const MAX_BANDS: usize = 64;

/// The band set that takes the version past `MAX_BANDS`, with the count reached there.
pub fn first_set_past_band_limit(version: &Version) -> Option<(BandSetId, usize)> {
    let mut total = 0;
    for (id, set) in version.band_sets.iter().enumerate() {
        total += set.bands.len();
        if total > MAX_BANDS {
            return Some((id, total));
        }
    }
    None
}

/// Every value in every static scenario. Past the band limit (E0309) only the general scenario
/// is computed.
pub fn compute_static_values(version: &Version) -> StaticValues {
    let per_band = first_set_past_band_limit(version).is_none();
    let mut keys = vec![ValueKey::GENERAL];
    if per_band {
        for (set, bands) in version.band_sets.iter().enumerate() {
            keys.extend((0..bands.bands.len()).map(|band| ValueKey::band(set, band)));
        }
        keys.extend(cell_keys(version));
    }
    let scenarios = keys
        .into_iter()
        .map(|key| {
            let mut env = Env::for_key(version, key);
            env.compute_all();
            Scenario {
                key,
                values: env.values,
            }
        })
        .collect();
    StaticValues {
        scenarios,
        per_band,
    }
}

impl<'a> Env<'a> {
    /// An environment holding one scenario's computed values, to evaluate other expressions
    /// (`attendu`, `vérifier`, a fixed share) in it without computing the values again.
    pub fn for_scenario(version: &'a Version, scenario: &Scenario) -> Self {
        let mut env = Env::for_key(version, scenario.key);
        env.values.clone_from(&scenario.values);
        env
    }

    /// An environment for one static scenario: its bands chosen, and for the cell of a table
    /// by two criteria its enumerated inputs given.
    pub fn for_key(version: &'a Version, key: ValueKey) -> Self {
        let mut env = Env::for_bands(version, key.bands(version));
        if let Some(cell) = key.cell {
            for (axis, k) in [(cell.axes.rows, cell.row), (cell.axes.columns, cell.column)] {
                if let Axis::Variants(input, enumeration) = axis {
                    if let Some(slot) = env.inputs.get_mut(input) {
                        *slot = Some(Value::Variant(enumeration, k));
                    }
                }
            }
        }
        env
    }
}

/// Most cells of the tables by two criteria of one version, all tables together: each is a
/// scenario of every value, as a band is.
pub const MAX_CELLS: usize = 1024;

/// The pairs of criteria of the version's tables by two criteria, each once, in a stable order.
fn grids(version: &Version) -> Vec<GridAxes> {
    let mut grids: Vec<GridAxes> = version.values.iter().filter_map(|v| v.grid).collect();
    grids.sort();
    grids.dedup();
    grids
}

/// The pair of criteria whose cells take the version past `MAX_CELLS`, with the count reached
/// there: its cells, and those of the pairs after it, are not computed (E0309).
pub fn first_grid_past_cell_limit(version: &Version) -> Option<(GridAxes, usize)> {
    let mut total = 0;
    for axes in grids(version) {
        let (rows, columns) = axes.size(version);
        total += rows * columns;
        if total > MAX_CELLS {
            return Some((axes, total));
        }
    }
    None
}

/// The scenarios of the cells of every table by two criteria (each pair of criteria once, row
/// by row), within `MAX_CELLS`.
fn cell_keys(version: &Version) -> Vec<ValueKey> {
    let mut keys = Vec::new();
    for axes in grids(version) {
        let (rows, columns) = axes.size(version);
        if keys.len() + rows * columns > MAX_CELLS {
            break;
        }
        for row in 0..rows {
            keys.extend((0..columns).map(|column| ValueKey::cell(axes, row, column)));
        }
    }
    keys
}

/// The hypotheses that decide which band holds `value` when it sits on a boundary of band `b`:
/// those of the band just below when `value` is `b`'s first value, of the band just above when
/// it is `b`'s last (a `hypothèse` on a band speaks of its own bounds, as `taille_3`'s « 175 000
/// appartient à la taille 4 »), and those written on a bound equal to `value`
/// (`moins de 175 000 (hypothèse "…")`).
pub fn boundary_hypotheses(set: &BandSet, b: usize, value: Decimal) -> Vec<String> {
    let chosen = &set.bands[b];
    // Whole numbers meet one apart (`…à 174 999`, `à partir de 175 000`); exact bounds meet
    // at the same value, one side including it.
    let step = if set.whole {
        Decimal::ONE
    } else {
        Decimal::ZERO
    };
    let touches = |other: &Band| {
        (value == chosen.low && other.high.is_some_and(|h| h + step == value))
            || (chosen.high == Some(value) && other.low == value + step)
    };
    let mut found: Vec<String> = set
        .bands
        .iter()
        .enumerate()
        .filter(|(k, other)| *k != b && touches(other))
        .flat_map(|(_, other)| other.hypotheses.iter().cloned())
        .collect();
    // A hypothesis written on the bound itself decides, whichever band carries it.
    for band in &set.bands {
        for (bound, hypothesis) in &band.bound_hypotheses {
            if *bound == value && !found.contains(hypothesis) {
                found.push(hypothesis.clone());
            }
        }
    }
    found
}
