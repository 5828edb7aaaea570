//! The first, prorated, year of a mission's line (`au prorata` of its start): `fixed × r / L`,
//! its cents and its advance, and `variable × r / L`, kept per line, band amount, year length
//! (365 or 366 days) and remaining days `r` the first time a case needs them, so that the
//! `Decimal` products leave the other cases of a batch. The same expressions, the same bits.

use super::cents::{cent_product, in_cents, to_cent};
use rust_decimal::Decimal;
use std::sync::OnceLock;

/// `remaining / length` as `Decimal` divides them: from a table for the lengths of a year
/// (365 and 366 days; the quotient is the same bits), divided otherwise.
pub(super) fn day_share(remaining: i64, length: i64) -> Decimal {
    static YEARS: OnceLock<[Vec<Decimal>; 2]> = OnceLock::new();
    let divide = |r: i64, l: i64| Decimal::from(r) / Decimal::from(l);
    let table = YEARS.get_or_init(|| [365, 366].map(|l| (0..=l).map(|r| divide(r, l)).collect()));
    let year = match length {
        365 => table.first(),
        366 => table.get(1),
        _ => None,
    };
    year.and_then(|shares| shares.get(usize::try_from(remaining).ok()?))
        .copied()
        .unwrap_or_else(|| divide(remaining, length))
}

/// What the first year of a mission pays for `r` remaining days of `L`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FirstYear {
    /// `fixed × share`, exact.
    pub fixed: Decimal,
    /// `to_cent(fixed × share)`.
    pub fixed_due: Decimal,
    /// `cent_product(fixed × share, advance)`.
    pub advanced: Decimal,
    /// `variable × share` (the year's achievement multiplies it).
    pub variable: Decimal,
    /// `fixed_due − advanced`.
    pub balance: Decimal,
    /// `advanced` and `balance` in cents, what a batch adds to its years.
    pub advanced_cents: i128,
    pub balance_cents: i128,
}

impl FirstYear {
    /// The first year of the parts `fixed` and `variable`, paid `advance` in advance.
    pub fn of(fixed: Decimal, variable: Decimal, advance: Decimal, share: Decimal) -> Self {
        let exact = fixed * share;
        let (fixed_due, advanced) = (to_cent(exact), cent_product(exact, advance));
        let balance = fixed_due - advanced;
        FirstYear {
            fixed: exact,
            fixed_due,
            advanced,
            variable: variable * share,
            balance,
            advanced_cents: in_cents(advanced),
            balance_cents: in_cents(balance),
        }
    }
}

/// The first years of one band amount of a line, computed on demand (index 0: years of 365
/// days, 1: of 366; then the remaining days).
#[derive(Debug, Clone, Default)]
pub struct FirstYears {
    lengths: [OnceLock<Box<[OnceLock<FirstYear>]>>; 2],
}

impl FirstYears {
    /// The first year for `remaining` days of `length`, from the memo when the length is a
    /// year's; `None` otherwise (the caller computes it).
    pub fn get(&self, days: (i64, i64), compute: impl FnOnce() -> FirstYear) -> Option<FirstYear> {
        self.get_ref(days, compute).copied()
    }

    /// `get`, borrowed from the memo (a batch row reads three of its fields: no copy of the
    /// whole).
    pub fn get_ref(
        &self,
        (remaining, length): (i64, i64),
        compute: impl FnOnce() -> FirstYear,
    ) -> Option<&FirstYear> {
        let index = match length {
            365 => 0,
            366 => 1,
            _ => return None,
        };
        let table = self.lengths.get(index)?.get_or_init(|| {
            (0..=length)
                .map(|_| OnceLock::new())
                .collect::<Vec<_>>()
                .into_boxed_slice()
        });
        let slot = table.get(usize::try_from(remaining).ok()?)?;
        Some(slot.get_or_init(compute))
    }
}
