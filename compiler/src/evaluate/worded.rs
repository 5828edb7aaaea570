//! The worded view of the payment engine: `--case` and `--explain` pay each line with the
//! engine a batch runs (`payments::pay_planned`), from the case's own periods, and this sink
//! turns each payment into a `PaymentLine` (rule, version, source, citations, explanation) and
//! each of the engine's reasons into a note. A line of more than 32 periods, which the engine
//! does not hold, is worded by `pay::pay_line`.

use super::case::{Case, Contract};
use super::common::Context;
use super::compiled::Line;
use super::pay::{pay_line, Out};
use super::payments::{pay_planned, LinePeriods};
use super::plan::periods_of_case;
use super::plans::PlanPeriod;
use super::result::{Nature, PaymentLine};
use super::sink::{Sink, Years};
use super::timeline::{Period, Timeline};
use crate::ir::Version;
use crate::value::french_money;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Pays one line of a contract into the evaluation's `payments` and `notes`.
pub(super) fn pay_line_worded(
    context: &Context<'_, '_>,
    (case, contract): (&Case, &Contract),
    line: &Line,
    payments: &mut Vec<PaymentLine>,
    notes: &mut Vec<String>,
) {
    let timeline = Timeline::of(&context.stages, line, Some(contract));
    let (Some(calendar), Some((periods, mask))) = (&context.calendar, periods_of_case(&timeline))
    else {
        return pay_line(
            context,
            case,
            contract,
            line,
            Out::Words { payments, notes },
        );
    };
    let version = context.version();
    let mut out = Worded {
        version,
        line,
        timeline: &timeline,
        periods: &periods,
        until: contract.until,
        explain: context.explain,
        payments,
        notes,
    };
    let line = LinePeriods::of_case(version, line, &periods, mask);
    pay_planned((case, contract, calendar), line, &mut out);
}

/// The sink of a worded evaluation: one line's payments and notes.
struct Worded<'a, 't> {
    version: &'a Version,
    line: &'a Line,
    /// The line's periods in words, index for index with `periods`.
    timeline: &'a Timeline<'t>,
    periods: &'a [PlanPeriod],
    until: NaiveDate,
    explain: bool,
    payments: &'a mut Vec<PaymentLine>,
    notes: &'a mut Vec<String>,
}

impl<'t> Worded<'_, 't> {
    /// The period in words of a period the engine pays (`periods_of_case` reads them in order).
    fn words_of(&self, period: &PlanPeriod) -> Option<&Period<'t>> {
        let index = self.periods.iter().position(|p| std::ptr::eq(p, period))?;
        self.timeline.periods.get(index)
    }

    fn name(&self) -> &str {
        &self.version.values[self.line.value].name
    }
}

impl Sink for Worded<'_, '_> {
    const WORDS: bool = true;

    fn pay(
        &mut self,
        (date, year): (NaiveDate, u32),
        cents: i128,
        nature: Nature,
        period: &PlanPeriod,
        why: impl FnOnce(&Period<'_>, &[Period<'_>]) -> Vec<String>,
    ) {
        // Nothing due (a variable part at zero achievement) is not a payment.
        if date > self.until || cents == 0 {
            return;
        }
        let Some(words) = self.words_of(period).copied() else {
            return;
        };
        let value = &self.version.values[self.line.value];
        let payment = PaymentLine {
            date,
            annee: year,
            ligne: value.name.clone(),
            libelle: value.label.clone(),
            nature,
            amount: Decimal::from_i128_with_scale(cents, 2),
            regle: words.line.rule.clone(),
            version: words.version.to_string(),
            source: words.provenance.to_string(),
            citations: words.citations.to_vec(),
            hypotheses: words.line.hypotheses.clone(),
            explication: if self.explain {
                why(&words, &self.timeline.periods)
            } else {
                Vec::new()
            },
        };
        self.payments.push(payment);
    }

    fn note(&mut self, note: impl FnOnce() -> String) {
        let note = note();
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    fn note_on(&mut self, period: &PlanPeriod, note: impl FnOnce(&Period<'_>) -> String) {
        if let Some(words) = self.words_of(period).copied() {
            self.note(|| note(&words));
        }
    }

    fn unusable(&mut self, period: &PlanPeriod) {
        let Some(words) = self.words_of(period).copied() else {
            return;
        };
        let name = self.name().to_string();
        match words.amount {
            None if words.hole => self.note(|| {
                format!(
                    "`{name}` n'est pas précisé par la version `{}` : aucun versement",
                    words.version
                )
            }),
            // An envelope negative for these inputs is not paid (the checker refuses one
            // negative for a band): paying it would be a negative payment.
            Some(amount) if amount.is_sign_negative() && !amount.is_zero() => self.note(|| {
                format!(
                    "`{name}` vaut {} pour ce cas : négatif, aucun versement",
                    french_money(amount, " ")
                )
            }),
            _ => {}
        }
    }

    fn refused(&mut self) {
        if let Some(why) = self.timeline.refusal() {
            let name = self.name();
            self.notes.push(format!("`{name}` n'est pas versé : {why}"));
        }
    }

    fn until(&self) -> NaiveDate {
        self.until
    }

    fn years(&mut self) -> Option<Years<'_>> {
        None
    }
}
