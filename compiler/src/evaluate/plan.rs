//! The dated payments of a batch row from a plan compiled once per version and per band of each
//! version of its chain (`Plans`), not per row: each line's periods (from the links of the
//! chain), their amounts for those bands, in cents, with their advance and balance split, and
//! the rules that refuse a period to a contract (signature limits). A row then only computes
//! what depends on it: which periods its signature is eligible to, its contract years, its
//! missions' starts and achievements, and a prorated first year by days. Optional missions need
//! no plan of their own: a line of a mission not engaged is skipped at the row.
//!
//! The payment engine (`payments`) pays a row from these plans, and `--case` from the case's own
//! periods (`periods_of_case`, read from its timeline): the same code. `tests/dated_batch.rs`
//! compares a batch's years with the worded payments on random dated cases. A line of more than
//! 32 periods, which neither holds, goes to `pay::pay_line`.

use super::case::{Case, Contract};
use super::cents::{in_cents, to_cent, ByRate, Factor};
use super::common::{Calendar, Context};
use super::compiled::{split_of, CompiledVersion, Line, Parts, Schedule};
use super::pay::{pay_line, Out};
use super::payments::{pay_planned, LinePeriods, Mask};
use super::plans::{Amount, Plan, PlanLine, PlanPeriod};
use super::sink::Years;
use super::timeline::{band_of_inputs, static_row, Timeline};
use super::totals::{annual_terms, planned_full_year};
use crate::ir::Reservation;
use crate::value::Value;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use smallvec::SmallVec;

/// The plan of the context's bands, built on first use, when each version of the chain gives
/// the case its band's row of values.
fn plan_of<'c>(context: &Context<'c, '_>) -> Option<&'c Plan> {
    let compiled = context.compiled;
    let rows = context.stages.iter().map(|stage| stage.row);
    compiled.plans.get(rows, |rows| build(compiled, rows))
}

/// The plan of the bands `rows` (one per version of the chain, root first).
fn build(compiled: &CompiledVersion<'_>, rows: &[usize]) -> Plan {
    let lines: Vec<PlanLine> = compiled
        .lines
        .iter()
        .map(|line| {
            let periods = periods(compiled, line, rows);
            let every_contract = periods.as_deref().and_then(every_contract);
            PlanLine {
                periods,
                every_contract,
            }
        })
        .collect();
    let complete = lines.iter().all(|line| line.periods.is_some());
    // The version's own values are the last stage's (its band's row).
    let values = rows.last().and_then(|row| compiled.static_values.get(*row));
    let annual = compiled
        .has_annual_lines()
        .then(|| values.and_then(|values| annual_terms(compiled, values)));
    Plan {
        lines,
        complete,
        annual,
    }
}

/// The plan of a case's bands, found from its inputs without its `Context` (no stage's values
/// borrowed, no inputs copied per base): the rows `timeline::stages` would give its stages.
fn plan_of_case<'c>(compiled: &'c CompiledVersion<'_>, case: &Case) -> Option<&'c Plan> {
    let number = |id: usize| case.inputs.get(id)?.as_ref()?.number();
    let mut rows = SmallVec::<[Option<usize>; 4]>::new();
    for (base, ids) in compiled.history.iter().zip(&compiled.history_inputs).rev() {
        let band = band_of_inputs(base, |input| number(ids.get(input).copied().flatten()?));
        rows.push(static_row(base, band));
    }
    rows.push(static_row(compiled, band_of_inputs(compiled, number)));
    compiled
        .plans
        .get(rows.into_iter(), |rows| build(compiled, rows))
}

/// The numbers of a dated case whose bands have a complete plan, from the plan alone: its
/// version has no condition (a plan needs none), so the case is eligible; gives the full-year
/// total from the plan's terms (`None` inside when the version has no yearly lines) and fills
/// `years` from its lines. `None` for any other case (the batch then builds its `Context`);
/// `years` is left as it was then. Returns no `Numbers` so that this module, which the batch's
/// `numbers` calls, does not import it back.
pub(super) fn numbers_planned(
    compiled: &CompiledVersion<'_>,
    case: &Case,
    years: &mut Vec<i128>,
) -> Option<Option<Decimal>> {
    let contract = case.contract.as_ref()?;
    let plan = plan_of_case(compiled, case)?;
    if !plan.complete {
        return None;
    }
    let full_year = match &plan.annual {
        None => None,
        Some(terms) => planned_full_year(terms.as_deref()?, case)?,
    };
    let calendar = Calendar::of(compiled.version, contract);
    years.clear();
    years.resize(calendar.years as usize + 1, 0);
    for (line, planned) in compiled.lines.iter().zip(&plan.lines) {
        let Some(periods) = planned.periods.as_ref() else {
            continue;
        };
        let mut out = Years {
            years: &mut *years,
            until: contract.until,
        };
        let line = LinePeriods {
            version: compiled.version,
            line,
            periods,
            mask: planned
                .every_contract
                .map_or(Mask::BySignature, Mask::Known),
            pieces: false,
        };
        pay_planned((case, contract, &calendar), line, &mut out);
    }
    Some(full_year)
}

/// The periods of a line every contract is eligible to, when none has a limit on the signature
/// (at most 32 periods: `periods` plans no line of more).
fn every_contract(periods: &[PlanPeriod]) -> Option<u32> {
    let unlimited = periods
        .iter()
        .all(|p| p.before.is_none() && p.after.is_none());
    let all = 1u64.checked_shl(u32::try_from(periods.len()).ok()?)? - 1;
    unlimited.then(|| u32::try_from(all).ok()).flatten()
}

/// The version of the chain a link's `stage` names (root first), as `CompiledVersion` orders its
/// history (nearest first).
fn stage_of<'c, 'v>(
    compiled: &'c CompiledVersion<'v>,
    stage: usize,
) -> Option<&'c CompiledVersion<'v>> {
    match compiled.history.len().checked_sub(stage + 1) {
        Some(from_nearest) => compiled.history.get(from_nearest),
        None => Some(compiled),
    }
}

/// A line's periods for the bands `rows`, as `Timeline::of` reads them for a case of those
/// bands; `None` for what the plan leaves to `pay_line`: a value `au prorata` of its date of
/// effect on a yearly line (the year's pieces, `Payer::year`), a `réservé si` (a condition of
/// the case), more than 32 periods, a value the band's row does not hold.
fn periods(
    compiled: &CompiledVersion<'_>,
    line: &Line,
    rows: &[usize],
) -> Option<SmallVec<[PlanPeriod; 2]>> {
    let yearly = matches!(
        line.schedule,
        Schedule::Annual { .. } | Schedule::Mission { .. }
    );
    let by_year = by_year(line);
    if line.links.len() > 32 {
        return None;
    }
    let mut periods = SmallVec::new();
    for (index, link) in line.links.iter().enumerate() {
        // `Timeline::of` skips a link whose stage the case lacks: so does the plan.
        let (Some(stage), Some(row)) = (stage_of(compiled, link.stage), rows.get(link.stage))
        else {
            continue;
        };
        let item = stage.version.values.get(link.id)?;
        if by_year && item.effect.as_ref().is_some_and(|e| e.prorated) {
            return None;
        }
        let mut before = link.applicable_before;
        let mut after = None;
        for rule in &item.reserved {
            match &rule.value {
                Reservation::SignedBefore(limit) => {
                    before = Some(before.map_or(*limit, |b: NaiveDate| b.min(*limit)));
                }
                Reservation::SignedAfter(limit) => {
                    after = Some(after.map_or(*limit, |a: NaiveDate| a.max(*limit)));
                }
                Reservation::If(_) => return None,
            }
        }
        let amount = match stage.static_values.get(*row)?.get(link.id)? {
            Some(Ok(Value::Money(d))) => Some(*d),
            _ => None,
        };
        let own = link
            .own_line
            .and_then(|own| stage.lines.get(own))
            .unwrap_or(line);
        let pay = match amount {
            // A negative envelope is not paid (`Payer::usable`).
            Some(a) if a.is_zero() || !a.is_sign_negative() => {
                let (parts, memo) = if yearly {
                    // The parts compiled with the version for this band (`Line::parts`), found
                    // as `Timeline::of` finds them; else computed alike.
                    let at = line.band_parts.get(index)?.get(*row).copied().flatten();
                    match at.and_then(|at| Some((at, line.parts.get(index)?.get(at)?))) {
                        Some((at, (_, parts, _))) => (Some(*parts), Some((index, at))),
                        None => (Some(Parts::of(a, own, line)), None),
                    }
                } else {
                    (None, None)
                };
                let variable = parts.and_then(|p| Factor::of(p.variable));
                Some(Amount {
                    amount: a,
                    cents: in_cents(to_cent(a)),
                    parts,
                    variable,
                    by_rate: variable.and_then(ByRate::of),
                    memo,
                })
            }
            _ => None,
        };
        periods.push(PlanPeriod {
            from: link.from,
            before,
            after,
            pay,
            prorated: item.effect.as_ref().is_some_and(|e| e.prorated),
            split: split_of(own),
        });
    }
    Some(periods)
}

/// Pays every line of an eligible case into `years` (what `pay_line` adds with `Out::Years`),
/// from the plan of its bands when it has one, line by line from `pay_line` otherwise.
pub(super) fn pay_lines(
    context: &Context<'_, '_>,
    case: &Case,
    contract: &Contract,
    years: &mut [i128],
) {
    let compiled = context.compiled;
    let plan = match (&context.calendar, plan_of(context)) {
        (Some(calendar), Some(plan)) => Some((calendar, plan)),
        _ => None,
    };
    for (index, line) in compiled.lines.iter().enumerate() {
        let planned = plan.and_then(|(calendar, plan)| {
            let planned = plan.lines.get(index)?;
            let periods = planned.periods.as_ref()?;
            Some((calendar, &periods[..], planned.every_contract))
        });
        let mut out = Years {
            years: &mut *years,
            until: contract.until,
        };
        match planned {
            Some((calendar, periods, every)) => {
                let line = LinePeriods {
                    version: compiled.version,
                    line,
                    periods,
                    mask: every.map_or(Mask::BySignature, Mask::Known),
                    pieces: false,
                };
                pay_planned((case, contract, calendar), line, &mut out);
            }
            // No plan line (values computed from the case's inputs, `réservé si`): the case's
            // own periods, read from its timeline.
            None => {
                let timeline = Timeline::of(&context.stages, line, Some(contract));
                match (&context.calendar, periods_of_case(&timeline)) {
                    (Some(calendar), Some((periods, mask))) => {
                        let line = LinePeriods::of_case(compiled.version, line, &periods, mask);
                        pay_planned((case, contract, calendar), line, &mut out);
                    }
                    _ => pay_line(context, case, contract, line, Out::Years(out.years)),
                }
            }
        }
    }
}

/// A line's periods for one case, read from its `Timeline` (the case's own values, the
/// refusals of its conditions), and the periods it is eligible to: what the engine pays a line
/// its bands' plan does not hold (values computed from the case's inputs, `réservé si`), and
/// every line `--case` words, a year's pieces `au prorata` included. `None` for a line of more
/// than 32 periods (left to `pay::pay_line`).
pub(super) fn periods_of_case(timeline: &Timeline<'_>) -> Option<(SmallVec<[PlanPeriod; 2]>, u32)> {
    if timeline.periods.len() > 32 {
        return None;
    }
    let mut mask = 0u32;
    let mut periods = SmallVec::new();
    for (index, period) in timeline.periods.iter().enumerate() {
        if period.refused.is_none() {
            mask |= 1 << index;
        }
        // A negative envelope is not paid (`Payer::usable`).
        let pay = period
            .amount
            .filter(|a| a.is_zero() || !a.is_sign_negative())
            .map(|amount| Amount {
                amount,
                cents: in_cents(to_cent(amount)),
                parts: period.parts,
                variable: period.parts.and_then(|p| Factor::of(p.variable)),
                by_rate: None,
                memo: None,
            });
        periods.push(PlanPeriod {
            from: period.from,
            before: None,
            after: None,
            pay,
            prorated: period.prorated,
            split: split_of(period.line),
        });
    }
    Some((periods, mask))
}

/// Whether a line is paid by contract year (its amount for a year is a period's, or its pieces').
fn by_year(line: &Line) -> bool {
    matches!(
        line.schedule,
        Schedule::Annual { .. }
            | Schedule::Mission { .. }
            | Schedule::FollowingYears
            | Schedule::EachYear
            | Schedule::VariableOnly
    )
}

/// How many of the lines of an eligible dated case its bands' plan pays, and how many the
/// engine pays from the case's own periods (a line the plan does not hold, or every line when
/// the case's bands have no plan): what the tests check the property test runs through.
pub(super) fn planned_lines(context: &Context<'_, '_>) -> (usize, usize) {
    let lines = context.compiled.lines.len();
    let plan = context.calendar.as_ref().and_then(|_| plan_of(context));
    let planned = plan.map_or(0, |plan| {
        plan.lines.iter().filter(|l| l.periods.is_some()).count()
    });
    (planned, lines - planned)
}

#[cfg(test)]
mod tests {
    use super::every_contract;
    use crate::evaluate::eligible::Eligible;
    use crate::evaluate::plans::{PlanPeriod, Split};
    use chrono::NaiveDate;

    /// A line whose periods have no limit on the signature gives every contract the mask that
    /// `Eligible::of` computes for each signature (all its periods); one limit, and the row
    /// tests them.
    #[test]
    fn every_contract_is_eligible_to_every_unlimited_period() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a date");
        let period = |from, before| PlanPeriod {
            from,
            before,
            after: None,
            pay: None,
            prorated: false,
            split: Split::Fixed,
        };
        for count in [1usize, 2, 5, 31, 32] {
            let periods: Vec<PlanPeriod> = (0..count)
                .map(|i| period((i % 2 == 0).then(|| day(2020, 1, 1)), None))
                .collect();
            let mask = every_contract(&periods);
            assert_eq!(mask.map(u32::count_ones), Some(count as u32));
            for signature in [day(2000, 1, 1), day(2020, 1, 1), day(2030, 1, 1)] {
                assert_eq!(mask, Some(Eligible::of(&periods, signature).mask));
            }
        }
        let limited = [period(None, None), period(None, Some(day(2021, 12, 31)))];
        assert_eq!(every_contract(&limited), None);
        assert_eq!(Eligible::of(&limited, day(2022, 1, 1)).mask, 0b01);
    }
}
