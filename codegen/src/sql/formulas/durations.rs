//! Durations computed in a formula as the engine computes them (compiler/src/interpret/): an
//! amount (a decimal, as rust_decimal holds it) and a unit, days, months or years, kept as
//! written. `-d` negates the amount; `d × n` multiplies it (rounded as rust_decimal rounds a
//! product); `d ± d` and comparisons bring years and months to months (`same_unit`: years × 12)
//! and fail when days meet months or years; a date moves by a computed duration as by a
//! written one (`dates`), a fractional amount being out of the calendar. An error is NULL.

use super::exact::{self, Plan};
use super::shape::{Out, DAYS, MONTHS, YEARS};
use super::{refuse, Graph};
use crate::sql::Parts;
use clause_grammar::ast::{BinaryOp, Duration, DurationUnit};

/// A written duration: its amount at its own scale, its unit.
pub(super) fn literal(p: &Parts<'_>, duration: &Duration) -> Out {
    let amount = duration.amount;
    let unit = match duration.unit {
        DurationUnit::Days => DAYS,
        DurationUnit::Months => MONTHS,
        DurationUnit::Years => YEARS,
    };
    Out::Dur(
        p.decimal(amount, amount.scale()),
        amount.scale().to_string(),
        format!("CAST({unit} AS INTEGER)"),
    )
}

impl Graph<'_, '_> {
    /// Two durations in their common unit (the engine's `same_unit`): a plan giving the
    /// amounts `{x}_ma_m`/`_e` and `{x}_mb_m`/`_e` (years × 12 when the other is in months),
    /// and the common unit as an expression (NULL when days meet months or years).
    fn common_unit(&self, x: &str, a: &Out, b: &Out) -> (Plan, [(String, String); 2], String) {
        let d = self.p.d;
        let (Out::Dur(am, ae, ua), Out::Dur(bm, be, ub)) = (a, b) else {
            let null = ("NULL".to_string(), "NULL".to_string());
            return (Vec::new(), [null.clone(), null], "NULL".into());
        };
        let factor = |mine: &str, other: &str| {
            format!(
                "CASE WHEN {mine} = {YEARS} AND {other} = {MONTHS} THEN CAST(12 AS {int}) ELSE CAST(1 AS {int}) END",
                int = d.int()
            )
        };
        let (fa, fb) = (factor(ua, ub), factor(ub, ua));
        let plan = exact::merge(vec![
            exact::mul(d, &format!("{x}_ma"), (am, ae), (&fa, "0")),
            exact::mul(d, &format!("{x}_mb"), (bm, be), (&fb, "0")),
        ]);
        let unit = format!(
            "CASE WHEN {ua} = {ub} THEN {ua} WHEN {ua} <> {DAYS} AND {ub} <> {DAYS} THEN CAST({MONTHS} AS INTEGER) END"
        );
        let amounts = ["ma", "mb"].map(|s| (format!("{x}_{s}_m"), format!("{x}_{s}_e")));
        (plan, amounts, unit)
    }

    /// The sign of `a − b` for two durations (a plan and its expression), NULL when days meet
    /// months or years (`MixedDurations`) or an amount in months overflows.
    pub(super) fn order_durations(&self, x: &str, a: &Out, b: &Out) -> (Plan, String) {
        let (mut plan, [ma, mb], unit) = self.common_unit(x, a, b);
        plan.extend(exact::compare(self.p.d, x, (&ma.0, &ma.1), (&mb.0, &mb.1)));
        (
            plan,
            format!("CASE WHEN ({unit}) IS NOT NULL THEN {x}_c END"),
        )
    }

    /// `l op r` when a duration is an operand (but a date moved by it, `dates`): `None` for
    /// numbers.
    pub(super) fn duration_arithmetic(
        &self,
        op: BinaryOp,
        x: &str,
        l: &Out,
        r: &Out,
    ) -> Option<Result<(Plan, Out), String>> {
        let d = self.p.d;
        Some(Ok(match (op, l, r) {
            (BinaryOp::Add | BinaryOp::Sub, Out::Dur(..), Out::Dur(..)) => {
                let (mut plan, [ma, mb], unit) = self.common_unit(x, l, r);
                plan.extend(exact::add(
                    d,
                    &format!("{x}_t"),
                    (&ma.0, &ma.1),
                    (&mb.0, &mb.1),
                    op == BinaryOp::Sub,
                ));
                plan.push(vec![
                    format!("CASE WHEN ({unit}) IS NOT NULL THEN {x}_t_m END AS {x}_m"),
                    format!("CASE WHEN ({unit}) IS NOT NULL THEN {x}_t_e END AS {x}_e"),
                    format!("{unit} AS {x}_u"),
                ]);
                (
                    plan,
                    Out::Dur(format!("{x}_m"), format!("{x}_e"), format!("{x}_u")),
                )
            }
            // The engine multiplies the amount by the number, whichever side it is on.
            (BinaryOp::Mul, Out::Dur(m, e, u), Out::Num(n, s))
            | (BinaryOp::Mul, Out::Num(n, s), Out::Dur(m, e, u)) => (
                exact::mul(d, x, (m, e), (n, s)),
                Out::Dur(format!("{x}_m"), format!("{x}_e"), u.clone()),
            ),
            // The checker types no other operation on a duration (docs/language.md § 14, E0201).
            (_, Out::Dur(..), _) | (_, _, Out::Dur(..)) => {
                return Some(Err(refuse("ce calcul sur des durées")))
            }
            _ => return None,
        }))
    }
}
