//! What the evaluation of one case shares between its payments (`run`) and its totals
//! (`totals`): the case's values by version of the chain, the contract's calendar (anniversaries,
//! contract years), the rounding to the cent and how money shows in explanations.

use super::case::{Case, Contract, MissionCase};
use super::compiled::CompiledVersion;
use super::timeline::{base_stages, Stage};
use crate::interpret::EvalError;
use crate::ir::*;
use crate::value::{french_money, Value};
use chrono::NaiveDate;
use clause_grammar::ast::DurationUnit;
use rust_decimal::{Decimal, RoundingStrategy};
use std::borrow::Cow;

/// Rounds a payment to the cent, half away from zero.
pub fn to_cent(amount: Decimal) -> Decimal {
    let scale = amount.scale();
    if scale <= 2 {
        return amount;
    }
    // A positive amount rounded on its integer mantissa: the same bits as `round_dp` (the
    // cents, scale 2), without its division loops. Negatives keep `round_dp` (its signed zero).
    let mantissa = amount.mantissa();
    if mantissa > 0 {
        if let Some(cents) = positive_cents(mantissa, scale) {
            return cents;
        }
    }
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Powers of ten that fit in 64 bits.
const POWERS: [u64; 20] = {
    let mut powers = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

/// A positive mantissa at `scale` (more than 2) rounded to the cent, half up, on 64-bit
/// integers when they suffice, else on 128-bit ones.
fn positive_cents(mantissa: i128, scale: u32) -> Option<Decimal> {
    let unit = POWERS.get(scale as usize - 2).copied();
    if let (Ok(small), Some(unit)) = (u64::try_from(mantissa), unit) {
        let (cents, rest) = (small / unit, small % unit);
        let cents = if rest >= unit - rest { cents + 1 } else { cents };
        return i64::try_from(cents).ok().map(|c| Decimal::new(c, 2));
    }
    let unit = 10i128.checked_pow(scale - 2)?;
    let (cents, rest) = (mantissa / unit, mantissa % unit);
    let cents = if rest * 2 >= unit { cents + 1 } else { cents };
    Some(Decimal::from_i128_with_scale(cents, 2))
}

/// `to_cent(a * b)`, the same bits, on integers when the product of two non-negative amounts
/// is exact in a `Decimal` (96-bit mantissa, scale up to 28): what most payments compute.
pub fn cent_product(a: Decimal, b: Decimal) -> Decimal {
    // `Decimal`'s product of a zero is `Decimal::ZERO`, which `to_cent` keeps.
    if a.is_zero() || b.is_zero() {
        return Decimal::ZERO;
    }
    let scale = a.scale() + b.scale();
    if a.is_sign_positive() && b.is_sign_positive() && scale <= 28 {
        if let (Ok(x), Ok(y)) = (u64::try_from(a.mantissa()), u64::try_from(b.mantissa())) {
            let product = u128::from(x) * u128::from(y);
            if product < 1 << 96 {
                if let Ok(product) = i128::try_from(product) {
                    // At most two places: the exact product, which `to_cent` keeps.
                    if scale <= 2 {
                        return Decimal::from_i128_with_scale(product, scale);
                    }
                    if let Some(cents) = positive_cents(product, scale) {
                        return cents;
                    }
                }
            }
        }
    }
    to_cent(a * b)
}

/// A contract's anniversaries, computed once per case (0: the signature, up to the year after
/// the last contract year): what every line's payments and every `year_of` read.
pub struct Calendar {
    pub years: u32,
    dates: Vec<Option<NaiveDate>>,
}

impl Calendar {
    pub fn of(version: &Version, contract: &Contract) -> Self {
        let years = contract_years(version, contract);
        let dates = (0..=years.max(1) + 1)
            .map(|n| anniversary(contract, n))
            .collect();
        Calendar { years, dates }
    }

    /// `anniversary(contract, n)`, from the table when it holds it.
    pub fn anniversary(&self, contract: &Contract, n: u32) -> Option<NaiveDate> {
        match self.dates.get(n as usize) {
            Some(date) => *date,
            None => anniversary(contract, n),
        }
    }

    /// `year_of(contract, date, years)`: the contract year (1-based) holding a date.
    pub fn year_of(&self, contract: &Contract, date: NaiveDate) -> u32 {
        let mut year = 1;
        while year < self.years.max(1) + 1
            && self.anniversary(contract, year).is_some_and(|a| a <= date)
        {
            year += 1;
        }
        year
    }
}

pub struct Context<'c, 'v> {
    pub compiled: &'c CompiledVersion<'v>,
    /// The case's contract calendar, when it gives a contract.
    pub calendar: Option<Calendar>,
    /// The versions of the chain with this case's values, root first, this version last.
    pub stages: Vec<Stage<'c, 'v>>,
    pub explain: bool,
}

impl<'c, 'v> Context<'c, 'v> {
    /// The case's values in every version of the chain.
    pub fn new(compiled: &'c CompiledVersion<'v>, case: &Case, explain: bool) -> Self {
        let own = Stage::new(compiled, &case.inputs);
        let mut stages = base_stages(compiled, case);
        stages.push(own);
        Context {
            compiled,
            calendar: case
                .contract
                .as_ref()
                .map(|c| Calendar::of(compiled.version, c)),
            stages,
            explain,
        }
    }

    /// The case's band in the version's band set.
    pub fn band(&self) -> Option<usize> {
        self.stages.last().and_then(|s| s.band)
    }

    /// Whether the case meets every condition of the version.
    pub fn eligible(&self) -> bool {
        self.stages.last().is_none_or(Stage::eligible)
    }

    pub fn values(&self) -> &[Option<Result<Value, EvalError>>] {
        self.stages.last().map_or(&[], |stage| &stage.values[..])
    }

    pub fn amount(&self, value: ValueId) -> Option<Decimal> {
        match self.values().get(value)? {
            Some(Ok(Value::Money(d))) => Some(*d),
            _ => None,
        }
    }

    pub fn version(&self) -> &Version {
        self.compiled.version
    }
}

/// What the case says of a line's mission; a line outside any mission is always engaged.
/// (Borrowed from the case: no copy of its achievements.)
pub fn mission_case(case: &Case, mission: Option<MissionId>) -> Cow<'_, MissionCase> {
    match mission.and_then(|m| case.missions.get(m)) {
        Some(given) => Cow::Borrowed(given),
        None if mission.is_some() => Cow::Owned(MissionCase::default()),
        None => Cow::Owned(MissionCase {
            engaged: true,
            ..MissionCase::default()
        }),
    }
}

/// The number of contract years: the contract's duration, or the years until `jusqu_au`.
pub fn contract_years(version: &Version, contract: &Contract) -> u32 {
    let from_duration = version.header.contract_duration.as_ref().and_then(|d| {
        let months = match d.value.unit {
            DurationUnit::Years => d.value.amount * Decimal::from(12),
            DurationUnit::Months => d.value.amount,
            DurationUnit::Days => return None,
        };
        let years = (months / Decimal::from(12)).ceil();
        u32::try_from(years).ok()
    });
    from_duration.unwrap_or_else(|| {
        let mut years = 1;
        while anniversary(contract, years).is_some_and(|a| a < contract.until) && years < 200 {
            years += 1;
        }
        years
    })
}

/// The `n`th anniversary of the signature (0: the signature itself), under the version's date
/// policy (a case that needs an ambiguous one under `erreur` is refused before its evaluation).
pub fn anniversary(contract: &Contract, n: u32) -> Option<NaiveDate> {
    crate::calendar::anniversary(contract.signature, n, contract.policy).ok()
}

/// The contract year (1-based) holding a date.
pub fn year_of(contract: &Contract, date: NaiveDate, limit: u32) -> u32 {
    let mut year = 1;
    while year < limit.max(1) + 1 && anniversary(contract, year).is_some_and(|a| a <= date) {
        year += 1;
    }
    year
}

/// A money amount for explanations: exact when it has cents at most, else `≈` and the cents.
pub fn shown_money(amount: Decimal) -> String {
    if amount.normalize().scale() > 2 {
        format!("≈ {}", french_money(to_cent(amount), " "))
    } else {
        french_money(amount, " ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `to_cent` and `parse_decimal`'s byte path give the bits of `round_dp` and `from_str`.
    #[test]
    fn fast_paths_match_rust_decimal() {
        use std::str::FromStr;
        for text in [
            "0",
            "0.004",
            "0.005",
            "0.015",
            "-0.005",
            "-0.001",
            "1",
            "1.50",
            "0,85",
            "1250",
            "12345.6789",
            "7.995",
            "0.0000000000000000000000000005",
            "99999999999999.999",
            "-12.345",
            "00.50",
            "1.",
            ".5",
            "1 250",
            "+3",
            "1e3",
            "",
        ] {
            let exact = Decimal::from_str(&text.replace(',', ".")).ok();
            let plain = super::super::cells::plain_decimal(text.as_bytes());
            if let Some(plain) = plain {
                assert_eq!(
                    Some(plain.serialize()),
                    exact.map(|d| d.serialize()),
                    "{text}"
                );
            }
            if let Some(d) = exact {
                let rounded = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                assert_eq!(to_cent(d).serialize(), rounded.serialize(), "{text}");
                let product = d * Decimal::new(333, 3);
                let rounded =
                    product.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                assert_eq!(
                    to_cent(product).serialize(),
                    rounded.serialize(),
                    "{text} × 0.333"
                );
                for factor in ["0.75", "0.333", "1", "0", "0.5", "1.25", "0.0000001", "2", "0.00", "1.0"] {
                    let factor = Decimal::from_str(factor).expect("a factor");
                    assert_eq!(
                        cent_product(d, factor).serialize(),
                        to_cent(d * factor).serialize(),
                        "{text} × {factor}"
                    );
                }
            }
        }
    }
}
