//! Evaluates one case: band, eligibility, named results, the dated payments of each line,
//! totals per contract year and the missions' deadlines.
//!
//! Conventions (docs/evaluation.md): contract year n runs from the (n−1)th anniversary of the
//! signature to the nth (month arithmetic clamps to the month's end); prorating counts the days
//! from the mission's start (included) to the anniversary (excluded) over the days of that
//! contract year; each payment is rounded to the cent, half away from zero, and a balance is
//! the rounded amount due minus the advance paid, so a year's payments add up exactly.

use super::case::Case;
pub use super::common::{anniversary, to_cent};
use super::common::{mission_case, Context};
use super::compiled::{CompiledVersion, Line, Schedule};
use super::pay::{pay_line, Out};
use super::result::*;
use super::worded::pay_line_worded;
use crate::interpret::scenarios::boundary_hypotheses;
use crate::value::{display, french_number, Value};

pub fn evaluate(compiled: &CompiledVersion<'_>, case: &Case, explain: bool) -> Evaluation {
    evaluate_with(compiled, case, explain, Engine::Payments)
}

/// `evaluate`, every line paid year by year by `pay::pay_line`, the engine's reference model
/// (an independent reading of the same rules, with no plan, no counted years, no fast path):
/// what the property tests compare `evaluate` with, field for field, words included.
#[doc(hidden)]
pub fn evaluate_by_year(compiled: &CompiledVersion<'_>, case: &Case, explain: bool) -> Evaluation {
    evaluate_with(compiled, case, explain, Engine::ByYear)
}

/// Which code pays the lines of an evaluation.
#[derive(Clone, Copy, PartialEq)]
enum Engine {
    /// The payment engine (`payments`), as a batch runs it.
    Payments,
    /// The reference model, year by year (`pay::pay_line`).
    ByYear,
}

fn evaluate_with(
    compiled: &CompiledVersion<'_>,
    case: &Case,
    explain: bool,
    engine: Engine,
) -> Evaluation {
    let version = compiled.version;
    let mut notes = Vec::new();
    let mut explanation = Vec::new();

    // Values: from the per-band table when the band is all they need; the same for each base
    // of an amendment (the values in force before its date of effect).
    let context = Context::new(compiled, case, explain);
    let band = context.band();
    let tranche = describe_band(compiled, case, band, &mut notes, &mut explanation);
    explanation.extend(super::criteria::explain_cells(version, case));

    // Eligibility.
    let conditions = context.stages.last().map_or(&[][..], |s| &s.conditions[..]);
    let eligible = conditions.iter().all(|c| *c == Some(true));
    for (condition, holds) in version.conditions.iter().zip(conditions) {
        match holds {
            Some(true) => {}
            Some(false) => notes.push(format!(
                "non éligible : la condition `{}` ({}) n'est pas remplie",
                condition.name,
                condition.label.as_deref().unwrap_or("sans libellé")
            )),
            None => notes.push(format!(
                "la condition `{}` ne peut pas être évaluée : une entrée manque",
                condition.name
            )),
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
            let total = super::totals::annual_total(&context, case, running_only, Some((&mut notes, &mut explanation)));
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
                let (payments, paid_notes) = (&mut versements, &mut notes);
                match engine {
                    Engine::Payments => {
                        pay_line_worded(&context, (case, contract), line, payments, paid_notes);
                    }
                    Engine::ByYear => {
                        let out = Out::Words {
                            payments,
                            notes: paid_notes,
                        };
                        pay_line(&context, case, contract, line, out);
                    }
                }
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
