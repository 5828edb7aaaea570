//! The missions' deadlines for a contract: each `démarrage` and `déploiement` dated from the
//! signature (or, for a mission an amendment adds, from the amendment's date of effect when
//! later) or from the mission's start, and judged at the case's `jusqu_au`.

use super::case::{Case, Contract};
use super::dates::{adding_version, counted_from};
use super::result::DeadlineStatus;
use super::timeline::refusal;
use crate::calendar::add_duration;
use crate::ir::*;
use crate::value::french_date;
use chrono::NaiveDate;
use clause_grammar::ast::Event;

pub(super) fn deadlines(
    version: &Version,
    whole: &Case,
    contract: &Contract,
) -> Vec<DeadlineStatus> {
    let mut out = Vec::new();
    for (id, mission) in version.missions.iter().enumerate() {
        let case = whole.missions.get(id).cloned().unwrap_or_default();
        if !case.engaged {
            continue;
        }
        let adder = adding_version(version, mission);
        if adder.is_some_and(|v| refusal(v, contract.signature).is_some()) {
            continue;
        }
        let counted_from = counted_from(version, mission, contract.signature);
        for (nature, rule, done) in [
            ("démarrage", &mission.start, case.start),
            ("déploiement", &mission.effective, case.effective),
        ] {
            let Some(rule) = rule else { continue };
            let status = |statut: &str, date: Option<NaiveDate>, detail: String| DeadlineStatus {
                mission: mission.name.clone(),
                nature: nature.into(),
                date,
                statut: statut.into(),
                detail,
            };
            match &rule.value {
                DeadlineRule::Free => out.push(status("libre", None, "pas d'échéance".into())),
                DeadlineRule::Unspecified => out.push(status(
                    "non précisée",
                    None,
                    "la version ne la précise pas".into(),
                )),
                DeadlineRule::After { delay, event } => {
                    let from = match event {
                        Event::Signature => Some(counted_from),
                        Event::MissionStart => case.start,
                    };
                    let Some(deadline) =
                        from.and_then(|f| add_duration(f, delay, contract.policy).ok())
                    else {
                        out.push(status(
                            "à venir",
                            None,
                            "la mission n'a pas démarré : l'échéance court de son démarrage".into(),
                        ));
                        continue;
                    };
                    let entry = match done {
                        Some(date) if date <= deadline => status("respectée", Some(deadline), format!("le {} pour une échéance au {}", french_date(date), french_date(deadline))),
                        Some(date) => status("manquée", Some(deadline), format!("le {}, après l'échéance du {}", french_date(date), french_date(deadline))),
                        None if contract.until > deadline && nature == "démarrage" => status("manquée", Some(deadline), format!("non démarrée au {}, échéance dépassée le {}", french_date(contract.until), french_date(deadline))),
                        None if contract.until > deadline => status("non renseignée", Some(deadline), format!("échéance passée le {} : date de déploiement non donnée (`deploiement`)", french_date(deadline))),
                        None => status("à venir", Some(deadline), format!("au plus tard le {}", french_date(deadline))),
                    };
                    out.push(entry);
                }
            }
        }
    }
    out
}
