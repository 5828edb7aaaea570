//! The numbers of a case without its words: the full-year funding and what is paid in each
//! contract year, from the same engine as the worded evaluation (`payments::pay_planned`,
//! `totals::annual_total`), whose sink only adds the words. What a batch row needs.

use super::case::Case;
use super::common::{contract_years, Context};
use super::compiled::CompiledVersion;
use rust_decimal::Decimal;

/// What `numbers` gives besides the years.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Numbers {
    /// The case meets the version's conditions (else nothing is paid).
    pub eligible: bool,
    /// `financement_annee_pleine`, when the version has yearly lines and the band states them.
    pub full_year: Option<Decimal>,
}

/// Evaluates a case's numbers. `years[y]` receives what is paid in contract year `y` (0: before
/// the first year, a letter of intent validated before the signature's year), for `y` up to the
/// contract's years; `years` is emptied when the case has no contract. The same sums as the
/// worded evaluation's `totaux_par_annee`, to the cent.
pub fn numbers(compiled: &CompiledVersion<'_>, case: &Case, years: &mut Vec<Decimal>) -> Numbers {
    let mut cents = Vec::new();
    let numbers = numbers_in_cents(compiled, case, &mut cents);
    years.clear();
    years.extend(cents.iter().map(|c| Decimal::from_i128_with_scale(*c, 2)));
    numbers
}

/// `numbers`, the years in cents (what a batch row writes).
pub fn numbers_in_cents(
    compiled: &CompiledVersion<'_>,
    case: &Case,
    years: &mut Vec<i128>,
) -> Numbers {
    // A dated case of a version whose bands have a plan: no `Context` (nearly every batch row).
    if let Some(full_year) = super::plan::numbers_planned(compiled, case, years) {
        return Numbers {
            eligible: true,
            full_year,
        };
    }
    let context = Context::new(compiled, case, false);
    let eligible = context.eligible();
    let full_year = if eligible && compiled.has_annual_lines() {
        super::totals::full_year_number(&context, case)
    } else {
        None
    };
    years.clear();
    if let Some(contract) = &case.contract {
        let count = contract_years(compiled.version, contract) as usize + 1;
        years.resize(count, 0);
        if eligible {
            super::plan::pay_lines(&context, case, contract, years);
        }
    }
    Numbers {
        eligible,
        full_year,
    }
}

/// How many lines of a dated case the batch pays from its bands' compiled plan
/// (`evaluate::plan`), and how many from the case's own periods: `None` for a case without a
/// contract.
pub fn planned_lines(compiled: &CompiledVersion<'_>, case: &Case) -> Option<(usize, usize)> {
    case.contract.as_ref()?;
    Some(super::plan::planned_lines(&Context::new(
        compiled, case, false,
    )))
}
