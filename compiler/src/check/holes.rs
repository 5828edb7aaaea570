//! `non précisé` values: an error in a signed version (E0610), a warning otherwise (W0611).

use super::is_signed;
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::ir::*;
use clause_grammar::ast::Status;
use clause_grammar::Span;

fn hole(version: &Version, span: Span, what: String) -> Diagnostic {
    if is_signed(version) {
        Diagnostic::new(Code::HoleInSigned, format!("{what} n'est pas précisé dans une version signée"), span, "non précisé")
            .with_help("une version signée donne toutes ses valeurs : écrivez le montant ou l'échéance du texte signé")
    } else {
        Diagnostic::new(
            Code::HoleInDraft,
            format!("{what} n'est pas précisé"),
            span,
            "non précisé",
        )
        .with_note(format!(
            "la version `{}` est au statut {} : la valeur manquera aux documents et aux calculs",
            version.name,
            version.status().map_or("inconnu", Status::french)
        ))
    }
}

pub(super) fn check_holes(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
    for value in &version.values {
        if let Definition::Table {
            band_set, entries, ..
        } = &value.definition
        {
            for (index, entry) in entries.iter().enumerate() {
                if let Entry::Hole(span) = entry {
                    let band = version.band_sets[*band_set]
                        .bands
                        .get(index)
                        .map_or("?", |b| b.name.as_str());
                    diagnostics.push(hole(
                        version,
                        *span,
                        format!("le montant de `{}` pour `{band}`", value.name),
                    ));
                }
            }
        }
    }
    for value in &version.values {
        match &value.definition {
            Definition::Grid(grid) => {
                let rows = grid.axes.rows.keys(version);
                let columns = grid.axes.columns.keys(version);
                for (index, entry) in grid.cells.iter().enumerate() {
                    if let Entry::Hole(span) = entry {
                        let key =
                            |keys: &[String], k: usize| keys.get(k).cloned().unwrap_or_default();
                        let (row, column) =
                            (index / grid.columns.max(1), index % grid.columns.max(1));
                        let cell = format!("`{}` × `{}`", key(&rows, row), key(&columns, column));
                        let what = format!("le montant de `{}` pour {cell}", value.name);
                        diagnostics.push(hole(version, *span, what));
                    }
                }
            }
            Definition::Rules(table) => {
                for (k, rule) in table.rules.iter().enumerate() {
                    if let Entry::Hole(span) = &rule.value {
                        let what = format!("la valeur de `{}` pour la règle {}", value.name, k + 1);
                        diagnostics.push(hole(version, *span, what));
                    }
                }
            }
            _ => {}
        }
    }
    for mission in &version.missions {
        for (word, deadline) in [
            ("le démarrage", &mission.start),
            ("le déploiement", &mission.effective),
        ] {
            if let Some(Sourced {
                value: DeadlineRule::Unspecified,
                origin,
            }) = deadline
            {
                diagnostics.push(hole(
                    version,
                    origin.span,
                    format!("{word} de la mission `{}`", mission.name),
                ));
            }
        }
    }
}
