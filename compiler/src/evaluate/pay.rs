//! The payments of a dated case, line by line: the one engine behind `--case`, `--explain` and
//! `--cases`. It computes numbers (the period in force, the amount of a contract year, the
//! advance, the balance, the variable part, each rounded to the cent) and hands each payment to
//! an `Out`: the totals per contract year of a batch, or the worded lines of an evaluation.
//! The words (rule, explanation, notes) are closures, called only by the worded output.

use super::case::{Case, Contract};
use super::cents::{cent_product_in_cents, in_cents, rounded_product_in_cents};
use super::common::{cent_product, mission_case, percent, shown_money, to_cent, Calendar, Context};
use super::compiled::{split, Line, Schedule};
use super::prorated::{day_share, FirstYear};
use super::result::{Nature, PaymentLine};
use super::timeline::{Period, Timeline};
use crate::value::{french_date, french_money, french_number};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Where the payments go.
pub(super) enum Out<'a> {
    /// The evaluation's lines and notes, in words.
    Words {
        payments: &'a mut Vec<PaymentLine>,
        notes: &'a mut Vec<String>,
    },
    /// The cents paid in each contract year (index 0: before the first year), nothing else.
    Years(&'a mut [i128]),
}

struct Payer<'a, 'c, 'v> {
    context: &'a Context<'c, 'v>,
    contract: &'a Contract,
    out: Out<'a>,
    name: &'a str,
    value: &'a crate::ir::ValueItem,
}

impl Payer<'_, '_, '_> {
    fn pay(
        &mut self,
        period: &Period<'_>,
        (date, year): (NaiveDate, u32),
        nature: Nature,
        amount: Decimal,
        explanation: impl FnOnce() -> Vec<String>,
    ) {
        // Nothing due (a variable part at zero achievement) is not a payment.
        if date > self.contract.until || amount.is_zero() {
            return;
        }
        let payments = match &mut self.out {
            Out::Years(years) => {
                if let Some(total) = years.get_mut(year as usize) {
                    *total += in_cents(amount);
                }
                return;
            }
            Out::Words { payments, .. } => payments,
        };
        // The line's name and label in this version (the period's own line, an earlier
        // version's, numbers its values in that version); its rule and hypotheses the period's.
        let value = self.value;
        let line = period.line;
        payments.push(PaymentLine {
            date,
            annee: year,
            ligne: value.name.clone(),
            libelle: value.label.clone(),
            nature,
            amount,
            regle: line.rule.clone(),
            version: period.version.to_string(),
            source: period.provenance.to_string(),
            citations: period.citations.to_vec(),
            hypotheses: line.hypotheses.clone(),
            explication: if self.context.explain {
                explanation()
            } else {
                Vec::new()
            },
        });
    }

    /// `pay`, for an amount whose cents are known (`Parts`, the memo of first years): the batch
    /// adds them without the `Decimal`.
    fn pay_known(
        &mut self,
        period: &Period<'_>,
        when: (NaiveDate, u32),
        nature: Nature,
        (amount, cents): (Decimal, Option<i128>),
        explanation: impl FnOnce() -> Vec<String>,
    ) {
        match cents {
            Some(cents) if !self.words() => self.add_cents(when, cents),
            _ => self.pay(period, when, nature, amount, explanation),
        }
    }

    /// What `pay` adds to a batch's years for a payment of `cents`.
    fn add_cents(&mut self, (date, year): (NaiveDate, u32), cents: i128) {
        if let Out::Years(years) = &mut self.out {
            if date > self.contract.until || cents == 0 {
                return;
            }
            if let Some(total) = years.get_mut(year as usize) {
                *total += cents;
            }
        }
    }

    /// Whether the output wants words.
    fn words(&self) -> bool {
        matches!(self.out, Out::Words { .. })
    }

    fn note(&mut self, note: impl FnOnce() -> String) {
        if let Out::Words { notes, .. } = &mut self.out {
            let note = note();
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
    }

    /// The amount of a period, when it can be paid: a hole or a negative amount is noted.
    fn usable(&mut self, period: &Period<'_>) -> Option<Decimal> {
        let name = self.name;
        let Some(amount) = period.amount else {
            if period.hole {
                self.note(|| {
                    format!(
                        "`{name}` n'est pas précisé par la version `{}` : aucun versement",
                        period.version
                    )
                });
            }
            return None;
        };
        // An envelope negative for these inputs is not paid (the checker refuses one negative
        // for a band): paying it would be a negative payment.
        if amount.is_sign_negative() && !amount.is_zero() {
            self.note(|| {
                format!(
                    "`{name}` vaut {} pour ce cas : négatif, aucun versement",
                    french_money(amount, " ")
                )
            });
            return None;
        }
        Some(amount)
    }

    /// The period in force on a year's first day, and its amount (the rule of time for a year
    /// that straddles a date of effect: docs/evaluation.md).
    fn on<'p, 't>(
        &mut self,
        timeline: &'p Timeline<'t>,
        day: NaiveDate,
    ) -> Option<(&'p Period<'t>, Decimal)> {
        let period = timeline.at(day)?;
        Some((period, self.usable(period)?))
    }

    /// The amount of the contract year `[start, end)`: the one in force on its first day, or,
    /// when a value taking effect within the year says `au prorata`, each value by its days.
    /// `Whole`: the amount is the period's own (its parts, computed once, apply).
    fn year<'p, 't>(
        &mut self,
        timeline: &'p Timeline<'t>,
        (start, end): (NaiveDate, NaiveDate),
    ) -> Option<(&'p Period<'t>, Decimal, Vec<String>, bool)> {
        // Most lines have no `au prorata` value: the year's first day decides, nothing to list.
        let pieces = if timeline.periods.iter().any(|p| p.prorated) {
            timeline.within(start, end)
        } else {
            Vec::new()
        };
        if !pieces.iter().skip(1).any(|(_, p)| p.prorated) {
            let (period, amount) = self.on(timeline, start)?;
            return Some((period, amount, Vec::new(), true));
        }
        let total = Decimal::from((end - start).num_days().max(1));
        let mut amount = Decimal::ZERO;
        let mut why = Vec::new();
        for (index, (from, period)) in pieces.iter().enumerate() {
            let until = pieces.get(index + 1).map_or(end, |(next, _)| *next);
            let days = (until - *from).num_days();
            let value = self.usable(period)?;
            amount += value * Decimal::from(days) / total;
            if self.words() {
                why.push(format!(
                    "{} × {days}/{total} jours (du {} au {}, `{}`)",
                    shown_money(value),
                    french_date(*from),
                    french_date(until),
                    period.version
                ));
            }
        }
        let (_, last) = pieces.last()?;
        Some((last, amount, why, false))
    }

    /// A one-off payment whose event falls on `day`: the value in force that day, else, for a
    /// line not yet in force, its first value, paid on its date of effect.
    fn once<'p, 't>(
        &mut self,
        timeline: &'p Timeline<'t>,
        day: NaiveDate,
    ) -> Option<(&'p Period<'t>, Decimal, NaiveDate)> {
        if let Some(period) = timeline.at(day) {
            return Some((period, self.usable(period)?, day));
        }
        let period = timeline.first_after(day)?;
        let from = period.from?;
        let name = self.name;
        self.note(|| {
            format!(
                "`{name}` : l'événement du {} précède la date d'effet de `{}` : versé le {}",
                french_date(day),
                period.version,
                french_date(from)
            )
        });
        Some((period, self.usable(period)?, from))
    }
}

/// Pays one line of a contract into `out`.
pub(super) fn pay_line(
    context: &Context<'_, '_>,
    case: &Case,
    contract: &Contract,
    line: &Line,
    out: Out<'_>,
) {
    let version = context.version();
    let name = &version.values[line.value].name;
    let mission = mission_case(case, line.mission);
    if !mission.engaged || line.schedule == Schedule::None {
        return;
    }
    let timeline = Timeline::of(&context.stages, line, Some(contract));
    if let Some(why) = timeline.refusal() {
        if let Out::Words { notes, .. } = out {
            notes.push(format!("`{name}` n'est pas versé : {why}"));
        }
        return;
    }
    let owned;
    let calendar = match &context.calendar {
        Some(calendar) => calendar,
        None => {
            owned = Calendar::of(version, contract);
            &owned
        }
    };
    let years = calendar.years;
    let signature = contract.signature;
    let mut payer = Payer {
        context,
        contract,
        out,
        name,
        value: &version.values[line.value],
    };
    let money = shown_money;
    match &line.schedule {
        Schedule::Annual { advance, balance } => {
            for year in 1..=years {
                let (Some(start), Some(end)) = (calendar.anniversary(contract, year - 1), calendar.anniversary(contract, year)) else { break };
                let Some((period, amount, mut why, whole)) = payer.year(&timeline, (start, end)) else { continue };
                let (due, paid, rest, cents) = match period.parts.as_ref().filter(|_| whole) {
                    Some(p) => (p.due, p.advanced, p.balance, Some((p.advanced_cents, p.balance_cents))),
                    None => {
                        let (due, paid) = (to_cent(amount), cent_product(amount, *advance));
                        (due, paid, due - paid, None)
                    }
                };
                payer.pay_known(period, (start, year), Nature::Avance, (paid, cents.map(|c| c.0)), move || {
                    why.push(format!("année {year} : {} × {} = {}", money(amount), percent(*advance), money(paid)));
                    why
                });
                if *balance {
                    payer.pay_known(period, (end, year), Nature::Solde, (rest, cents.map(|c| c.1)), || vec![format!("solde de l'année {year} : {} − {} = {}", money(due), money(paid), money(rest))]);
                }
            }
        }
        Schedule::Mission { advance, prorated, balance, variable } => {
            let Some(start) = mission.start else {
                if let Some(m) = line.mission {
                    payer.note(|| format!("mission `{}` non démarrée au {} : aucun versement pour ses enveloppes", version.missions[m].name, contract.until));
                }
                return;
            };
            let first_year = calendar.year_of(contract, start);
            if first_year > years {
                payer.note(|| format!("`{name}` : la mission démarre après la fin du contrat"));
                return;
            }
            for year in first_year..=years {
                let (Some(year_start), Some(year_end)) = (calendar.anniversary(contract, year - 1), calendar.anniversary(contract, year)) else { break };
                let (paid_from, share, days) = if year == first_year && *prorated && start > year_start {
                    let remaining = (year_end - start).num_days();
                    let length = (year_end - year_start).num_days().max(1);
                    let share = day_share(remaining, length);
                    (start, share, Some((remaining, length)))
                } else {
                    (if year == first_year { start } else { year_start }, Decimal::ONE, None)
                };
                let share_text = move || days.map_or_else(String::new, |(remaining, length)| format!(" × {remaining}/{length} jours (du {} au {})", french_date(start), french_date(year_end)));
                let Some((period, amount, _, whole)) = payer.year(&timeline, (paid_from, year_end)) else { continue };
                let parts = period.parts.as_ref().filter(|_| whole);
                let (fixed, variable_part) = parts.map_or_else(|| split(amount, period.line), |p| (p.fixed, p.variable));
                // A share of one (no proration) multiplies nothing: the same bits, no product.
                // A prorated first year of a band's amount: its products from the line's memo.
                let first = match (parts, days, period.first_years) {
                    (Some(_), Some(days), Some(memo)) => memo.get(days, || FirstYear::of(fixed, variable_part, *advance, share)),
                    _ => None,
                };
                let (fixed_due_exact, fixed_due, advanced, rest, cents) = match (parts.filter(|_| days.is_none()), first) {
                    (Some(p), _) => (fixed, p.fixed_due, p.advanced, p.balance, Some((p.advanced_cents, p.balance_cents))),
                    (None, Some(f)) => (f.fixed, f.fixed_due, f.advanced, f.balance, Some((f.advanced_cents, f.balance_cents))),
                    (None, None) => {
                        let exact = if days.is_some() { fixed * share } else { fixed };
                        let (fixed_due, advanced) = (to_cent(exact), cent_product(exact, *advance));
                        (exact, fixed_due, advanced, fixed_due - advanced, None)
                    }
                };
                let share_of = || period.line.fixed_share.map_or_else(String::new, |s| format!(" × part fixe {}", percent(s)));
                payer.pay_known(period, (paid_from, year), Nature::Avance, (advanced, cents.map(|c| c.0)), || vec![
                    format!("part fixe de l'année {year} : {}{}{} = {}", money(amount), share_of(), share_text(), money(fixed_due_exact)),
                    format!("avance : {} × {} = {} (arrondi au centime)", money(fixed_due_exact), percent(*advance), money(advanced)),
                ]);
                if *balance {
                    payer.pay_known(period, (year_end, year), Nature::Solde, (rest, cents.map(|c| c.1)), || vec![format!("solde de la part fixe de l'année {year} : {} − {} = {}", money(fixed_due), money(advanced), money(rest))]);
                }
                if *variable && !variable_part.is_zero() {
                    let (rate, given) = mission.achievement_of(year);
                    let due_of = || match first {
                        Some(first) => to_cent(first.variable * rate),
                        None if days.is_some() => to_cent(variable_part * share * rate),
                        None => cent_product(variable_part, rate),
                    };
                    if !payer.words() {
                        // A whole year's variable part, or a prorated first year's from the memo, in
                        // cents on integers; else from its `Decimal`.
                        let cents = match (days, first) {
                            (None, _) => cent_product_in_cents(variable_part, rate),
                            (Some(_), Some(first)) => rounded_product_in_cents(first.variable, rate),
                            (Some(_), None) => None,
                        };
                        payer.add_cents((year_end, year), cents.unwrap_or_else(|| in_cents(due_of())));
                        continue;
                    }
                    let due = due_of();
                    if !given && year_end <= contract.until {
                        payer.note(|| format!("atteinte de l'année {year} non donnée pour `{name}` : part variable comptée 0"));
                    }
                    payer.pay(period, (year_end, year), Nature::Variable, due, || {
                        let mut why = vec![format!("part variable de l'année {year} : {}{} × atteinte {} = {}", money(variable_part), share_text(), french_number(rate, " "), money(due))];
                        if !given {
                            why.push(format!("atteinte de l'année {year} non donnée : comptée 0"));
                        }
                        why
                    });
                }
            }
        }
        Schedule::AtSignature => {
            if let Some((period, amount, date)) = payer.once(&timeline, signature) {
                let year = calendar.year_of(contract, date);
                payer.pay(period, (date, year), Nature::Ponctuel, to_cent(amount), || vec![format!("{} à la signature, le {}", money(amount), french_date(date))]);
            }
        }
        Schedule::FirstYear => {
            let date = if line.mission.is_some() { mission.start } else { Some(signature) };
            match date {
                Some(date) => {
                    if let Some((period, amount, date)) = payer.once(&timeline, date) {
                        let year = calendar.year_of(contract, date);
                        payer.pay(period, (date, year), Nature::Forfait, to_cent(amount), || vec![format!("{} la première année, le {}", money(amount), french_date(date))]);
                    }
                }
                None => payer.note(|| format!("`{name}` : la mission n'a pas démarré, rien n'est versé")),
            }
        }
        Schedule::FollowingYears => {
            let Some(start) = (if line.mission.is_some() { mission.start } else { Some(signature) }) else { return };
            let first_year = calendar.year_of(contract, start);
            for year in (first_year + 1)..=years {
                let (Some(date), Some(end)) = (calendar.anniversary(contract, year - 1), calendar.anniversary(contract, year)) else { continue };
                if let Some((period, amount, _, _)) = payer.year(&timeline, (date, end)) {
                    payer.pay(period, (date, year), Nature::Forfait, to_cent(amount), || vec![format!("année {year} : {}", money(amount))]);
                }
            }
        }
        Schedule::EachCrisis => {
            for crisis in &contract.crises {
                let year = calendar.year_of(contract, *crisis);
                if let Some((period, amount)) = payer.on(&timeline, *crisis) {
                    payer.pay(period, (*crisis, year), Nature::Ponctuel, to_cent(amount), || vec![format!("crise déclarée le {} : {}", french_date(*crisis), money(amount))]);
                }
            }
        }
        Schedule::LetterOfIntent => match contract.letter_of_intent {
            Some(date) => {
                if let Some((period, amount, paid_on)) = payer.once(&timeline, date) {
                    let year = if paid_on == date { 0 } else { calendar.year_of(contract, paid_on) };
                    payer.pay(period, (paid_on, year), Nature::Ponctuel, to_cent(amount), || vec![format!("lettre d'intention validée le {} : {}", french_date(date), money(amount))]);
                }
            }
            None => payer.note(|| format!("`{name}` : date de validation de la lettre d'intention non donnée (`contrat.lettre_intention`), rien n'est versé")),
        },
        Schedule::EachYear => {
            for year in 1..=years {
                let (Some(start), Some(date)) = (calendar.anniversary(contract, year - 1), calendar.anniversary(contract, year)) else { continue };
                if let Some((period, amount, _, _)) = payer.year(&timeline, (start, date)) {
                    payer.pay(period, (date, year), Nature::Forfait, to_cent(amount), || vec![format!("année {year} : {}", money(amount))]);
                }
            }
        }
        Schedule::VariableOnly => {
            let rate_of = |year: u32| mission.achievement_of(year).0;
            for year in 1..=years {
                let (Some(start), Some(date)) = (calendar.anniversary(contract, year - 1), calendar.anniversary(contract, year)) else { continue };
                if let Some((period, amount, _, _)) = payer.year(&timeline, (start, date)) {
                    let due = cent_product(amount, rate_of(year));
                    payer.pay(period, (date, year), Nature::Variable, due, || vec![format!("année {year} : {} × atteinte {}", money(amount), french_number(rate_of(year), " "))]);
                }
            }
        }
        Schedule::None => {}
    }
}
