//! The consistency checks of one version, one file per family: header (E08), bands (E03),
//! holes, rates and payment rules, deadlines (E05), decreasing tables, and the values computed
//! per band (E06: `attendu`, `vérifier`, overflow, division by zero); `examples` runs `exemple`s.

mod band_domain;
pub mod band_sweep;
mod band_words;
pub mod bands;
mod deadlines;
pub mod examples;
mod header;
mod holes;
mod payments;
mod revaluations;
pub mod rule_sweep;
mod rules;
mod tables;
mod values;

use crate::diagnostic::Diagnostic;
use crate::ir::Version;
use crate::source_db::SourceDb;
use bands::check_bands;
use clause_grammar::ast::Status;
use deadlines::check_deadlines;
use header::check_header;
use holes::check_holes;
use payments::{check_payments, check_rates, check_reservations, check_unpaid};
use revaluations::check_revaluation_cents;
use tables::check_decreasing;
use values::check_static_values;

pub use crate::interpret::scenarios::MAX_BANDS;
pub(crate) use values::expr_grid;

pub fn check_version(version: &Version, sources: &SourceDb, diagnostics: &mut Vec<Diagnostic>) {
    check_header(version, diagnostics);
    check_bands(version, diagnostics);
    rules::check_rule_tables(version, diagnostics);
    check_holes(version, diagnostics);
    check_rates(version, diagnostics);
    check_reservations(version, diagnostics);
    check_payments(version, diagnostics);
    check_unpaid(version, diagnostics);
    check_deadlines(version, sources, diagnostics);
    check_decreasing(version, diagnostics);
    // Past the band limit (E0309) the values were not computed band by band.
    if version.static_values.per_band {
        check_static_values(version, sources, diagnostics);
        check_revaluation_cents(version, diagnostics);
    }
}

fn is_signed(version: &Version) -> bool {
    version.status() == Some(Status::Signed)
}
