//! Reads each band set's bands and bounds into the IR; the bands' own errors (E03) are the
//! checker's (`check/bands.rs`).

use crate::codes::Code;
use crate::consolidate::{Part, PartKind};
use crate::diagnostic::Diagnostic;
use crate::ir::*;
use crate::types::Type;
use clause_grammar::ast::{BandRange, ItemKind};
use clause_grammar::Span;
use rust_decimal::Decimal;
use std::collections::HashMap;

use super::{texts, Builder};

impl Builder<'_> {
    pub(super) fn resolve_band_sets(&mut self, parts: &[Part]) {
        let mut index = 0;
        for part in parts {
            let PartKind::Item(ItemKind::BandSet(def)) = &part.kind else {
                continue;
            };
            // A dimension that is not a whole-number input is reported by the checker (E0307).
            let dimension = match self.version.symbols.get(&def.dimension.node) {
                Some(Symbol::Input(i)) if self.version.inputs[*i].ty == Type::Count => Some(*i),
                _ => None,
            };
            let mut bands = Vec::new();
            let mut names: HashMap<&str, Span> = HashMap::new();
            for band in &def.bands {
                if let Some(first) = names.insert(&band.name.node, band.name.span) {
                    self.report(
                        Diagnostic::new(
                            Code::DuplicateName,
                            format!("la tranche `{}` est déjà définie", band.name.node),
                            band.name.span,
                            "deuxième définition",
                        )
                        .with_secondary(first, "première définition"),
                    );
                }
                let (low, high) = band_bounds(&band.range.node);
                bands.push(Band {
                    name: band.name.node.clone(),
                    label: band.label.as_ref().map(|l| l.node.clone()),
                    low,
                    high,
                    name_span: band.name.span,
                    range_span: band.range.span,
                    range: band.range.node.clone(),
                    sources: crate::citation::cite_all(
                        &self.version.references,
                        &band.attributes.sources,
                    ),
                    hypotheses: texts(&band.attributes.hypotheses),
                });
            }
            if let Some(set) = self.version.band_sets.get_mut(index) {
                set.dimension = dimension;
                set.bands = bands;
            }
            index += 1;
        }
    }
}

/// The integer interval a range covers, inclusive. Bounds that are not whole (E0308) or a band
/// with no integer (E0306) are the checker's to report (`check/bands.rs`).
fn band_bounds(range: &BandRange) -> (Decimal, Option<Decimal>) {
    match *range {
        BandRange::Below(a) => (Decimal::ZERO, Some(a - Decimal::ONE)),
        BandRange::UpTo(a) => (Decimal::ZERO, Some(a)),
        BandRange::FromToBelow(a, b) => (a, Some(b - Decimal::ONE)),
        BandRange::FromTo(a, b) => (a, Some(b)),
        BandRange::From(a) => (a, None),
        BandRange::Above(a) => (a + Decimal::ONE, None),
    }
}
