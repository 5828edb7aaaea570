//! The dates an evaluation computes (the contract's end, its anniversaries, the missions'
//! deadlines), each under the version's `dates ambiguës` policy. Under `erreur`, a case whose
//! evaluation would need a date that does not exist is refused before it is evaluated, and the
//! date is named: the refusal is an error of the case (exit 1), never a guess.

use super::timeline::refusal;
use crate::calendar::{self, DateError};
use crate::ir::*;
use chrono::NaiveDate;
use clause_grammar::ast::Event;

/// For a mission an amendment adds, that amendment: its deadlines count from the later of the
/// signature and its date of effect, and its rule of eligibility applies.
pub fn adding_version<'v>(version: &'v Version, mission: &Mission) -> Option<&'v Version> {
    if mission.origin.change != Change::Added {
        return None;
    }
    std::iter::once(version)
        .chain(&version.bases)
        .find(|v| v.name == mission.origin.declared_in)
}

/// The date a mission's `… après signature` deadlines count from.
pub(super) fn counted_from(
    version: &Version,
    mission: &Mission,
    signature: NaiveDate,
) -> NaiveDate {
    adding_version(version, mission)
        .and_then(Version::date_of_effect)
        .map_or(signature, |effect| effect.max(signature))
}

/// The contract's end when the case does not give it: the signature plus the contract's duration.
/// `Ok(None)`: no duration, or a date outside the calendar.
pub fn contract_end(version: &Version, signature: NaiveDate) -> Result<Option<NaiveDate>, String> {
    let Some(duration) = version.header.contract_duration.as_ref() else {
        return Ok(None);
    };
    let policy = version.date_policy();
    // A whole number of years (a contract's duration, mostly): its anniversary, the same date
    // without the month arithmetic (a batch asks for it at every row without `jusqu_au`).
    let years = match calendar::Period::of(&duration.value) {
        Some(calendar::Period {
            years,
            months: 0,
            days: 0,
        }) => u32::try_from(years).ok(),
        _ => None,
    };
    let end = match years {
        Some(years) => calendar::anniversary(signature, years, policy),
        None => calendar::add_duration(signature, &duration.value, policy),
    };
    match end {
        Ok(end) => Ok(Some(end)),
        Err(DateError::OutOfCalendar) => Ok(None),
        Err(ambiguous) => Err(format!("fin du contrat : {}", ambiguous.french())),
    }
}

/// What a case gives of one mission, as far as dates go: engaged, and its start.
pub struct MissionDates {
    pub engaged: bool,
    pub start: Option<NaiveDate>,
}

/// Under `dates ambiguës : erreur`, each date the evaluation of this contract needs that does not
/// exist, as (field, message); empty under the other policies, which always give a date.
pub fn refused(
    version: &Version,
    signature: NaiveDate,
    until: NaiveDate,
    missions: &[MissionDates],
) -> Vec<(String, String)> {
    let policy = version.date_policy();
    let mut out = Vec::new();
    if policy != clause_grammar::ast::DatePolicy::Refuse {
        return out;
    }
    let mut note = |field: String, what: String, result: Result<NaiveDate, DateError>| {
        if let Err(error @ DateError::Ambiguous { .. }) = result {
            out.push((field, format!("{what} : {}", error.french())));
        }
    };
    // Anniversaries: every contract year up to the contract's end (the clamped calendar, which
    // never fails, says how far the years go).
    let mut year = 1;
    while year <= 200 {
        note(
            "contrat.signature".into(),
            format!("anniversaire {year} du contrat"),
            calendar::anniversary(signature, year, policy),
        );
        let reached = calendar::anniversary(signature, year, Default::default()).ok();
        if reached.is_none_or(|a| a >= until) {
            break;
        }
        year += 1;
    }
    for (id, mission) in version.missions.iter().enumerate() {
        let Some(case) = missions.get(id).filter(|m| m.engaged) else {
            continue;
        };
        let adder = adding_version(version, mission);
        if adder.is_some_and(|v| refusal(v, signature).is_some()) {
            continue;
        }
        for (nature, rule) in [
            ("démarrage", &mission.start),
            ("déploiement", &mission.effective),
        ] {
            let Some(DeadlineRule::After { delay, event }) = rule.as_ref().map(|r| &r.value) else {
                continue;
            };
            let (from, field) = match event {
                Event::Signature => (
                    Some(counted_from(version, mission, signature)),
                    "contrat.signature".to_string(),
                ),
                Event::MissionStart => (
                    case.start,
                    format!("contrat.missions.{}.debut", mission.name),
                ),
            };
            if let Some(from) = from {
                note(
                    field,
                    format!("échéance de {nature} de la mission `{}`", mission.name),
                    calendar::add_duration(from, delay, policy),
                );
            }
        }
    }
    out
}
