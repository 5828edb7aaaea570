//! A date moved by a written duration in a formula (`ouverture + 6 mois`, `fin - 1 an`,
//! `debut + 45 jours`, or a value `delai = 6 mois`: `ouverture + delai`), as the engine moves it (compiler/src/calendar.rs, `add_period`): the
//! months first, a day that the month lacks under the version's `dates ambiguës` policy (the
//! month's last day, the next month's first, or an error), then the days; a date outside the
//! years 1 to 9999, or a fractional duration, is an error. An error is NULL.

use super::{refuse, Graph, Out};
use clause_compiler::calendar::Period;
use clause_compiler::ir::{Definition, Expr, ExprKind};
use clause_compiler::value::Value;
use clause_grammar::ast::DatePolicy;

/// Beyond these, every move leaves the calendar's years 1 to 9999: NULL without computing it
/// (a SQL engine could stop on an overflow instead).
const MAX_MONTHS: i64 = 12 * 10_000;
const MAX_DAYS: i64 = 366 * 10_000;

impl Graph<'_, '_> {
    /// `date ± duration` when the duration is written in the formula or is a value written as
    /// a duration; `None` for another duration (refused by the caller).
    pub(super) fn moved_date(
        &mut self,
        subtract: bool,
        date: &Expr,
        duration: &Expr,
    ) -> Option<Result<(Vec<usize>, Out), String>> {
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
                _ => return None,
            },
            _ => return None,
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

    /// `from` plus `months` months under the scope's policy, then plus `days` days; NULL
    /// outside the years 1 to 9999.
    fn move_sql(&self, from: &str, months: i64, days: i64) -> String {
        let d = self.p.d;
        let mut moved = from.to_string();
        if months != 0 {
            let clamped = d.add_months(from, &months.to_string());
            // The month lacks the day when the clamped day is earlier than the day moved.
            let short = format!("extract(day FROM {clamped}) < extract(day FROM {from})");
            moved = match self.scope.compiled.version.date_policy() {
                DatePolicy::EndOfMonth => clamped,
                DatePolicy::FirstOfNextMonth => {
                    format!("CASE WHEN {short} THEN CAST({clamped} + 1 AS DATE) ELSE {clamped} END")
                }
                DatePolicy::Refuse => format!("CASE WHEN {short} THEN NULL ELSE {clamped} END"),
            };
        }
        if days != 0 {
            moved = format!("CAST({moved} + {days} AS DATE)");
        }
        format!("CASE WHEN extract(year FROM {moved}) BETWEEN 1 AND 9999 THEN {moved} END")
    }
}
