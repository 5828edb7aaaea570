//! Evaluates one case: band, eligibility, named results, the dated payments of each line,
//! totals per contract year and the missions' deadlines.
//!
//! Conventions (docs/evaluation.md): contract year n runs from the (n−1)th anniversary of the
//! signature to the nth (month arithmetic clamps to the month's end); prorating counts the days
//! from the mission's start (included) to the anniversary (excluded) over the days of that
//! contract year; each payment is rounded to the cent, half away from zero, and a balance is
//! the rounded amount due minus the advance paid, so a year's payments add up exactly.

use super::case::{Case, Contract};
pub use super::common::{anniversary, to_cent};
use super::common::{contract_years, mission_case, shown_money, year_of, Context};
use super::compiled::{split, CompiledVersion, Line, Schedule};
use super::result::*;
use super::timeline::{base_stages, Period, Stage, Timeline};
use crate::interpret::scenarios::boundary_hypotheses;
use crate::interpret::Env;
use crate::value::{display, french_date, french_money, french_number, Value};
use chrono::NaiveDate;
use rust_decimal::Decimal;

pub fn evaluate(compiled: &CompiledVersion<'_>, case: &Case, explain: bool) -> Evaluation {
    let version = compiled.version;
    let mut notes = Vec::new();
    let mut explanation = Vec::new();

    // Values: from the per-band table when the band is all they need; the same for each base
    // of an amendment (the values in force before its date of effect).
    let own = Stage::new(compiled, case.inputs.clone());
    let band = own.band;
    let tranche = describe_band(compiled, case, band, &mut notes, &mut explanation);
    let mut stages = base_stages(compiled, case);
    stages.push(own);
    let context = Context {
        compiled,
        stages,
        explain,
    };

    // Eligibility.
    let mut eligible = true;
    if !version.conditions.is_empty() {
        let mut env = Env::for_inputs(version, case.inputs.clone());
        env.values = context.values().to_vec();
        for condition in &version.conditions {
            match env.eval(&condition.expr) {
                Ok(Value::Bool(true)) => {}
                Ok(_) => {
                    eligible = false;
                    notes.push(format!(
                        "non éligible : la condition `{}` ({}) n'est pas remplie",
                        condition.name,
                        condition.label.as_deref().unwrap_or("sans libellé")
                    ));
                }
                Err(_) => {
                    eligible = false;
                    notes.push(format!(
                        "la condition `{}` ne peut pas être évaluée : une entrée manque",
                        condition.name
                    ));
                }
            }
        }
    }

    let names = |e: usize, v: usize| version.variant_name(e, v);
    let mut resultats = Vec::new();
    for (id, value) in version.values.iter().enumerate() {
        if let Some(Some(Ok(v))) = context.values().get(id) {
            let valeur = match v {
                Value::Money(d) => ResultValue::Money(*d),
                other => ResultValue::Text(display(other, &names)),
            };
            resultats.push(NamedResult {
                nom: value.name.clone(),
                libelle: value.label.clone(),
                valeur,
            });
        }
    }
    if eligible && compiled.has_annual_lines() {
        // One definition with the documents' yearly total: the lines paid every contract year.
        // `total_annuel` counts what this case would be paid (the missions that run);
        // `financement_annee_pleine` every engaged mission in place (OpenFisca's `total_funding`).
        for (name, label, running_only) in [
            ("total_annuel", "Financement annuel : lignes versées chaque année, missions en cours, part variable à l'atteinte de leur première année", true),
            ("financement_annee_pleine", "Financement d'une année pleine : lignes versées chaque année, toutes les missions engagées en place, part variable à l'atteinte de l'année 1", false),
        ] {
            let total = super::totals::annual_total(&context, case, running_only, &mut notes, &mut explanation);
            if let Some(total) = total {
                resultats.push(NamedResult {
                    nom: name.into(),
                    libelle: Some(label.into()),
                    valeur: ResultValue::Money(total),
                });
            }
        }
    }
    super::totals::unused_achievements(version, case, &mut notes);

    let mut versements = Vec::new();
    let mut echeances = Vec::new();
    let mut hypotheses: Vec<String> = Vec::new();
    if let Some(contract) = &case.contract {
        if eligible {
            for line in &context.compiled.lines {
                let before = versements.len();
                let noted = notes.len();
                pay_line(&context, case, contract, line, &mut versements, &mut notes);
                if versements.len() == before && notes.len() == noted {
                    notes.push(unpaid_note(version, case, line));
                }
                if versements.len() > before {
                    for h in &line.hypotheses {
                        if !hypotheses.contains(h) {
                            hypotheses.push(h.clone());
                        }
                    }
                }
            }
        }
        if eligible {
            for id in unpaid_envelopes(version) {
                notes.push(format!(
                    "`{}` n'est pas versé : la ligne n'a pas de règle de versement",
                    version.values[id].name
                ));
            }
        }
        echeances = super::deadlines::deadlines(version, case, contract);
    }
    if let (Some(set), Some(b)) = (compiled.band_set, band) {
        let set = &version.band_sets[set];
        hypotheses.extend(set.bands[b].hypotheses.iter().cloned());
        let value = set
            .dimension
            .and_then(|d| case.inputs.get(d).cloned().flatten());
        if let Some(value) = value.and_then(|v| v.number()) {
            for h in boundary_hypotheses(set, b, value) {
                hypotheses.push(format!("seuil {} : {h}", french_number(value, " ")));
            }
        }
    }
    versements.sort_by_key(|p| (p.date, p.annee, nature_order(p.nature)));
    let totaux_par_annee = super::totals::year_totals(&versements, case.contract.as_ref(), version);
    Evaluation {
        version: version.name.clone(),
        tranche,
        eligible,
        resultats,
        versements,
        totaux_par_annee,
        echeances,
        hypotheses,
        notes,
        explication: if explain { explanation } else { Vec::new() },
    }
}

/// The envelopes without a `versement` (W0211): never paid, which the evaluation notes. The
/// generated evaluators list them as `UNPAID`.
fn unpaid_envelopes(version: &crate::ir::Version) -> impl Iterator<Item = usize> + '_ {
    version.values.iter().enumerate().filter_map(|(id, v)| {
        (v.kind == clause_grammar::ast::ValueKind::Envelope && v.payments.is_empty()).then_some(id)
    })
}

/// Why a line of an eligible contract paid nothing, when its rules noted nothing: nothing
/// unpaid in silence. The generated evaluators say the same (`codegen/runtime`, `unpaid_note`).
fn unpaid_note(version: &crate::ir::Version, case: &Case, line: &Line) -> String {
    let name = &version.values[line.value].name;
    let why = if line.schedule == Schedule::None {
        "la ligne n'a pas de règle de versement".to_string()
    } else {
        match line.mission {
            Some(m) if !mission_case(case, Some(m)).engaged => {
                format!(
                    "la mission `{}` n'est pas engagée",
                    version.missions[m].name
                )
            }
            _ => "aucune de ses échéances ne tombe dans la période évaluée".to_string(),
        }
    };
    format!("`{name}` n'est pas versé : {why}")
}

fn nature_order(nature: Nature) -> u8 {
    match nature {
        Nature::Solde => 0,
        Nature::Variable => 1,
        Nature::Avance => 2,
        Nature::Forfait => 3,
        Nature::Ponctuel => 4,
    }
}

fn describe_band(
    compiled: &CompiledVersion<'_>,
    case: &Case,
    band: Option<usize>,
    notes: &mut Vec<String>,
    explanation: &mut Vec<String>,
) -> Option<String> {
    let set_id = compiled.band_set?;
    let set = &compiled.version.band_sets[set_id];
    let dimension = set.dimension?;
    let Some(value) = case.inputs.get(dimension).cloned().flatten() else {
        notes.push(format!(
            "l'entrée `{}` n'est pas donnée : aucune tranche de `{}` n'est choisie",
            set.dimension_name, set.name
        ));
        return None;
    };
    let shown = value
        .number()
        .map_or_else(|| "?".to_string(), |n| french_number(n, " "));
    match band {
        Some(b) => {
            let chosen = &set.bands[b];
            let range = match chosen.high {
                // Decimals and rates: the range as written (`de plus de 50 % à 80 %`).
                _ if !set.whole => chosen.interval().words(chosen.percent),
                Some(high) => format!(
                    "de {} à {} inclus",
                    french_number(chosen.low, " "),
                    french_number(high, " ")
                ),
                None => format!("à partir de {}", french_number(chosen.low, " ")),
            };
            explanation.push(format!(
                "tranche : {} = {shown}, dans `{}` « {} » ({range})",
                set.dimension_name,
                chosen.name,
                chosen.label.as_deref().unwrap_or(&chosen.name)
            ));
            for h in &chosen.hypotheses {
                explanation.push(format!("  hypothèse de la tranche : {h}"));
            }
            if let Some(n) = value.number() {
                for h in boundary_hypotheses(set, b, n) {
                    explanation.push(format!("  hypothèse du seuil {shown} : {h}"));
                }
            }
            Some(chosen.name.clone())
        }
        None => {
            notes.push(format!(
                "{} = {shown} n'est dans aucune tranche de `{}`",
                set.dimension_name, set.name
            ));
            None
        }
    }
}

struct Payer<'a, 'c, 'v> {
    context: &'a Context<'c, 'v>,
    contract: &'a Contract,
    out: &'a mut Vec<PaymentLine>,
    notes: &'a mut Vec<String>,
    name: &'a str,
}

impl Payer<'_, '_, '_> {
    fn pay(
        &mut self,
        period: &Period<'_>,
        (date, year): (NaiveDate, u32),
        nature: Nature,
        amount: Decimal,
        explanation: Vec<String>,
    ) {
        // Nothing due (a variable part at zero achievement) is not a payment.
        if date > self.contract.until || amount.is_zero() {
            return;
        }
        let version = self.context.version();
        let line = period.line;
        let value = &version.values[line.value];
        self.out.push(PaymentLine {
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
                explanation
            } else {
                Vec::new()
            },
        });
    }

    fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// The amount of a period, when it can be paid: a hole or a negative amount is noted.
    fn usable(&mut self, period: &Period<'_>) -> Option<Decimal> {
        let name = self.name;
        let Some(amount) = period.amount else {
            if period.hole {
                self.note(format!(
                    "`{name}` n'est pas précisé par la version `{}` : aucun versement",
                    period.version
                ));
            }
            return None;
        };
        // An envelope negative for these inputs is not paid (the checker refuses one negative
        // for a band): paying it would be a negative payment.
        if amount.is_sign_negative() && !amount.is_zero() {
            self.note(format!(
                "`{name}` vaut {} pour ce cas : négatif, aucun versement",
                french_money(amount, " ")
            ));
            return None;
        }
        Some(amount)
    }

    /// The period in force on a year's first day, and its amount (the rule of time for a year
    /// that straddles a date of effect: docs/evaluation.md).
    fn on<'p>(
        &mut self,
        timeline: &'p Timeline<'p>,
        day: NaiveDate,
    ) -> Option<(&'p Period<'p>, Decimal)> {
        let period = timeline.at(day)?;
        Some((period, self.usable(period)?))
    }

    /// The amount of the contract year `[start, end)`: the one in force on its first day, or,
    /// when a value taking effect within the year says `au prorata`, each value by its days.
    fn year<'p>(
        &mut self,
        timeline: &'p Timeline<'p>,
        (start, end): (NaiveDate, NaiveDate),
    ) -> Option<(&'p Period<'p>, Decimal, Vec<String>)> {
        let pieces = timeline.within(start, end);
        if !pieces.iter().skip(1).any(|(_, p)| p.prorated) {
            let (period, amount) = self.on(timeline, start)?;
            return Some((period, amount, Vec::new()));
        }
        let total = Decimal::from((end - start).num_days().max(1));
        let mut amount = Decimal::ZERO;
        let mut why = Vec::new();
        for (index, (from, period)) in pieces.iter().enumerate() {
            let until = pieces.get(index + 1).map_or(end, |(next, _)| *next);
            let days = (until - *from).num_days();
            let value = self.usable(period)?;
            amount += value * Decimal::from(days) / total;
            why.push(format!(
                "{} × {days}/{total} jours (du {} au {}, `{}`)",
                shown_money(value),
                french_date(*from),
                french_date(until),
                period.version
            ));
        }
        let (_, last) = pieces.last()?;
        Some((last, amount, why))
    }

    /// A one-off payment whose event falls on `day`: the value in force that day, else, for a
    /// line not yet in force, its first value, paid on its date of effect.
    fn once<'p>(
        &mut self,
        timeline: &'p Timeline<'p>,
        day: NaiveDate,
    ) -> Option<(&'p Period<'p>, Decimal, NaiveDate)> {
        if let Some(period) = timeline.at(day) {
            return Some((period, self.usable(period)?, day));
        }
        let period = timeline.first_after(day)?;
        let from = period.from?;
        self.note(format!(
            "`{}` : l'événement du {} précède la date d'effet de `{}` : versé le {}",
            self.name,
            french_date(day),
            period.version,
            french_date(from)
        ));
        Some((period, self.usable(period)?, from))
    }
}

fn pay_line(
    context: &Context<'_, '_>,
    case: &Case,
    contract: &Contract,
    line: &Line,
    out: &mut Vec<PaymentLine>,
    notes: &mut Vec<String>,
) {
    let version = context.version();
    let name = &version.values[line.value].name;
    let mission = mission_case(case, line.mission);
    if !mission.engaged || line.schedule == Schedule::None {
        return;
    }
    let timeline = Timeline::of(&context.stages, line, Some(contract));
    if let Some(why) = timeline.refusal() {
        notes.push(format!("`{name}` n'est pas versé : {why}"));
        return;
    }
    let years = contract_years(version, contract);
    let signature = contract.signature;
    let mut payer = Payer {
        context,
        contract,
        out,
        notes,
        name,
    };
    let money = shown_money;
    match &line.schedule {
        Schedule::Annual { advance, balance } => {
            for year in 1..=years {
                let (Some(start), Some(end)) = (anniversary(contract, year - 1), anniversary(contract, year)) else { break };
                let Some((period, amount, mut why)) = payer.year(&timeline, (start, end)) else { continue };
                let due = to_cent(amount);
                let paid = to_cent(amount * advance);
                why.push(format!("année {year} : {} × {} = {}", money(amount), pct(*advance), money(paid)));
                payer.pay(period, (start, year), Nature::Avance, paid, why);
                if *balance {
                    payer.pay(period, (end, year), Nature::Solde, due - paid, vec![format!("solde de l'année {year} : {} − {} = {}", money(due), money(paid), money(due - paid))]);
                }
            }
        }
        Schedule::Mission { advance, prorated, balance, variable } => {
            let Some(start) = mission.start else {
                if let Some(m) = line.mission {
                    payer.note(format!("mission `{}` non démarrée au {} : aucun versement pour ses enveloppes", version.missions[m].name, contract.until));
                }
                return;
            };
            let first_year = year_of(contract, start, years);
            if first_year > years {
                payer.note(format!("`{name}` : la mission démarre après la fin du contrat"));
                return;
            }
            for year in first_year..=years {
                let (Some(year_start), Some(year_end)) = (anniversary(contract, year - 1), anniversary(contract, year)) else { break };
                let (paid_from, share, share_text) = if year == first_year && *prorated && start > year_start {
                    let remaining = (year_end - start).num_days();
                    let length = (year_end - year_start).num_days().max(1);
                    let share = Decimal::from(remaining) / Decimal::from(length);
                    (start, share, format!(" × {remaining}/{length} jours (du {} au {})", french_date(start), french_date(year_end)))
                } else {
                    (if year == first_year { start } else { year_start }, Decimal::ONE, String::new())
                };
                let Some((period, amount, _)) = payer.year(&timeline, (paid_from, year_end)) else { continue };
                let (fixed, variable_part) = split(amount, period.line);
                let fixed_due_exact = fixed * share;
                let fixed_due = to_cent(fixed_due_exact);
                let advanced = to_cent(fixed_due_exact * advance);
                let share_of = period.line.fixed_share.map_or_else(String::new, |s| format!(" × part fixe {}", pct(s)));
                payer.pay(period, (paid_from, year), Nature::Avance, advanced, vec![
                    format!("part fixe de l'année {year} : {}{share_of}{share_text} = {}", money(amount), money(fixed_due_exact)),
                    format!("avance : {} × {} = {} (arrondi au centime)", money(fixed_due_exact), pct(*advance), money(advanced)),
                ]);
                if *balance {
                    payer.pay(period, (year_end, year), Nature::Solde, fixed_due - advanced, vec![format!("solde de la part fixe de l'année {year} : {} − {} = {}", money(fixed_due), money(advanced), money(fixed_due - advanced))]);
                }
                if *variable && !variable_part.is_zero() {
                    let (rate, given) = mission.achievement_of(year);
                    let due = to_cent(variable_part * share * rate);
                    let mut why = vec![format!("part variable de l'année {year} : {}{share_text} × atteinte {} = {}", money(variable_part), french_number(rate, " "), money(due))];
                    if !given {
                        why.push(format!("atteinte de l'année {year} non donnée : comptée 0"));
                        if year_end <= contract.until {
                            payer.note(format!("atteinte de l'année {year} non donnée pour `{name}` : part variable comptée 0"));
                        }
                    }
                    payer.pay(period, (year_end, year), Nature::Variable, due, why);
                }
            }
        }
        Schedule::AtSignature => {
            if let Some((period, amount, date)) = payer.once(&timeline, signature) {
                let year = year_of(contract, date, years);
                payer.pay(period, (date, year), Nature::Ponctuel, to_cent(amount), vec![format!("{} à la signature, le {}", money(amount), french_date(date))]);
            }
        }
        Schedule::FirstYear => {
            let date = if line.mission.is_some() { mission.start } else { Some(signature) };
            match date {
                Some(date) => {
                    if let Some((period, amount, date)) = payer.once(&timeline, date) {
                        let year = year_of(contract, date, years);
                        payer.pay(period, (date, year), Nature::Forfait, to_cent(amount), vec![format!("{} la première année, le {}", money(amount), french_date(date))]);
                    }
                }
                None => payer.note(format!("`{name}` : la mission n'a pas démarré, rien n'est versé")),
            }
        }
        Schedule::FollowingYears => {
            let Some(start) = (if line.mission.is_some() { mission.start } else { Some(signature) }) else { return };
            let first_year = year_of(contract, start, years);
            for year in (first_year + 1)..=years {
                let (Some(date), Some(end)) = (anniversary(contract, year - 1), anniversary(contract, year)) else { continue };
                if let Some((period, amount, _)) = payer.year(&timeline, (date, end)) {
                    payer.pay(period, (date, year), Nature::Forfait, to_cent(amount), vec![format!("année {year} : {}", money(amount))]);
                }
            }
        }
        Schedule::EachCrisis => {
            for crisis in &contract.crises {
                let year = year_of(contract, *crisis, years);
                if let Some((period, amount)) = payer.on(&timeline, *crisis) {
                    payer.pay(period, (*crisis, year), Nature::Ponctuel, to_cent(amount), vec![format!("crise déclarée le {} : {}", french_date(*crisis), money(amount))]);
                }
            }
        }
        Schedule::LetterOfIntent => match contract.letter_of_intent {
            Some(date) => {
                if let Some((period, amount, paid_on)) = payer.once(&timeline, date) {
                    let year = if paid_on == date { 0 } else { year_of(contract, paid_on, years) };
                    payer.pay(period, (paid_on, year), Nature::Ponctuel, to_cent(amount), vec![format!("lettre d'intention validée le {} : {}", french_date(date), money(amount))]);
                }
            }
            None => payer.note(format!("`{name}` : date de validation de la lettre d'intention non donnée (`contrat.lettre_intention`), rien n'est versé")),
        },
        Schedule::EachYear => {
            for year in 1..=years {
                let (Some(start), Some(date)) = (anniversary(contract, year - 1), anniversary(contract, year)) else { continue };
                if let Some((period, amount, _)) = payer.year(&timeline, (start, date)) {
                    payer.pay(period, (date, year), Nature::Forfait, to_cent(amount), vec![format!("année {year} : {}", money(amount))]);
                }
            }
        }
        Schedule::VariableOnly => {
            let rate_of = |year: u32| mission.achievement_of(year).0;
            for year in 1..=years {
                let (Some(start), Some(date)) = (anniversary(contract, year - 1), anniversary(contract, year)) else { continue };
                if let Some((period, amount, _)) = payer.year(&timeline, (start, date)) {
                    let due = to_cent(amount * rate_of(year));
                    payer.pay(period, (date, year), Nature::Variable, due, vec![format!("année {year} : {} × atteinte {}", money(amount), french_number(rate_of(year), " "))]);
                }
            }
        }
        Schedule::None => {}
    }
}

fn pct(rate: Decimal) -> String {
    format!("{} %", french_number(rate * Decimal::ONE_HUNDRED, " "))
}
