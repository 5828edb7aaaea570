//! The comparison as Markdown: one table per section, old and new side by side.

use super::columns::amount_columns;
use super::model::*;
use super::text::delta_text;
use crate::document::markdown::{escape, reference, table};
use crate::document::{words, Cell, Document};
use std::fmt::Write;

fn nature_word(nature: Nature) -> &'static str {
    match nature {
        Nature::Added => "ajout",
        Nature::Removed => "suppression",
        Nature::Modified => "modification",
    }
}

/// Before / after / difference for each band, side by side, as in the HTML page.
fn amounts(out: &mut String, comparison: &Comparison, old: &Document, new: &Document) {
    let columns = amount_columns(comparison, old, new);
    if columns.rows.is_empty() || columns.groups.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Montants par tranche : avant, après, écart\n");
    let mut header = vec!["Ligne".to_string()];
    for group in &columns.groups {
        let heading = escape(&group.heading);
        header.push(format!("{heading} — avant"));
        header.push(format!("{heading} — après"));
        header.push(format!("{heading} — écart"));
    }
    let shown = |c: &Option<Cell>| c.as_ref().map_or_else(|| "—".to_string(), words::cell);
    let rows: Vec<Vec<String>> = columns
        .rows
        .iter()
        .map(|row| {
            let mut line = vec![escape(&row.label)];
            for (before, after, delta) in &row.cells {
                line.push(shown(before));
                line.push(shown(after));
                line.push(match delta {
                    Some(d) if !d.is_zero() => signed(*d),
                    Some(_) => "=".to_string(),
                    None => "—".to_string(),
                });
            }
            line
        })
        .collect();
    table(out, &header, 1..header.len(), &rows);
}

/// A difference with its sign: « +10 000 € », « −5 000 € ».
pub(super) fn signed(amount: rust_decimal::Decimal) -> String {
    let sign = if amount.is_sign_negative() {
        "−"
    } else {
        "+"
    };
    format!("{sign}{}", words::money(amount.abs()))
}

/// The comparison as Markdown, with the amounts of both documents band by band.
pub fn render_markdown(comparison: &Comparison, old: &Document, new: &Document) -> String {
    let text = changes(comparison);
    let mut amounts_table = String::new();
    amounts(&mut amounts_table, comparison, old, new);
    if amounts_table.is_empty() {
        return text;
    }
    // After the header table and the band mapping, before the sections of changes.
    let at = text.find("\n## ").map_or(text.len(), |i| i + 1);
    let at = match text[at..].starts_with("## Correspondance") {
        true => text[at + 1..]
            .find("\n## ")
            .map_or(text.len(), |i| at + 1 + i + 1),
        false => at,
    };
    let amounts_table = words::french_typography(&amounts_table);
    format!("{}{}{}", &text[..at], amounts_table, &text[at..])
}

/// The header table, the band mapping and one table per section of changes.
fn changes(comparison: &Comparison) -> String {
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
                let (label, name) = super::sides::split_named(&c.subject);
                let subject = match name {
                    Some(name) => format!("{} {}", escape(label), reference(name)),
                    None => escape(label),
                };
                let mut row = vec![
                    subject,
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
