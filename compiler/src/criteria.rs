//! The resolved tables by two criteria (`par taille et zone { … }`: one cell per band or variant
//! of each criterion) and tables of rules over two inputs (`selon habitants et atteinte { … }`),
//! re-exported by `ir`.

use crate::interval::Interval;
use crate::ir::{BandSetId, Entry, InputId, Version};
use crate::types::EnumId;
use clause_grammar::Span;

/// One criterion of a table by two criteria: a band set, or an input of an enumeration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Axis {
    Bands(BandSetId),
    Variants(InputId, EnumId),
}

impl Axis {
    /// The names of the axis's keys, in order (bands or variants).
    pub fn keys(self, version: &Version) -> Vec<String> {
        match self {
            Axis::Bands(set) => version
                .band_sets
                .get(set)
                .map(|s| s.bands.iter().map(|b| b.name.clone()).collect())
                .unwrap_or_default(),
            Axis::Variants(_, e) => version
                .enums
                .get(e)
                .map(|e| e.variants.iter().map(|v| v.name.clone()).collect())
                .unwrap_or_default(),
        }
    }

    /// The label of key `k` (the band's or variant's), else its name.
    pub fn key_label(self, version: &Version, k: usize) -> String {
        let named = match self {
            Axis::Bands(set) => version
                .band_sets
                .get(set)
                .and_then(|s| s.bands.get(k))
                .map(|b| (b.label.clone(), b.name.clone())),
            Axis::Variants(_, e) => version
                .enums
                .get(e)
                .and_then(|e| e.variants.get(k))
                .map(|v| (v.label.clone(), v.name.clone())),
        };
        named.map_or_else(|| "?".to_string(), |(label, name)| label.unwrap_or(name))
    }

    /// The criterion's name as written (`taille`, `zone`).
    pub fn name(self, version: &Version) -> String {
        match self {
            Axis::Bands(set) => version
                .band_sets
                .get(set)
                .map_or_else(String::new, |s| s.name.clone()),
            Axis::Variants(input, _) => version
                .inputs
                .get(input)
                .map_or_else(String::new, |i| i.name.clone()),
        }
    }
}

/// The two criteria of a table: rows, then columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GridAxes {
    pub rows: Axis,
    pub columns: Axis,
}

impl GridAxes {
    pub fn size(self, version: &Version) -> (usize, usize) {
        (
            self.rows.keys(version).len(),
            self.columns.keys(version).len(),
        )
    }

    /// `taille × zone`.
    pub fn words(self, version: &Version) -> String {
        format!(
            "{} × {}",
            self.rows.name(version),
            self.columns.name(version)
        )
    }
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
pub struct GridDef {
    pub axes: GridAxes,
    pub columns: usize,
    pub cells: Vec<Entry>,
    pub span: Span,
}

impl GridDef {
    pub fn cell(&self, row: usize, column: usize) -> Option<&Entry> {
        self.cells.get(row * self.columns + column)
    }
}

/// `selon A et B { … }`: rules over two numeric inputs, each an exact interval on each.
#[derive(Debug, Clone)]
pub struct RuleTableDef {
    pub inputs: [InputId; 2],
    /// Each input counts whole units (`nombre`).
    pub whole: [bool; 2],
    /// Each input is a rate: its bounds are read and shown in percent.
    pub percent: [bool; 2],
    pub rules: Vec<RuleDef>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct RuleDef {
    pub ranges: [Interval; 2],
    pub range_spans: [Span; 2],
    pub value: Entry,
    pub span: Span,
}

impl RuleTableDef {
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
