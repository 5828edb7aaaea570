//! A date moved by a duration in a formula (`ouverture + 6 mois`, `fin - 1 an`, `debut + 45
//! jours`, a value `delai = 6 mois`: `ouverture + delai`, or a computed one: `ouverture + 2 ×
//! delai`), as the engine moves it (compiler/src/calendar.rs, `add_period`): the months
//! first, a day that the month lacks under the version's `dates ambiguës` policy (the month's
//! last day, the next month's first, or an error), then the days; a date outside the years 1
//! to 9999, or a fractional duration, is an error. An error is NULL. A written duration is
//! moved by constants; a computed one by its columns (`moved_by_columns`).

use super::shape::{DAYS, MONTHS, YEARS};
use super::{refuse, Graph, Out};
use clause_compiler::calendar::Period;
use clause_compiler::ir::{Definition, Expr, ExprKind};
use clause_compiler::value::Value;
use clause_grammar::ast::DatePolicy;

/// Beyond these, every move leaves the calendar's years 1 to 9999: NULL without computing it
/// (a SQL engine could stop on an overflow instead).
const MAX_MONTHS: i64 = 12 * 10_000;
const MAX_DAYS: i64 = 366 * 10_000;
/// The days from 0001-01-01 to 9999-12-31: the calendar's last day.
const LAST_DAY: i64 = 3_652_058;

impl Graph<'_, '_> {
    /// `date ± duration` (`None`: `duration` is no duration, as the checker ensures).
    pub(super) fn moved_date(
        &mut self,
        subtract: bool,
        date: &Expr,
        duration: &Expr,
    ) -> Option<Result<(Vec<usize>, Out), String>> {
        if duration.ty != clause_compiler::types::Type::Duration {
            return None;
        }
        let written = match &duration.kind {
            ExprKind::Literal(Value::Duration(written)) => written.clone(),
            // A value that is a written duration (`valeur delai = 6 mois`): its duration.
            ExprKind::Value(v) => match self
                .scope
                .compiled
                .version
                .values
                .get(*v)
                .map(|value| &value.definition)
            {
                Some(Definition::Formula(Expr {
                    kind: ExprKind::Literal(Value::Duration(written)),
                    ..
                })) => written.clone(),
                _ => return Some(self.moved_by_columns(subtract, date, duration)),
            },
            _ => return Some(self.moved_by_columns(subtract, date, duration)),
        };
        Some(self.moved_by(subtract, date, &written))
    }

    fn moved_by(
        &mut self,
        subtract: bool,
        date: &Expr,
        written: &clause_grammar::ast::Duration,
    ) -> Result<(Vec<usize>, Out), String> {
        let (deps, from) = self.expr(date)?;
        // The caller moves a date only (`date ± durée`, typed by the checker).
        let Out::Date(from) = from else {
            return Err(refuse("ce calcul sur une date"));
        };
        let x = self.name();
        let null = "CAST(NULL AS DATE)".to_string();
        let sign = if subtract { -1 } else { 1 };
        let period = Period::of(written);
        let moved = match period {
            Some(period) => {
                let months = period
                    .years
                    .checked_mul(12)
                    .and_then(|m| m.checked_add(period.months))
                    .and_then(|m| m.checked_mul(sign));
                let days = period.days.checked_mul(sign);
                match (months, days) {
                    (Some(months), Some(days))
                        if months.abs() <= MAX_MONTHS && days.abs() <= MAX_DAYS =>
                    {
                        self.move_sql(&from, months, days)
                    }
                    _ => null,
                }
            }
            // A fractional duration: out of the calendar for the engine.
            None => null,
        };
        let id = self.node(deps, vec![vec![format!("{moved} AS {x}_d")]]);
        Ok((vec![id], Out::Date(format!("{x}_d"))))
    }

    /// `date ± duration` for a computed duration: its columns give the months or the days
    /// (`Period::of`: a whole amount, years as 12 months), then the date is moved by them.
    fn moved_by_columns(
        &mut self,
        subtract: bool,
        date: &Expr,
        duration: &Expr,
    ) -> Result<(Vec<usize>, Out), String> {
        let (mut deps, from) = self.expr(date)?;
        let (more, by) = self.expr(duration)?;
        deps.extend(more);
        // The caller moves a date by a duration only (`date ± durée`, typed by the checker).
        let (Out::Date(from), Out::Dur(m, e, u)) = (from, by) else {
            return Err(refuse("ce calcul sur une date"));
        };
        let d = self.p.d;
        let x = self.name();
        let unit = crate::sql::exact::p10(d, &e);
        let sign = if subtract { "-" } else { "" };
        // The whole amount, NULL when fractional (half a month has no date).
        let n = format!(
            "CASE WHEN {m} % {unit} = 0 THEN {sign}{} END",
            d.idiv(&m, &unit)
        );
        // Months and days; NULL past any move that stays in the years 1 to 9999 (the
        // calendar's 3 652 059 days), so that no SQL date overflows on the way.
        let months = format!(
            "CAST(CASE WHEN {u} = {YEARS} AND abs({x}_n) <= {} THEN 12 * {x}_n WHEN {u} = {MONTHS} AND abs({x}_n) <= {MAX_MONTHS} THEN {x}_n WHEN {u} = {DAYS} THEN 0 END AS INTEGER)",
            MAX_MONTHS / 12
        );
        let days = format!(
            "CAST(CASE WHEN {u} = {DAYS} AND abs({x}_n) <= {MAX_DAYS} THEN {x}_n WHEN {u} <> {DAYS} THEN 0 END AS INTEGER)"
        );
        // The month reached, checked before SQL moves the date (the engine's month index).
        let index =
            format!("extract(year FROM {from}) * 12 + extract(month FROM {from}) - 1 + {x}_k");
        let reached = format!(
            "{x}_k IS NOT NULL AND {index} BETWEEN 12 AND {}",
            9999 * 12 + 11
        );
        let by_months =
            self.months_sql(&from, &format!("CASE WHEN {reached} THEN {x}_k ELSE 0 END"));
        let first = "CAST('0001-01-01' AS DATE)";
        let plan = vec![
            vec![format!("{n} AS {x}_n")],
            vec![format!("{months} AS {x}_k"), format!("{days} AS {x}_j")],
            vec![format!("CASE WHEN {reached} THEN {by_months} END AS {x}_o")],
            vec![format!(
                "CASE WHEN {x}_j IS NOT NULL AND CAST({x}_o - {first} AS BIGINT) + {x}_j BETWEEN 0 AND {LAST_DAY} THEN CAST({x}_o + {x}_j AS DATE) END AS {x}_d"
            )],
        ];
        let id = self.node(deps, plan);
        Ok((vec![id], Out::Date(format!("{x}_d"))))
    }

    /// `from` plus `months` months (an SQL integer) under the scope's policy.
    fn months_sql(&self, from: &str, months: &str) -> String {
        let clamped = self.p.d.add_months(from, months);
        // The month lacks the day when the clamped day is earlier than the day moved.
        let short = format!("extract(day FROM {clamped}) < extract(day FROM {from})");
        match self.scope.compiled.version.date_policy() {
            DatePolicy::EndOfMonth => clamped,
            DatePolicy::FirstOfNextMonth => {
                format!("CASE WHEN {short} THEN CAST({clamped} + 1 AS DATE) ELSE {clamped} END")
            }
            DatePolicy::Refuse => format!("CASE WHEN {short} THEN NULL ELSE {clamped} END"),
        }
    }

    /// `from` plus `months` months under the scope's policy, then plus `days` days; NULL
    /// outside the years 1 to 9999.
    fn move_sql(&self, from: &str, months: i64, days: i64) -> String {
        let mut moved = from.to_string();
        if months != 0 {
            moved = self.months_sql(from, &months.to_string());
        }
        if days != 0 {
            moved = format!("CAST({moved} + {days} AS DATE)");
        }
        format!("CASE WHEN extract(year FROM {moved}) BETWEEN 1 AND 9999 THEN {moved} END")
    }
}
