//! What the evaluation of one case shares between its payments (`run`) and its totals
//! (`totals`): the case's values by version of the chain, the contract's calendar (anniversaries,
//! contract years), the rounding to the cent and how money shows in explanations.

use super::case::{Case, Contract, MissionCase};
pub use super::cents::{cent_product, to_cent};
use super::compiled::CompiledVersion;
use super::timeline::{stages, Stage, Stages};
use crate::interpret::EvalError;
use crate::ir::*;
use crate::value::{french_money, Value};
use chrono::{Datelike, NaiveDate};
use clause_grammar::ast::DurationUnit;
use rust_decimal::Decimal;
use smallvec::SmallVec;
use std::borrow::Cow;
use std::sync::OnceLock;

/// A contract's anniversaries, computed once per case (0: the signature, up to the year after
/// the last contract year): what every line's payments and every `year_of` read.
pub struct Calendar {
    pub years: u32,
    /// Held inline for a contract of up to six years (no allocation per case).
    dates: SmallVec<[Option<NaiveDate>; 8]>,
    /// How many of the first anniversaries are dates (`dates`' leading `Some`s), and how many
    /// of those fall on or before the contract's `until`: counted once per case, so that a
    /// mission's whole years test no date (`mission_years::WholeYears`).
    dated: u32,
    reached: u32,
}

impl Calendar {
    pub fn of(version: &Version, contract: &Contract) -> Self {
        Calendar::of_years(contract_years(version, contract), contract)
    }

    /// The calendar of a contract of `years` contract years.
    pub(super) fn of_years(years: u32, contract: &Contract) -> Self {
        let count = years.max(1) as usize + 2;
        // The first anniversaries of a signature from a table shared by every row signed that
        // day (a batch's rows share a few thousand signatures: no date computed per row), copied
        // at once when it holds them all.
        let (known, whole) = same_day_anniversaries(contract.signature)
            .map_or((&[][..], 0), |(known, whole)| (&known[..], *whole));
        if let Some(known) = known.get(..count).filter(|_| count <= whole) {
            return Calendar::counted(years, SmallVec::from_slice(known), contract);
        }
        let known = &known[..count.min(known.len())];
        let mut dates = SmallVec::new();
        for (n, same_day) in known.iter().enumerate() {
            dates.push(same_day.or_else(|| anniversary(contract, n as u32)));
        }
        for n in known.len()..count {
            dates.push(
                same_day(contract.signature, n as u32).or_else(|| anniversary(contract, n as u32)),
            );
        }
        Calendar::counted(years, dates, contract)
    }

    /// The calendar of `dates`, its `dated` and `reached` counted.
    #[inline]
    fn counted(years: u32, dates: SmallVec<[Option<NaiveDate>; 8]>, contract: &Contract) -> Self {
        let (mut dated, mut reached) = (0u32, 0u32);
        for date in &dates {
            let Some(date) = date else { break };
            dated += 1;
            reached += u32::from(*date <= contract.until);
        }
        Calendar {
            years,
            dates,
            dated,
            reached,
        }
    }

    /// How many of the first anniversaries (from the signature, index 0) are dates: years
    /// `1..dated` have both bounds (`bounds` is `Some`).
    #[inline]
    pub fn dated(&self) -> u32 {
        self.dated
    }

    /// How many of the `dated` first anniversaries are on or before the contract's `until`
    /// (anniversaries increase): year `y < dated` starts by `until` when `y <= reached`, ends
    /// by it when `y < reached`.
    #[inline]
    pub fn reached(&self) -> u32 {
        self.reached
    }

    /// The anniversaries the table holds (index 0: the signature; `None`: a date the policy
    /// refuses), at least up to the year after the last contract year.
    #[inline]
    pub fn dates(&self) -> &[Option<NaiveDate>] {
        &self.dates
    }

    /// `anniversary(contract, n)`, from the table when it holds it.
    pub fn anniversary(&self, contract: &Contract, n: u32) -> Option<NaiveDate> {
        match self.dates.get(n as usize) {
            Some(date) => *date,
            None => anniversary(contract, n),
        }
    }

    /// The first and last day of contract year `year` (1-based): its anniversaries `year − 1`
    /// and `year`, read together from the table (a batch row asks at every year of every line).
    #[inline]
    pub fn bounds(&self, contract: &Contract, year: u32) -> Option<(NaiveDate, NaiveDate)> {
        let from = year.checked_sub(1)? as usize;
        match self.dates.get(from..=year as usize) {
            Some(&[start, end]) => Some((start?, end?)),
            _ => Some((
                self.anniversary(contract, year - 1)?,
                self.anniversary(contract, year)?,
            )),
        }
    }

    /// `year_of(contract, date, years)`: the contract year (1-based) holding a date: one more
    /// than the anniversaries 1 to `years` on or before it, counted in the table (which holds
    /// them: `of`).
    #[inline]
    pub fn year_of(&self, contract: &Contract, date: NaiveDate) -> u32 {
        let limit = self.years.max(1);
        if let Some(dates) = self.dates.get(1..=limit as usize) {
            // At most `limit` (a `u32`) anniversaries.
            let passed = dates
                .iter()
                .take_while(|a| a.is_some_and(|a| a <= date))
                .count();
            return 1 + passed as u32;
        }
        let mut year = 1;
        while year < limit + 1 && self.anniversary(contract, year).is_some_and(|a| a <= date) {
            year += 1;
        }
        year
    }
}

/// The `n`th anniversary of a signature other than the 29th of February: the same day `n`
/// years on (the shortcut of `calendar::anniversary`, without its `Result`); `None` on the
/// 29th of February (the version's date policy decides) or past year 9999.
fn same_day(signature: NaiveDate, n: u32) -> Option<NaiveDate> {
    if (signature.month(), signature.day()) == (2, 29) {
        return None;
    }
    i32::try_from(n)
        .ok()
        .and_then(|n| signature.year().checked_add(n))
        .filter(|y| (1..=9999).contains(y))
        .and_then(|y| signature.with_year(y))
}

/// Anniversaries kept per signature: a contract of up to six years (`Calendar::of` asks for
/// its years and two more).
const KEPT: usize = 8;

/// The years of signature whose anniversaries are kept, from `FIRST_KEPT` on.
const FIRST_KEPT: i32 = 1900;
const KEPT_YEARS: usize = 256;

/// `same_day(signature, n)` for `n` below `KEPT`, and how many of the first are dates (all of
/// them but on the 29th of February or near year 9999), computed the first time a signature
/// needs them and kept for the process (per year of signature, its days by ordinal: some 15 kB
/// a year of signature asked for); `None` for a signature outside the years kept.
fn same_day_anniversaries(
    signature: NaiveDate,
) -> Option<&'static ([Option<NaiveDate>; KEPT], usize)> {
    type Year = Box<[OnceLock<([Option<NaiveDate>; KEPT], usize)>]>;
    static KEPT_DAYS: [OnceLock<Year>; KEPT_YEARS] = [const { OnceLock::new() }; KEPT_YEARS];
    let year = usize::try_from(signature.year().checked_sub(FIRST_KEPT)?).ok()?;
    let days = KEPT_DAYS
        .get(year)?
        .get_or_init(|| (0..366).map(|_| OnceLock::new()).collect());
    let day = days.get(signature.ordinal0() as usize)?;
    Some(day.get_or_init(|| {
        let mut kept = [None; KEPT];
        for (n, date) in (0u32..).zip(kept.iter_mut()) {
            *date = same_day(signature, n);
        }
        let whole = kept.iter().take_while(|date| date.is_some()).count();
        (kept, whole)
    }))
}

pub struct Context<'c, 'v> {
    pub compiled: &'c CompiledVersion<'v>,
    /// The case's contract calendar, when it gives a contract.
    pub calendar: Option<Calendar>,
    /// The versions of the chain with this case's values, root first, this version last.
    pub stages: Stages<'c, 'v>,
    pub explain: bool,
}

impl<'c, 'v> Context<'c, 'v> {
    /// The case's values in every version of the chain.
    pub fn new(compiled: &'c CompiledVersion<'v>, case: &Case, explain: bool) -> Self {
        let stages = stages(compiled, case);
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
/// Borrowed from the case (no copy of its achievements), or from a static when the case says
/// nothing of it (a batch asks at every line of every row: an owned default was some 180 bytes
/// to fill and drop).
pub fn mission_case(case: &Case, mission: Option<MissionId>) -> Cow<'_, MissionCase> {
    static NOT_ENGAGED: MissionCase = MissionCase::unsaid(false);
    static ENGAGED: MissionCase = MissionCase::unsaid(true);
    match mission.and_then(|m| case.missions.get(m)) {
        Some(given) => Cow::Borrowed(given),
        None if mission.is_some() => Cow::Borrowed(&NOT_ENGAGED),
        None => Cow::Borrowed(&ENGAGED),
    }
}

/// The number of contract years: the contract's duration, or the years until `jusqu_au`.
pub fn contract_years(version: &Version, contract: &Contract) -> u32 {
    let from_duration = version.header.contract_duration.as_ref().and_then(|d| {
        // A whole number of years or months (a contract's duration, always): the same count on
        // integers, without `Decimal`'s division (a batch asks for it at every row).
        if let (0, Ok(amount)) = (
            d.value.amount.scale(),
            u32::try_from(d.value.amount.mantissa()),
        ) {
            return match d.value.unit {
                DurationUnit::Years => Some(amount),
                DurationUnit::Months => Some(amount.div_ceil(12)),
                DurationUnit::Days => None,
            };
        }
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

/// A rate as a percentage in French (`0.7` → `70 %`), as the explanations write it.
pub fn percent(rate: Decimal) -> String {
    format!(
        "{} %",
        crate::value::french_number(rate * Decimal::ONE_HUNDRED, " ")
    )
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
    use super::{anniversary, year_of, Calendar, Contract};
    use chrono::{Days, NaiveDate};
    use clause_grammar::ast::DatePolicy;

    /// Every signature of 2019–2028 (four 29ths of February), under each date policy, for
    /// contracts of one to nine years (nine: more anniversaries than the shared table keeps):
    /// the calendar's anniversaries are `anniversary`'s, its contract year of a day `year_of`'s.
    #[test]
    fn a_calendar_holds_the_anniversaries() {
        let first = NaiveDate::from_ymd_opt(2019, 1, 1).expect("a date");
        let policies = [
            DatePolicy::EndOfMonth,
            DatePolicy::FirstOfNextMonth,
            DatePolicy::Refuse,
        ];
        for signature in first.iter_days().take(10 * 366) {
            for (i, policy) in policies.iter().enumerate() {
                let contract = Contract {
                    signature,
                    letter_of_intent: None,
                    crises: Vec::new(),
                    until: signature,
                    policy: *policy,
                };
                for years in [1, 5, 6, 9] {
                    let mut contract = contract.clone();
                    contract.until = signature + Days::new(365 * u64::from(years % 4) + 200);
                    let contract = contract;
                    let calendar = Calendar::of_years(years, &contract);
                    // The counts of dated anniversaries and of those by `until`.
                    let dates: Vec<_> = (0..years.max(1) + 2)
                        .map_while(|n| anniversary(&contract, n))
                        .collect();
                    assert_eq!(calendar.dated() as usize, dates.len(), "{signature} {i}");
                    assert_eq!(
                        calendar.reached() as usize,
                        dates.iter().filter(|d| **d <= contract.until).count(),
                        "{signature} {i}"
                    );
                    for n in 0..years + 3 {
                        assert_eq!(
                            calendar.anniversary(&contract, n),
                            anniversary(&contract, n),
                            "{signature} {n} {i}"
                        );
                    }
                    for days in [0, 1, 364, 365, 366, 400, 731, 1500, 2000, 4000] {
                        let day = signature + Days::new(days);
                        assert_eq!(
                            calendar.year_of(&contract, day),
                            year_of(&contract, day, years),
                            "{signature} {day} {years} {i}"
                        );
                    }
                }
            }
        }
    }
}
