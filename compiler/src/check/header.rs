//! The header of a version (E08): status, dates in order, sources.

use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::ir::*;
use clause_grammar::ast::Status;

pub(super) fn check_header(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
    let header = &version.header;
    match &header.status {
        None => diagnostics.push(
            Diagnostic::new(
                Code::MissingStatus,
                format!("la version `{}` n'a pas de statut", version.name),
                version.name_span,
                "statut manquant",
            )
            .with_help("ajoutez `statut projet`, `statut proposé` ou `statut signé`"),
        ),
        Some(status) if status.value == Status::Signed && header.signed_on.is_none() => diagnostics
            .push(
                Diagnostic::new(
                    Code::SignedWithoutDate,
                    format!(
                        "la version `{}` est signée mais ne dit pas quand",
                        version.name
                    ),
                    status.origin.span,
                    "statut signé",
                )
                .with_help("ajoutez `signé le AAAA-MM-JJ`"),
            ),
        _ => {}
    }
    // Proposal, signature, publication: each date no earlier than the previous. The entry into
    // force is left out: agreements often apply from the 1st of January of the year they are
    // signed (the ACI MSP of 20 April 2017 applies to all of 2017).
    let dates = [
        ("proposé le", &header.proposed_on),
        ("signé le", &header.signed_on),
        ("publié le", &header.published_on),
    ];
    let mut previous: Option<(&str, &Sourced<chrono::NaiveDate>)> = None;
    for (word, date) in dates {
        let Some(date) = date else { continue };
        if let Some((previous_word, previous_date)) = previous {
            if date.value < previous_date.value {
                diagnostics.push(
                    Diagnostic::new(
                        Code::DatesOutOfOrder,
                        format!(
                            "« {word} {} » précède « {previous_word} {} »",
                            date.value, previous_date.value
                        ),
                        date.origin.span,
                        "date trop tôt",
                    )
                    .with_secondary(previous_date.origin.span, "date précédente"),
                );
            }
        }
        previous = Some((word, date));
    }
    if header.sources.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::MissingSource,
                format!("la version `{}` ne cite aucune source", version.name),
                version.name_span,
                "sans source",
            )
            .with_help(
                "ajoutez `source \"nom du document\"` pour que chaque chiffre puisse être vérifié",
            ),
        );
    }
}
