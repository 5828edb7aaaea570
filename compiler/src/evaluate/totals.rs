//! The totals of an evaluation: the yearly funding (`total_annuel`: what the case is paid each
//! year; `financement_annee_pleine`: every engaged mission in place, as OpenFisca's
//! `total_funding`), the totals per contract year, and the achievements given for a year in
//! which a mission did not run.

use super::case::{Case, Contract};
use super::common::{anniversary, contract_years, mission_case, shown_money, year_of, Context};
use super::compiled::{split, CompiledVersion, Line, Schedule};
use super::result::{PaymentLine, YearTotal};
use crate::interpret::EvalError;
use crate::ir::{MissionId, Version};
use crate::value::{french_date, french_money, french_number, Value};
use rust_decimal::Decimal;

/// The yearly funding: every line paid each contract year, of every engaged mission
/// (`running_only`: of the missions that run, when the case gives a contract: started, their
/// variable part at the achievement of the year they started), the variable part at the
/// achievement of contract year 1 otherwise. `words`: the notes and explanation to write it in
/// (a batch asks only for the number).
pub(super) fn annual_total(
    context: &Context<'_, '_>,
    case: &Case,
    running_only: bool,
    mut words: Option<(&mut Vec<String>, &mut Vec<String>)>,
) -> Option<Decimal> {
    let version = context.version();
    let name = if running_only {
        "total_annuel"
    } else {
        "financement_annee_pleine"
    };
    let mut total = Decimal::ZERO;
    let mut missing_achievement = Vec::new();
    let mut parts = Vec::new();
    for line in context
        .compiled
        .lines
        .iter()
        .filter(|l| l.schedule.is_annual())
    {
        let mission_case = mission_case(case, line.mission);
        if !mission_case.engaged {
            continue;
        }
        let mut year = 1;
        if let (true, Some(contract), Some(_)) = (running_only, &case.contract, line.mission) {
            let Some(start) = mission_case.start else {
                continue;
            };
            year = year_of(contract, start, contract_years(version, contract));
        }
        let Some(amount) = context.amount(line.value) else {
            if let Some((notes, _)) = words.as_mut() {
                notes.push(format!(
                    "`{}` n'est pas précisé pour cette tranche : `{name}` n'est pas calculé",
                    version.values[line.value].name
                ));
            }
            return None;
        };
        // As for the payments: an envelope negative for this case is not counted.
        if amount.is_sign_negative() && !amount.is_zero() {
            continue;
        }
        let (fixed, variable) = split(amount, line);
        let (rate, given) = mission_case.achievement_of(year);
        let contribution = fixed + variable * rate;
        total += contribution;
        if words.is_none() {
            continue;
        }
        if !given && !variable.is_zero() {
            missing_achievement.push(format!(
                "{} (année {year})",
                version.values[line.value].name
            ));
        }
        parts.push(if variable.is_zero() {
            format!(
                "{} {}",
                version.values[line.value].name,
                french_money(contribution, " ")
            )
        } else {
            format!(
                "{} {} + {} × {} = {}",
                version.values[line.value].name,
                shown_money(fixed),
                shown_money(variable),
                french_number(rate, " "),
                shown_money(contribution)
            )
        });
    }
    if let Some((notes, explanation)) = words {
        if !missing_achievement.is_empty() {
            let note = format!(
                "atteinte non donnée pour {} : comptée 0",
                missing_achievement.join(", ")
            );
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
        explanation.push(format!(
            "{name} = {} = {}",
            parts.join(" ; "),
            french_money(total, " ")
        ));
    }
    Some(total)
}

/// `financement_annee_pleine` without words (a batch row): `annual_total`'s sum on 64-bit
/// integers, each term at 10^-8 €; the `Decimal` sum when a term does not fit.
pub(super) fn full_year_number(context: &Context<'_, '_>, case: &Case) -> Option<Decimal> {
    match exact_full_year(context, case) {
        Some(total) => total,
        None => annual_total(context, case, false, None),
    }
}

/// The scale of `exact_full_year`'s integers: an amount in cents times a fixed share and a
/// rate of two places each.
const UNIT: u32 = 8;

/// `annual_total(context, case, false, None)` on integers; `None` when a scale or a product
/// is too large for them (then `Decimal` decides), `Some(None)` when the total is not stated.
/// Every term below 2^63 is below `Decimal`'s 96 bits: `Decimal` computed it exactly too.
fn exact_full_year(context: &Context<'_, '_>, case: &Case) -> Option<Option<Decimal>> {
    let mut total: i64 = 0;
    for line in context
        .compiled
        .lines
        .iter()
        .filter(|l| l.schedule.is_annual())
    {
        let mission_case = mission_case(case, line.mission);
        if !mission_case.engaged {
            continue;
        }
        let Some(amount) = context.amount(line.value) else {
            return Some(None);
        };
        if amount.is_sign_negative() && !amount.is_zero() {
            continue;
        }
        let (rate, _) = mission_case.achievement_of(1);
        total = total.checked_add(contribution(amount, line, rate)?)?;
    }
    Some(Some(in_unit(total)))
}

/// The term of `exact_full_year` of a mission's annual lines (or of the lines of none) for the
/// values of one band (a plan's): what does not depend on the row computed once, when the plan
/// is built.
#[derive(Debug, Clone, Copy)]
pub(super) struct AnnualTerm {
    mission: Option<MissionId>,
    kind: TermKind,
}

#[derive(Debug, Clone, Copy)]
enum TermKind {
    /// An amount is not stated for the band: no total (if the mission is engaged).
    Missing,
    /// `fixed + variable × rate`: `fixed` at `UNIT`, `variable` a mantissa at its scale.
    Sum {
        fixed: i64,
        variable: Option<(i64, u32)>,
    },
}

/// The terms of `exact_full_year` for a band's values `values`, one per mission (and one for the
/// lines of none): the lines of a mission share its rate, so their fixed parts and their variable
/// parts add up before the rate multiplies them (the same exact sum, a product a mission instead
/// of one a line). `None` when a sum is out of the integers' reach for every rate (its rows then
/// take `full_year_number`, which gives `Decimal`'s sum).
pub(super) fn annual_terms(
    compiled: &CompiledVersion<'_>,
    values: &[Option<Result<Value, EvalError>>],
) -> Option<Vec<AnnualTerm>> {
    let mut terms: Vec<AnnualTerm> = Vec::new();
    for line in compiled.lines.iter().filter(|l| l.schedule.is_annual()) {
        let kind = match values.get(line.value) {
            Some(Some(Ok(Value::Money(amount)))) => {
                // A negative envelope is not counted.
                if amount.is_sign_negative() && !amount.is_zero() {
                    continue;
                }
                let (fixed, variable) = term_parts(*amount, line)?;
                TermKind::Sum { fixed, variable }
            }
            _ => TermKind::Missing,
        };
        match terms.iter_mut().find(|t| t.mission == line.mission) {
            Some(term) => term.kind = term.kind.plus(kind)?,
            None => terms.push(AnnualTerm {
                mission: line.mission,
                kind,
            }),
        }
    }
    Some(terms)
}

impl TermKind {
    /// The term of two lines of one mission: missing if either is, else their parts added, the
    /// variable parts at the larger scale.
    fn plus(self, other: TermKind) -> Option<TermKind> {
        let (
            TermKind::Sum {
                fixed: a,
                variable: x,
            },
            TermKind::Sum {
                fixed: b,
                variable: y,
            },
        ) = (self, other)
        else {
            return Some(TermKind::Missing);
        };
        let variable = match (x, y) {
            (None, v) | (v, None) => v,
            (Some((x, xs)), Some((y, ys))) => {
                let scale = xs.max(ys);
                let x = x.checked_mul(power(scale - xs)?)?;
                let y = y.checked_mul(power(scale - ys)?)?;
                Some((x.checked_add(y)?, scale))
            }
        };
        Some(TermKind::Sum {
            fixed: a.checked_add(b)?,
            variable,
        })
    }
}

/// `exact_full_year` from a plan's terms: the same sum, the same `None` (then `Decimal`
/// decides) and `Some(None)`. `full_year_number`'s `contribution` per line and row computed
/// the amount's share of it again at each row; the terms hold it (tested with the worded
/// evaluation by `tests/dated_batch.rs`). Not inlined: its loop kept apart from the row's
/// lines (inlined into `numbers_planned`, it cost more than its call).
#[inline(never)]
pub(super) fn planned_full_year(terms: &[AnnualTerm], case: &Case) -> Option<Option<Decimal>> {
    let mut total: i64 = 0;
    for term in terms {
        let mission_case = mission_case(case, term.mission);
        if !mission_case.engaged {
            continue;
        }
        let (fixed, variable) = match term.kind {
            TermKind::Missing => return Some(None),
            TermKind::Sum { fixed, variable } => (fixed, variable),
        };
        let (rate, _) = mission_case.achievement_of(1);
        let term = sum_term(fixed, variable, rate)?;
        total = total.checked_add(term)?;
    }
    Some(Some(in_unit(total)))
}

/// A total at scale `UNIT` as `exact_full_year` gives it.
fn in_unit(total: i64) -> Decimal {
    // In cents when it is whole cents (nearly always): the output then writes it at once.
    let cents = 10i64.pow(UNIT - 2);
    if total % cents == 0 {
        Decimal::new(total / cents, 2)
    } else {
        Decimal::new(total, UNIT)
    }
}

/// A mantissa at `scale` brought to `UNIT`.
fn at_unit(mantissa: i64, scale: u32) -> Option<i64> {
    mantissa.checked_mul(power(UNIT.checked_sub(scale)?)?)
}

/// What `contribution` computes before the rate: the fixed part at `UNIT` and the variable
/// part's mantissa and scale (the rate multiplies it), `None` when one is out of reach.
fn term_parts(amount: Decimal, line: &Line) -> Option<(i64, Option<(i64, u32)>)> {
    let mantissa = i64::try_from(amount.mantissa()).ok()?;
    let scale = amount.scale();
    match (&line.schedule, line.fixed_share) {
        (Schedule::Mission { variable: true, .. }, Some(share)) => {
            // fixed = amount × share and variable = amount − fixed, at the product's scale.
            let product_scale = scale + share.scale();
            let fixed = mantissa.checked_mul(i64::try_from(share.mantissa()).ok()?)?;
            let whole = mantissa.checked_mul(power(share.scale())?)?;
            let variable = whole.checked_sub(fixed)?;
            Some((
                at_unit(fixed, product_scale)?,
                Some((variable, product_scale)),
            ))
        }
        (Schedule::VariableOnly, _) => Some((0, Some((mantissa, scale)))),
        _ => Some((at_unit(mantissa, scale)?, None)),
    }
}

/// `fixed + variable × rate` of a line (`split`), exact, at scale `UNIT`.
fn contribution(amount: Decimal, line: &Line, rate: Decimal) -> Option<i64> {
    let (fixed, variable) = term_parts(amount, line)?;
    sum_term(fixed, variable, rate)
}

/// A term's `fixed + variable × rate` at `UNIT` (`term_parts`' parts).
#[inline]
fn sum_term(fixed: i64, variable: Option<(i64, u32)>, rate: Decimal) -> Option<i64> {
    // A rate past 64 bits leaves the integers, even for a line without a variable part.
    let rate_mantissa = i64::try_from(rate.mantissa()).ok()?;
    match variable {
        None => Some(fixed),
        Some((variable, scale)) => fixed.checked_add(at_unit(
            variable.checked_mul(rate_mantissa)?,
            scale + rate.scale(),
        )?),
    }
}

/// `10i64.checked_pow(n)` from the table of powers: the same `None` past `i64`, without the
/// loop of checked products (three or four per annual line of every batch row).
fn power(n: u32) -> Option<i64> {
    i64::try_from(*super::cents::POWERS.get(n as usize)?).ok()
}

/// An achievement given for a contract year in which its mission did not run (not started,
/// or started later) is noted: it pays nothing.
pub(super) fn unused_achievements(version: &Version, case: &Case, notes: &mut Vec<String>) {
    let Some(contract) = &case.contract else {
        return;
    };
    let years = contract_years(version, contract);
    for (id, mission) in case.missions.iter().enumerate() {
        let Some(declared) = version.missions.get(id) else {
            continue;
        };
        let first = mission.start.map(|s| year_of(contract, s, years));
        for year in mission.achievement.keys() {
            if first.is_none_or(|first| *year < first) {
                notes.push(match mission.start {
                    None => format!("atteinte donnée pour l'année {year} de la mission `{}`, qui n'a pas démarré : rien n'est versé", declared.name),
                    Some(start) => format!("atteinte donnée pour l'année {year} de la mission `{}`, qui ne démarre que le {} : rien n'est versé pour cette année", declared.name, french_date(start)),
                });
            }
        }
    }
}

pub(super) fn year_totals(
    payments: &[PaymentLine],
    contract: Option<&Contract>,
    version: &Version,
) -> Vec<YearTotal> {
    let Some(contract) = contract else {
        return Vec::new();
    };
    let years = contract_years(version, contract);
    let mut totals: Vec<YearTotal> = (0..=years)
        .map(|year| YearTotal {
            annee: year,
            debut: if year == 0 {
                None
            } else {
                anniversary(contract, year - 1)
            },
            fin: if year == 0 {
                Some(contract.signature)
            } else {
                anniversary(contract, year)
            },
            amount: Decimal::ZERO,
        })
        .collect();
    for payment in payments {
        if let Some(total) = totals.get_mut(payment.annee as usize) {
            total.amount += payment.amount;
        }
    }
    if totals.first().is_some_and(|t| t.amount.is_zero()) {
        totals.remove(0);
    }
    totals
}
