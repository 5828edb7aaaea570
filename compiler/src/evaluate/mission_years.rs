//! The years of a line paid by the payment engine (`payments::pay_planned` finds the period
//! and calls these): one year of a mission, whole or its first prorated by its remaining days
//! (`mission_year`, for every output), and, for a batch, the whole years one amount pays
//! (`WholeYears`, `annual_years`, `following_years`), read from what the row's calendar counted
//! once (how many anniversaries are dates, how many come by `until`) instead of testing each
//! year's dates at every year of every line.

use super::case::{Contract, MissionCase};
use super::cents::{cent_product, in_cents, rounded_product_in_cents, to_cent};
use super::common::{percent, shown_money, Calendar};
use super::compiled::{Line, Parts, Schedule};
use super::eligible::Eligible;
use super::plans::{Amount, PlanPeriod};
use super::prorated::{day_share, FirstYear, FirstYears};
use super::result::Nature;
use super::sink::{Sink, Years};
use crate::ir::Version;
use crate::value::{french_date, french_number};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// The whole years of a mission's line that one amount pays: from a year on, while their first
/// day comes before `change` (the next date of effect that may change the amount), up to the
/// contract's `last` year.
pub(super) struct WholeYears<'a> {
    pub(super) calendar: &'a Calendar,
    pub(super) contract: &'a Contract,
    pub(super) mission: &'a MissionCase,
    pub(super) change: Option<NaiveDate>,
}

impl WholeYears<'_> {
    /// Pays the years from `year` on with `amount` (its whole-year `parts`), the balance at
    /// each year's end when `balance`, the variable part at the year's achievement when
    /// `variable`, as `pay_line` pays each year. Gives the first year left to pay (`None`:
    /// none, the years have no bounds or start after `until`). The years it pays all start by
    /// `until` and before `change` (counted once, not tested per year), so that each adds its
    /// advance, and its balance and variable part when it ends by `until`, with no date read.
    #[inline(never)]
    pub(super) fn pay(
        &self,
        year: u32,
        (amount, parts): (&Amount, &Parts),
        (balance, variable): (bool, bool),
        out: &mut Years<'_>,
    ) -> Option<u32> {
        let calendar = self.calendar;
        let (last, dated, reached) = (calendar.years, calendar.dated(), calendar.reached());
        // A year past a hole in the anniversaries (a 29th of February under a policy that
        // refuses it): each year's dates read as `pay_line` reads them.
        if year >= dated {
            return self.pay_each(year, (amount, parts), (balance, variable), out);
        }
        // The first year whose start is on or after `change`: the amount may change there.
        let changed = match self.change {
            None => u32::MAX,
            Some(change) => {
                let before = self
                    .calendar
                    .dates()
                    .iter()
                    .take(dated as usize)
                    .take_while(|d| d.is_some_and(|d| d < change))
                    .count();
                u32::try_from(before).map_or(u32::MAX, |b| b.saturating_add(1))
            }
        };
        // The last year paid here: in the contract, with its bounds, started by `until` and
        // before `change`.
        let to = last
            .min(dated.saturating_sub(1))
            .min(reached)
            .min(changed.saturating_sub(1));
        if year <= to {
            let rest = if balance { parts.balance_cents } else { 0 };
            let variable = variable && !parts.variable.is_zero();
            let by_rate = amount.by_rate.as_deref();
            // Years ending by `until`: their advance, balance and variable part (one add of the
            // sum, the same total); the year after, at most one, only its advance.
            let ended = to.min(reached.saturating_sub(1));
            // `Years::add` skips a year past the table: so does the zip.
            let totals = out.years.get_mut(year as usize..).unwrap_or_default();
            for (y, total) in (year..=to).zip(totals) {
                let mut cents = parts.advanced_cents;
                if y <= ended {
                    cents += rest;
                    if variable {
                        let rate = self.mission.achievement_of(y).0;
                        // The table holds `times_in_cents`' cents for the usual rates;
                        // `Factor::times_in_cents` is `cent_product_in_cents` (property tests
                        // in cents.rs), including its `None` for a negative or too wide part.
                        cents += match by_rate.and_then(|table| table.get(rate)) {
                            Some(c) => i128::from(c),
                            None => amount
                                .variable
                                .and_then(|factor| factor.times_in_cents(rate))
                                .unwrap_or_else(|| in_cents(cent_product(parts.variable, rate))),
                        };
                    }
                }
                *total += cents;
            }
        }
        // Why the years stop, in the order `pay_line`'s loop tests them at the next year.
        let next = year.max(to.saturating_add(1));
        if next > last {
            Some(next)
        } else if next >= dated || next > reached {
            None
        } else {
            Some(next)
        }
    }
}

impl WholeYears<'_> {
    /// `pay`, each year's bounds read from the calendar and tested against `until` and
    /// `change` (the code `pay` replaced, kept for a calendar with holes).
    fn pay_each(
        &self,
        mut year: u32,
        (amount, parts): (&Amount, &Parts),
        (balance, variable): (bool, bool),
        out: &mut Years<'_>,
    ) -> Option<u32> {
        let rest = if balance { parts.balance_cents } else { 0 };
        let variable = variable && !parts.variable.is_zero();
        while year <= self.calendar.years {
            let (start, end) = self.calendar.bounds(self.contract, year)?;
            if start > out.until {
                return None;
            }
            if self.change.is_some_and(|change| start >= change) {
                return Some(year);
            }
            out.add(start, year, parts.advanced_cents);
            let mut at_end = rest;
            if variable {
                let rate = self.mission.achievement_of(year).0;
                at_end += amount
                    .variable
                    .and_then(|factor| factor.times_in_cents(rate))
                    .unwrap_or_else(|| in_cents(cent_product(parts.variable, rate)));
            }
            out.add(end, year, at_end);
            year += 1;
        }
        Some(year)
    }
}

/// A yearly line's years (`Schedule::Annual`) when its only eligible period is in force from
/// the signature on: each year's advance from its first day and, with `balance`, its balance
/// at its end, read from the calendar's counts (no date compared, no period looked up per
/// year) as `pay_line` pays them. `false` for any other line (the caller reads it year by
/// year).
pub(super) fn annual_years(
    calendar: &Calendar,
    contract: &Contract,
    timeline: &Eligible<'_>,
    balance: bool,
    out: &mut Years<'_>,
) -> bool {
    let Some(period) = timeline.single() else {
        return false;
    };
    if period.from.is_some_and(|from| from > contract.signature) {
        return false;
    }
    // No amount: no year is paid.
    let Some(parts) = period.pay.as_ref().and_then(|a| a.parts.as_ref()) else {
        return true;
    };
    let (dated, reached) = (calendar.dated(), calendar.reached());
    // Years with their bounds, started by `until`; those ended by it also pay their balance.
    let to = calendar.years.min(dated.saturating_sub(1)).min(reached);
    let ended = to.min(reached.saturating_sub(1));
    let rest = if balance { parts.balance_cents } else { 0 };
    let totals = out.years.get_mut(1..).unwrap_or_default();
    for (y, total) in (1..=to).zip(totals) {
        *total += parts.advanced_cents + if y <= ended { rest } else { 0 };
    }
    true
}

/// The years after `first_year` of a line paid each following year (`Schedule::FollowingYears`)
/// when it has one eligible period and every contract year its bounds: the period's amount on
/// each year's first day from its date of effect on, by `until`, counted from the calendar (no
/// bounds nor period read per year) as `pay_line` pays them. `false` for any other line (the
/// caller reads it year by year).
pub(super) fn following_years(
    calendar: &Calendar,
    timeline: &Eligible<'_>,
    first_year: u32,
    out: &mut Years<'_>,
) -> bool {
    let Some(period) = timeline.single() else {
        return false;
    };
    let (dated, reached) = (calendar.dated(), calendar.reached());
    // A year without its bounds is skipped, not the end: left to the year-by-year loop.
    if dated <= calendar.years {
        return false;
    }
    let Some(amount) = period.pay.as_ref() else {
        return true;
    };
    // The years starting before the period's date of effect have no period in force.
    let before = match period.from {
        None => 0,
        Some(from) => calendar
            .dates()
            .iter()
            .take_while(|d| d.is_some_and(|d| d < from))
            .count(),
    };
    let from = u32::try_from(before)
        .map_or(u32::MAX, |b| b.saturating_add(1))
        .max(first_year.saturating_add(1));
    let to = calendar.years.min(reached);
    let totals = out.years.get_mut(from as usize..).unwrap_or_default();
    for (_, total) in (from..=to).zip(totals) {
        *total += amount.cents;
    }
    true
}

/// One year of a mission's line, paid from `start` in the contract year `year_start..year_end`
/// (the mission's start in its first year, else the year's first day): whole, or `prorated` by
/// its remaining days. A sink that words its payments gets the advance, the balance and the
/// variable part apart, each with its explanation; a batch, their cents.
pub(super) fn mission_year<S: Sink>(
    version: &Version,
    line: &Line,
    mission: &MissionCase,
    ((period, amount), prorated): ((&PlanPeriod, &Amount), bool),
    (start, year_start, year_end): (NaiveDate, NaiveDate, NaiveDate),
    year: u32,
    out: &mut S,
) {
    let Schedule::Mission {
        advance,
        balance,
        variable,
        ..
    } = &line.schedule
    else {
        return;
    };
    // Borrowed: `Parts` and `FirstYear` are 128 bytes and more.
    let Some(parts) = amount.parts.as_ref() else {
        return;
    };
    let computed;
    let days = prorated.then(|| {
        (
            days_between(start, year_end),
            days_between(year_start, year_end).max(1),
        )
    });
    let first = match days {
        Some(days) => {
            let compute = || {
                FirstYear::of(
                    parts.fixed,
                    parts.variable,
                    *advance,
                    day_share(days.0, days.1),
                )
            };
            // The memo of the line's band (the same products); computed alike without it.
            let memo = amount
                .memo
                .and_then(|(link, at)| first_years(line, link, at));
            Some(match memo.and_then(|m| m.get_ref(days, compute)) {
                Some(first) => first,
                None => {
                    computed = compute();
                    &computed
                }
            })
        }
        None => None,
    };
    let (advanced, rest) = match first {
        Some(first) => (first.advanced_cents, first.balance_cents),
        None => (parts.advanced_cents, parts.balance_cents),
    };
    let variable = *variable && !parts.variable.is_zero();
    let variable_cents = |rate| match first {
        None => match amount.by_rate.as_deref().and_then(|t| t.get(rate)) {
            Some(c) => i128::from(c),
            None => amount
                .variable
                .and_then(|factor| factor.times_in_cents(rate))
                .unwrap_or_else(|| in_cents(cent_product(parts.variable, rate))),
        },
        Some(first) => rounded_product_in_cents(first.variable, rate)
            .unwrap_or_else(|| in_cents(to_cent(first.variable * rate))),
    };
    if !S::WORDS {
        out.pay((start, year), advanced, Nature::Avance, period, |_, _| {
            Vec::new()
        });
        // The balance and the variable part are paid on the same day of the same year: one
        // payment of their sum for a batch (the same total).
        let mut at_end = if *balance { rest } else { 0 };
        if variable {
            at_end += variable_cents(mission.achievement_of(year).0);
        }
        out.pay((year_end, year), at_end, Nature::Solde, period, |_, _| {
            Vec::new()
        });
        return;
    }
    let money = shown_money;
    let share_text = || {
        days.map_or_else(String::new, |(remaining, length)| {
            let (from, to) = (french_date(start), french_date(year_end));
            format!(" × {remaining}/{length} jours (du {from} au {to})")
        })
    };
    let (fixed, fixed_due, advanced_amount, rest_amount) = match first {
        Some(f) => (f.fixed, f.fixed_due, f.advanced, f.balance),
        None => (parts.fixed, parts.fixed_due, parts.advanced, parts.balance),
    };
    out.pay(
        (start, year),
        advanced,
        Nature::Avance,
        period,
        |words, _| {
            let share_of = words
                .line
                .fixed_share
                .map_or_else(String::new, |s| format!(" × part fixe {}", percent(s)));
            vec![
                format!(
                    "part fixe de l'année {year} : {}{share_of}{} = {}",
                    money(amount.amount),
                    share_text(),
                    money(fixed)
                ),
                format!(
                    "avance : {} × {} = {} (arrondi au centime)",
                    money(fixed),
                    percent(*advance),
                    money(advanced_amount)
                ),
            ]
        },
    );
    if *balance {
        out.pay((year_end, year), rest, Nature::Solde, period, |_, _| {
            let (due, paid) = (money(fixed_due), money(advanced_amount));
            vec![format!(
                "solde de la part fixe de l'année {year} : {due} − {paid} = {}",
                money(rest_amount)
            )]
        });
    }
    if variable {
        let (rate, given) = mission.achievement_of(year);
        let cents = variable_cents(rate);
        if !given && year_end <= out.until() {
            out.note(|| {
                let name = &version.values[line.value].name;
                format!(
                    "atteinte de l'année {year} non donnée pour `{name}` : part variable comptée 0"
                )
            });
        }
        out.pay((year_end, year), cents, Nature::Variable, period, |_, _| {
            let due = Decimal::from_i128_with_scale(cents, 2);
            let mut why = vec![format!(
                "part variable de l'année {year} : {}{} × atteinte {} = {}",
                money(parts.variable),
                share_text(),
                french_number(rate, " "),
                money(due)
            )];
            if !given {
                why.push(format!("atteinte de l'année {year} non donnée : comptée 0"));
            }
            why
        });
    }
}

/// The memo of a line's prorated first years for one amount of one link.
fn first_years(line: &Line, link: usize, at: usize) -> Option<&FirstYears> {
    line.parts.get(link)?.get(at).map(|(_, _, memo)| memo)
}

/// `(to - from).num_days()` from the dates' years and ordinals when they are one year apart at
/// most (a contract year's bounds, a mission's start in it: always), else as a difference of
/// day counts: the same number, without chrono's `TimeDelta` or `num_days_from_ce`'s divisions
/// (twice per prorated first year of a row).
#[inline]
fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let (from_year, to_year) = (from.year(), to.year());
    let (from_day, to_day) = (i64::from(from.ordinal()), i64::from(to.ordinal()));
    if from_year == to_year {
        return to_day - from_day;
    }
    if from_year.checked_add(1) == Some(to_year) {
        let length = if from.leap_year() { 366 } else { 365 };
        return length - from_day + to_day;
    }
    i64::from(to.num_days_from_ce()) - i64::from(from.num_days_from_ce())
}

#[cfg(test)]
mod tests {
    use super::{days_between, WholeYears};
    use crate::evaluate::case::{Contract, MissionCase};
    use crate::evaluate::cents::{ByRate, Factor};
    use crate::evaluate::common::Calendar;
    use crate::evaluate::plans::{Amount, Parts};
    use crate::evaluate::sink::Years;
    use chrono::{Days, NaiveDate};
    use clause_grammar::ast::DatePolicy;
    use rust_decimal::Decimal;

    /// Draws below `n` from a xorshift generator seeded with `state` (the same draws each run).
    fn draws(mut state: u64) -> impl FnMut(u64) -> u64 {
        move |n| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        }
    }

    /// A random contract and its number of years: signed on any day of 2016–2024 or on a 29th
    /// of February, one to nine years, `until` anywhere from the signature to a year past the
    /// end, under each date policy.
    fn random_contract(next: &mut impl FnMut(u64) -> u64) -> (Contract, u32) {
        let first = NaiveDate::from_ymd_opt(2016, 1, 1).expect("a date");
        let policies = [
            DatePolicy::EndOfMonth,
            DatePolicy::FirstOfNextMonth,
            DatePolicy::Refuse,
        ];
        let signature = if next(4) == 0 {
            NaiveDate::from_ymd_opt(2016 + 4 * next(2) as i32, 2, 29).expect("a date")
        } else {
            first + Days::new(next(3000))
        };
        let years = 1 + next(9) as u32;
        let contract = Contract {
            signature,
            letter_of_intent: None,
            crises: Vec::new(),
            until: signature + Days::new(next(365 * u64::from(years + 1))),
            policy: policies[next(3) as usize],
        };
        (contract, years)
    }

    /// Random contracts (signatures on any day, the 29th of February under each policy, one to
    /// nine years, `until` anywhere from the signature to past the end), amounts with and
    /// without a table of rates, rates of every spelling, a change of amount or none: `pay`
    /// adds to each year and gives the next year exactly as `pay_each`, the loop it replaced
    /// (each year's bounds read and tested).
    #[test]
    fn whole_years_are_paid_as_year_by_year() {
        let mut next = draws(0x51_7cc1_b727_220au64);
        let mut paid = 0;
        for _ in 0..20_000 {
            let (contract, years) = random_contract(&mut next);
            let signature = contract.signature;
            let calendar = Calendar::of_years(years, &contract);
            let variable = Decimal::new(next(5_000_000) as i64, next(4) as u32);
            let factor = Factor::of(variable);
            let parts = Parts {
                fixed: Decimal::ZERO,
                variable,
                due: Decimal::ZERO,
                fixed_due: Decimal::ZERO,
                advanced: Decimal::ZERO,
                balance: Decimal::ZERO,
                advanced_cents: next(1_000_000) as i128,
                balance_cents: next(1_000_000) as i128,
            };
            let amount = Amount {
                amount: Decimal::ZERO,
                cents: 0,
                parts: Some(parts),
                variable: factor,
                by_rate: factor.and_then(ByRate::of).filter(|_| next(4) != 0),
                memo: None,
            };
            let mut mission = MissionCase::default();
            for year in 1..=years + 1 {
                let rate = match next(5) {
                    0 => continue,
                    1 => Decimal::new(next(2) as i64, 0),
                    2 => Decimal::new(next(1001) as i64, 3),
                    _ => Decimal::new(next(101) as i64, 2),
                };
                mission.achievement.insert(year, rate);
            }
            if next(3) == 0 {
                mission.default_achievement = Some(Decimal::new(next(101) as i64, 2));
            }
            let change = (next(2) == 0).then(|| signature + Days::new(next(365 * 8)));
            let whole = WholeYears {
                calendar: &calendar,
                contract: &contract,
                mission: &mission,
                change,
            };
            let flags = (next(2) == 0, next(2) == 0);
            for year in 1..=years + 2 {
                let mut fast = vec![0i128; years as usize + 1];
                let mut slow = fast.clone();
                let mut out = Years {
                    years: &mut fast,
                    until: contract.until,
                };
                let got = whole.pay(year, (&amount, &parts), flags, &mut out);
                let mut out = Years {
                    years: &mut slow,
                    until: contract.until,
                };
                let expected = whole.pay_each(year, (&amount, &parts), flags, &mut out);
                assert_eq!(got, expected, "{signature} {year} {years} {change:?}");
                assert_eq!(fast, slow, "{signature} {year} {years} {change:?}");
                paid += usize::from(fast.iter().any(|c| *c != 0));
            }
        }
        assert!(paid > 20_000, "{paid}");
    }

    /// Random contracts (as above) and a yearly line of one period, in force from the
    /// signature or before, or later (then left to the caller), with or without an amount and
    /// a balance: `annual_years` adds what the year-by-year loop of `plan::pay_planned` adds
    /// (each year's bounds, the period in force on its first day, `Years::add`'s `until`).
    #[test]
    fn annual_years_are_paid_as_year_by_year() {
        use super::annual_years;
        use crate::evaluate::eligible::{Cursor, Eligible};
        use crate::evaluate::plans::{PlanPeriod, Split};
        let mut next = draws(0x2545_f491_4f6c_dd1du64);
        let (mut fast_paths, mut paid) = (0, 0);
        for _ in 0..20_000 {
            let (contract, years) = random_contract(&mut next);
            let signature = contract.signature;
            let calendar = Calendar::of_years(years, &contract);
            let parts = Parts {
                fixed: Decimal::ZERO,
                variable: Decimal::ZERO,
                due: Decimal::ZERO,
                fixed_due: Decimal::ZERO,
                advanced: Decimal::ZERO,
                balance: Decimal::ZERO,
                advanced_cents: 1 + next(1_000_000) as i128,
                balance_cents: next(1_000_000) as i128,
            };
            let from = match next(4) {
                0 => None,
                1 => Some(signature + Days::new(next(800))),
                _ => Some(signature - Days::new(next(800))),
            };
            let periods = [PlanPeriod {
                from,
                before: None,
                after: None,
                prorated: false,
                split: Split::Fixed,
                pay: (next(8) != 0).then_some(Amount {
                    amount: Decimal::ZERO,
                    cents: 0,
                    parts: Some(parts),
                    variable: None,
                    by_rate: None,
                    memo: None,
                }),
            }];
            let timeline = Eligible::every(&periods, 1);
            let balance = next(2) == 0;
            let mut fast = vec![0i128; years as usize + 1];
            let mut out = Years {
                years: &mut fast,
                until: contract.until,
            };
            if !annual_years(&calendar, &contract, &timeline, balance, &mut out) {
                assert!(from.is_some_and(|f| f > signature), "{signature} {from:?}");
                continue;
            }
            fast_paths += 1;
            let mut slow = vec![0i128; years as usize + 1];
            let mut out = Years {
                years: &mut slow,
                until: contract.until,
            };
            let mut cursor = Cursor::new(&timeline);
            for year in 1..=years {
                let Some((start, end)) = calendar.bounds(&contract, year) else {
                    break;
                };
                let Some(parts) = cursor.on(start).and_then(|a| a.parts.as_ref()) else {
                    continue;
                };
                out.add(start, year, parts.advanced_cents);
                if balance {
                    out.add(end, year, parts.balance_cents);
                }
            }
            assert_eq!(fast, slow, "{signature} {years} {from:?} {balance}");
            paid += usize::from(fast.iter().any(|c| *c != 0));
        }
        assert!(fast_paths > 10_000 && paid > 8_000, "{fast_paths} {paid}");
    }

    /// As `annual_years_are_paid_as_year_by_year`, for `following_years` from any first
    /// year: the years of `pay_planned`'s year-by-year loop.
    #[test]
    fn following_years_are_paid_as_year_by_year() {
        use super::following_years;
        use crate::evaluate::eligible::{Cursor, Eligible};
        use crate::evaluate::plans::{PlanPeriod, Split};
        let mut next = draws(0x9e37_79b9_7f4a_7c15u64);
        let (mut fast_paths, mut paid) = (0, 0);
        for _ in 0..20_000 {
            let (contract, years) = random_contract(&mut next);
            let signature = contract.signature;
            let calendar = Calendar::of_years(years, &contract);
            let from = match next(3) {
                0 => None,
                1 => Some(signature + Days::new(next(365 * 6))),
                _ => Some(signature - Days::new(next(800))),
            };
            let periods = [PlanPeriod {
                from,
                before: None,
                after: None,
                prorated: false,
                split: Split::Fixed,
                pay: (next(8) != 0).then_some(Amount {
                    amount: Decimal::ZERO,
                    cents: 1 + next(1_000_000) as i128,
                    parts: None,
                    variable: None,
                    by_rate: None,
                    memo: None,
                }),
            }];
            let timeline = Eligible::every(&periods, 1);
            let first_year = 1 + next(u64::from(years) + 1) as u32;
            let mut fast = vec![0i128; years as usize + 1];
            let mut out = Years {
                years: &mut fast,
                until: contract.until,
            };
            if !following_years(&calendar, &timeline, first_year, &mut out) {
                continue;
            }
            fast_paths += 1;
            let mut slow = vec![0i128; years as usize + 1];
            let mut out = Years {
                years: &mut slow,
                until: contract.until,
            };
            let mut cursor = Cursor::new(&timeline);
            for year in (first_year + 1)..=years {
                let Some((date, _)) = calendar.bounds(&contract, year) else {
                    continue;
                };
                if let Some(amount) = cursor.on(date) {
                    out.add(date, year, amount.cents);
                }
            }
            assert_eq!(fast, slow, "{signature} {years} {first_year} {from:?}");
            paid += usize::from(fast.iter().any(|c| *c != 0));
        }
        assert!(fast_paths > 10_000 && paid > 3_000, "{fast_paths} {paid}");
    }

    /// Every pair of days of 2015–2026 a week or less than three years apart (both ways): the
    /// shortcut's count is chrono's.
    #[test]
    fn days_between_counts_as_chrono() {
        let first = NaiveDate::from_ymd_opt(2015, 1, 1).expect("a date");
        let days: Vec<NaiveDate> = first.iter_days().take(12 * 366).collect();
        for (i, from) in days.iter().enumerate() {
            for to in days.iter().skip(i.saturating_sub(7)).step_by(5).take(220) {
                assert_eq!(
                    days_between(*from, *to),
                    (*to - *from).num_days(),
                    "{from} {to}"
                );
            }
        }
    }
}
