//! The values computed once per static scenario (`StaticValues`), each scenario named by a
//! `ValueKey`: no band, one band, or one cell of a table by two criteria. Re-exported by `ir`.

use crate::criteria::{Axis, CellChoice, GridAxes};
use crate::value::Value;
use clause_grammar::Span;

/// A band set's index in its version (`ir::BandSetId`).
type BandSetId = usize;
/// A value's index in its version (`ir::ValueId`).
type ValueId = usize;
/// An input's index in its version (`ir::InputId`).
type InputId = usize;

/// Why an expression has no value (`interpret`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    /// A value the sources leave `non précisé`.
    Hole(Span),
    /// An input the case does not give.
    MissingInput(InputId, Span),
    /// No band chosen for this band set (static evaluation of an input-dependent value, or a
    /// dimension value in no band).
    NoBand(BandSetId, Span),
    Overflow(Span),
    DivisionByZero(Span),
    /// The expression had a resolution or type error (already reported).
    Invalid(Span),
    /// A value in a definition cycle (already reported).
    Cycle(ValueId),
    /// Days mixed with months or years: no exact common unit.
    MixedDurations(Span),
    /// No rule of a table of rules holds the inputs' values (a gap, already reported).
    NoRule(Span),
    /// A date that does not exist, refused by `dates ambiguës : erreur` (named by the error).
    AmbiguousDate(Span, crate::calendar::DateError),
}

pub type EvalResult = Result<Value, EvalError>;

/// Where a static value holds. Today a band choice; the fields to come (the period an
/// amendment's change takes effect in, the cell of a table by two criteria) are added here, and
/// every reader keeps asking `StaticValues::get(key, value)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ValueKey {
    /// `None`: no band chosen (what a value is when it does not vary with a band).
    pub band: Option<BandChoice>,
    /// The cell of a table by two criteria (its band sets chosen, its enumerated inputs given).
    pub cell: Option<CellChoice>,
}

/// One band of one band set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BandChoice {
    pub set: BandSetId,
    pub band: usize,
}

impl ValueKey {
    /// No band chosen.
    pub const GENERAL: ValueKey = ValueKey {
        band: None,
        cell: None,
    };

    pub fn band(set: BandSetId, band: usize) -> Self {
        ValueKey {
            band: Some(BandChoice { set, band }),
            cell: None,
        }
    }

    pub fn cell(axes: GridAxes, row: usize, column: usize) -> Self {
        ValueKey {
            band: None,
            cell: Some(CellChoice { axes, row, column }),
        }
    }

    /// The band chosen in each of `count` band sets (`ir` reads the count in a version).
    pub fn bands_among(&self, count: usize) -> Vec<Option<usize>> {
        let mut bands = vec![None; count];
        if let Some(choice) = self.band {
            if let Some(slot) = bands.get_mut(choice.set) {
                *slot = Some(choice.band);
            }
        }
        if let Some(cell) = self.cell {
            for (axis, key) in [(cell.axes.rows, cell.row), (cell.axes.columns, cell.column)] {
                if let Axis::Bands(set) = axis {
                    if let Some(slot) = bands.get_mut(set) {
                        *slot = Some(key);
                    }
                }
            }
        }
        bands
    }
}

/// Every value of a version in one scenario (indexed by `ValueId`; `None` for a value in a cycle).
#[derive(Debug, Clone)]
pub struct Scenario {
    pub key: ValueKey,
    pub values: Vec<Option<EvalResult>>,
}

impl Scenario {
    pub fn value(&self, id: ValueId) -> EvalResult {
        stored_value(&self.values, id)
    }
}

/// A value's result among computed ones: a value in a cycle has none (`Err(Cycle)`).
pub fn stored_value(values: &[Option<EvalResult>], id: ValueId) -> EvalResult {
    values
        .get(id)
        .cloned()
        .flatten()
        .unwrap_or(Err(EvalError::Cycle(id)))
}

/// The static scenarios of a version: no band, then each band of each band set in order (the
/// latter only within `interpret::scenarios::MAX_BANDS`).
#[derive(Debug, Clone, Default)]
pub struct StaticValues {
    pub scenarios: Vec<Scenario>,
    /// False past the band limit (E0309): only the general scenario was computed.
    pub per_band: bool,
}

impl StaticValues {
    pub fn scenario(&self, key: ValueKey) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.key == key)
    }

    /// A value in one scenario; `Err(Cycle)` when it has none (as `Env::value`).
    pub fn get(&self, key: ValueKey, id: ValueId) -> EvalResult {
        self.scenario(key)
            .map_or(Err(EvalError::Cycle(id)), |s| s.value(id))
    }

    /// The scenarios a value varying with `set` is evaluated in: each band of the set, or the
    /// general one for a value that varies with no band.
    pub fn of_set(&self, set: Option<BandSetId>) -> impl Iterator<Item = &Scenario> {
        self.scenarios
            .iter()
            .filter(move |s| s.key.cell.is_none() && s.key.band.map(|b| b.set) == set)
    }

    /// The scenarios of the cells of a table by two criteria, row by row.
    pub fn of_grid(&self, axes: GridAxes) -> impl Iterator<Item = &Scenario> {
        self.scenarios
            .iter()
            .filter(move |s| s.key.cell.is_some_and(|c| c.axes == axes))
    }
}
