//! The comparison as Markdown: one table per section, old and new side by side.

use super::model::*;
use super::text::delta_text;
use crate::document::markdown::{escape, reference, table};
use std::fmt::Write;

fn nature_word(nature: Nature) -> &'static str {
    match nature {
        Nature::Added => "ajout",
        Nature::Removed => "suppression",
        Nature::Modified => "modification",
    }
}

pub fn render_markdown(comparison: &Comparison) -> String {
    let (old, new) = (&comparison.old, &comparison.new);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Comparaison : {} → {}\n",
        escape(&old.title),
        escape(&new.title)
    );
    let status = |v: &VersionSummary| v.status.as_deref().map_or_else(String::new, escape);
    table(
        &mut out,
        &["".into(), "Avant".into(), "Après".into()],
        0..0,
        &[
            vec!["Titre".into(), escape(&old.title), escape(&new.title)],
            vec!["Référence".into(), reference(&old.id), reference(&new.id)],
            vec!["Nature".into(), escape(&old.kind), escape(&new.kind)],
            vec!["Statut".into(), status(old), status(new)],
        ],
    );
    if let Some(mapping) = &comparison.band_mapping {
        let _ = writeln!(out, "## Correspondance des tranches\n");
        let _ = writeln!(out, "Les deux versions ne découpent pas la population de la même façon : les montants sont comparés par intervalle de {}.\n", escape(&mapping.dimension));
        let rows: Vec<Vec<String>> = mapping
            .segments
            .iter()
            .map(|s| {
                vec![
                    escape(&s.range_text),
                    escape(&s.old_label),
                    escape(&s.new_label),
                ]
            })
            .collect();
        table(
            &mut out,
            &[
                escape(&crate::document::words::capitalise(&mapping.dimension)),
                "Tranche avant".into(),
                "Tranche après".into(),
            ],
            0..0,
            &rows,
        );
    }
    for category in Category::ALL {
        let changes: Vec<&Change> = comparison.changes_in(category).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {}\n", category.title());
        let with_delta = changes.iter().any(|c| c.delta.is_some());
        let mut header = vec![
            "Élément".to_string(),
            "Changement".into(),
            "Avant".into(),
            "Après".into(),
        ];
        if with_delta {
            header.push("Écart".into());
        }
        let rows: Vec<Vec<String>> = changes
            .iter()
            .map(|c| {
                let side = |s: &Option<Side>| {
                    s.as_ref()
                        .map_or_else(|| "—".to_string(), |s| escape(&s.text))
                };
                let mut row = vec![
                    escape(&c.subject),
                    nature_word(c.nature).to_string(),
                    side(&c.before),
                    side(&c.after),
                ];
                if with_delta {
                    row.push(c.delta.as_ref().map_or_else(String::new, delta_text));
                }
                row
            })
            .collect();
        table(&mut out, &header, 0..0, &rows);
    }
    let count = comparison.changes.len();
    let _ = writeln!(
        out,
        "{count} changement{} ; {}.",
        if count > 1 { "s" } else { "" },
        comparison.unchanged_text()
    );
    crate::document::words::french_typography(&out)
}
