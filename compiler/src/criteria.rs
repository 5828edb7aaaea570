//! The resolved tables by two criteria (`par taille et zone { … }`: one cell per band or variant
//! of each criterion) and tables of rules over two inputs (`selon habitants et atteinte { … }`),
//! re-exported by `ir` (with `E` its `Entry`; the methods that read a version are in `ir`).

use crate::interval::Interval;
use crate::types::EnumId;
use clause_grammar::Span;

/// A band set's index in its version (`ir::BandSetId`).
type BandSetId = usize;
/// An input's index in its version (`ir::InputId`).
type InputId = usize;

/// One criterion of a table by two criteria: a band set, or an input of an enumeration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Axis {
    Bands(BandSetId),
    Variants(InputId, EnumId),
}

/// The two criteria of a table: rows, then columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GridAxes {
    pub rows: Axis,
    pub columns: Axis,
}

/// One cell of a table by two criteria: where a static value of such a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellChoice {
    pub axes: GridAxes,
    pub row: usize,
    pub column: usize,
}

/// `par ROWS et COLUMNS { … }`: the cells row by row (`cells[row * columns + column]`).
#[derive(Debug, Clone)]
pub struct GridDef<E> {
    pub axes: GridAxes,
    pub columns: usize,
    pub cells: Vec<E>,
    pub span: Span,
}

impl<E> GridDef<E> {
    pub fn cell(&self, row: usize, column: usize) -> Option<&E> {
        self.cells.get(row * self.columns + column)
    }
}

/// `selon A et B { … }`: rules over two numeric inputs, each an exact interval on each.
#[derive(Debug, Clone)]
pub struct RuleTableDef<E> {
    pub inputs: [InputId; 2],
    /// Each input counts whole units (`nombre`).
    pub whole: [bool; 2],
    /// Each input is a rate: its bounds are read and shown in percent.
    pub percent: [bool; 2],
    pub rules: Vec<RuleDef<E>>,
    /// From `{` to `}`.
    pub span: Span,
    /// The two inputs as written (`habitants et atteinte`).
    pub header: Span,
}

#[derive(Debug, Clone)]
pub struct RuleDef<E> {
    pub ranges: [Interval; 2],
    pub range_spans: [Span; 2],
    pub value: E,
    pub span: Span,
}

impl<E> RuleTableDef<E> {
    /// The rules whose intervals hold both values, in the order written.
    pub fn matching(&self, x: rust_decimal::Decimal, y: rust_decimal::Decimal) -> Vec<usize> {
        (0..self.rules.len())
            .filter(|&k| {
                let r = &self.rules[k];
                r.ranges[0].contains(x) && r.ranges[1].contains(y)
            })
            .collect()
    }
}
