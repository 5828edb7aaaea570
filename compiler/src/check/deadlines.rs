//! The missions' deadlines (E05): start before effective deployment, within the contract, each
//! given once, a mandatory mission's given.

use super::is_signed;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Edit};
use crate::ir::*;
use crate::source_db::SourceDb;
use clause_grammar::ast::{Duration, DurationUnit, Event, MissionKind};
use clause_grammar::Span;
use rust_decimal::Decimal;

/// A deadline's bounds in days after signature: durations in months span 28 to 31 days each,
/// so two deadlines in different units are compared only when the order is certain.
fn days_range(duration: &Duration) -> (Decimal, Decimal) {
    let a = duration.amount;
    match duration.unit {
        DurationUnit::Days => (a, a),
        DurationUnit::Months => (a * Decimal::from(28), a * Decimal::from(31)),
        DurationUnit::Years => (a * Decimal::from(365), a * Decimal::from(366)),
    }
}

fn definitely_after(a: &Duration, b: &Duration) -> bool {
    if a.unit == b.unit {
        return a.amount > b.amount;
    }
    let months = |d: &Duration| match d.unit {
        DurationUnit::Years => Some(d.amount * Decimal::from(12)),
        DurationUnit::Months => Some(d.amount),
        DurationUnit::Days => None,
    };
    if let (Some(x), Some(y)) = (months(a), months(b)) {
        return x > y;
    }
    days_range(a).0 > days_range(b).1
}

fn plus(a: &Duration, b: &Duration) -> Option<Duration> {
    if a.unit == b.unit {
        return Some(Duration {
            amount: a.amount + b.amount,
            unit: a.unit,
        });
    }
    let months = |d: &Duration| match d.unit {
        DurationUnit::Years => Some(d.amount * Decimal::from(12)),
        DurationUnit::Months => Some(d.amount),
        DurationUnit::Days => None,
    };
    Some(Duration {
        amount: months(a)? + months(b)?,
        unit: DurationUnit::Months,
    })
}

pub(super) fn check_deadlines(
    version: &Version,
    sources: &SourceDb,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for mission in &version.missions {
        for span in &mission.duplicate_deadlines {
            diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateDeadline,
                    format!(
                        "la mission `{}` donne deux fois la même échéance",
                        mission.name
                    ),
                    *span,
                    "échéance répétée",
                )
                .with_secondary(mission.name_span, "mission")
                .with_help("gardez une seule ligne `démarrage` et une seule ligne `déploiement`"),
            );
        }
    }
    let contract = version.header.contract_duration.as_ref();
    for mission in &version.missions {
        let start = mission.start.as_ref();
        let effective = mission.effective.as_ref();
        let after_signature = |d: Option<&Sourced<DeadlineRule>>| match d.map(|d| &d.value) {
            Some(DeadlineRule::After {
                delay,
                event: Event::Signature,
            }) => Some(delay.clone()),
            _ => None,
        };
        let start_delay = after_signature(start);
        // The effective deadline counted from signature, when it can be.
        let effective_delay = match effective.map(|d| &d.value) {
            Some(DeadlineRule::After {
                delay,
                event: Event::Signature,
            }) => Some(delay.clone()),
            Some(DeadlineRule::After {
                delay,
                event: Event::MissionStart,
            }) => start_delay.as_ref().and_then(|s| plus(s, delay)),
            _ => None,
        };
        if let (Some(s), Some(e), Some(start), Some(effective)) =
            (&start_delay, &effective_delay, start, effective)
        {
            if definitely_after(s, e) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::DeadlineOrder,
                        format!("la mission `{}` doit démarrer au plus tard {} après signature, après son déploiement ({})", mission.name, crate::value::french_duration(s), crate::value::french_duration(e)),
                        start.origin.span,
                        format!("démarrage : {}", crate::value::french_duration(s)),
                    )
                    .with_secondary(effective.origin.span, format!("déploiement : {}", crate::value::french_duration(e)))
                    .with_help("le démarrage précède le déploiement effectif : vérifiez l'ordre des deux durées")
                    .with_fix("échanger les deux échéances", swap_edits(start.origin.span, effective.origin.span, sources)),
                );
            }
        }
        if let Some(contract) = contract {
            for (delay, deadline) in [
                (start_delay.as_ref(), start),
                (effective_delay.as_ref(), effective),
            ] {
                let (Some(delay), Some(deadline)) = (delay, deadline) else {
                    continue;
                };
                if definitely_after(delay, &contract.value) {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::DeadlineBeyondContract,
                            format!("l'échéance de `{}` ({} après signature) dépasse la durée du contrat ({})", mission.name, crate::value::french_duration(delay), crate::value::french_duration(&contract.value)),
                            deadline.origin.span,
                            "après la fin du contrat",
                        )
                        .with_secondary(contract.origin.span, "durée du contrat"),
                    );
                }
            }
        }
        if mission.kind == MissionKind::Mandatory && is_signed(version) {
            let missing: Vec<&str> = [("démarrage", start), ("déploiement", effective)]
                .iter()
                .filter(|(_, d)| d.is_none())
                .map(|(w, _)| *w)
                .collect();
            if !missing.is_empty() {
                diagnostics.push(
                    Diagnostic::new(Code::MissingDeadline, format!("la mission socle `{}` n'a pas d'échéance de {}", mission.name, missing.join(" ni de ")), mission.name_span, "sans échéance")
                        .with_help(format!("ajoutez `{} au plus tard … après signature` (ou `libre`, ou `non précisé`)", missing[0])),
                );
            }
        }
    }
}

/// Edits swapping the texts of two deadlines (`au plus tard 18 mois …` ↔ `au plus tard 6 mois …`).
fn swap_edits(start: Span, effective: Span, sources: &SourceDb) -> Vec<Edit> {
    let text = |span: Span| {
        sources
            .text(span.file)
            .get(span.start..span.end)
            .unwrap_or_default()
            .to_string()
    };
    vec![
        Edit {
            span: start,
            replacement: text(effective),
        },
        Edit {
            span: effective,
            replacement: text(start),
        },
    ]
}
