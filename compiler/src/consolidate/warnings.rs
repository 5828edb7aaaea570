//! What an amendment may do without meaning to: a `remplace` that rewrites a line without the
//! payment rule, fixed part or hypotheses the base gave it (W0705), an `ajoute` whose label is
//! already an item's of the base, most often a misspelt name for the item to replace (W0706).

use super::{Part, PartKind};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use clause_grammar::ast::{ItemKind, ValueDef};
use clause_grammar::Span;

/// The line definition a part holds, if it is one.
fn line_of<'a>(part: &Part<'a>) -> Option<&'a ValueDef> {
    match part.kind {
        PartKind::Envelope { def, .. } => Some(def),
        PartKind::Item(ItemKind::Value(def)) => Some(def),
        _ => None,
    }
}

/// W0705: what the replaced line had and its replacement does not say.
pub(super) fn dropped_by_replacement(
    replaced: &Part<'_>,
    replacement: &ValueDef,
    name: &str,
    at: Span,
) -> Option<Diagnostic> {
    let old = line_of(replaced)?;
    let mut lost: Vec<(&str, Span)> = Vec::new();
    if let (Some(first), true) = (old.payments.first(), replacement.payments.is_empty()) {
        lost.push(("sa règle de versement", first.span));
    }
    if let (Some(fixed), None) = (&old.fixed_share, &replacement.fixed_share) {
        lost.push(("sa part fixe", fixed.span));
    }
    if let (Some(hypothesis), true) = (
        old.attributes.hypotheses.first(),
        replacement.attributes.hypotheses.is_empty(),
    ) {
        lost.push(("son hypothèse", hypothesis.span));
    }
    let ((first, _), rest) = lost.split_first()?;
    let mut what = first.to_string();
    for (i, (item, _)) in rest.iter().enumerate() {
        what.push_str(if i + 1 == rest.len() { " et " } else { ", " });
        what.push_str(item);
    }
    let mut diagnostic = Diagnostic::new(
        Code::ReplacementDrops,
        format!("le remplacement de `{name}` perd {what}"),
        at,
        "remplacé sans elles",
    );
    for (item, span) in &lost {
        diagnostic = diagnostic.with_secondary(
            *span,
            format!("{item} dans `{}`", replaced.origin.declared_in),
        );
    }
    // No machine fix: keeping them or not is the amendment's to say.
    Some(diagnostic.with_help(
        "un `remplace` réécrit toute la ligne : recopiez ce que la base disait et que l'avenant garde",
    ))
}

/// The label a part shows, with the name an amendment would target it by.
fn label_of<'a>(part: &Part<'a>) -> Option<(&'a str, Span)> {
    let text = match part.kind {
        PartKind::Mission(m) => m.label.as_ref()?,
        PartKind::Envelope { def, .. } | PartKind::Item(ItemKind::Value(def)) => {
            def.label.as_ref()?
        }
        PartKind::Item(ItemKind::Input(i)) => i.label.as_ref()?,
        _ => return None,
    };
    Some((text.node.as_str(), text.span))
}

/// Labels compared as a reader does: case, accents and spacing aside.
fn normalized(label: &str) -> String {
    label
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// W0706: an added item whose label is an existing part's.
pub(super) fn repeated_label(
    parts: &[Part<'_>],
    added: &ItemKind,
    added_name: &str,
) -> Option<Diagnostic> {
    let new = Part::new(
        match added {
            ItemKind::Mission(m) => PartKind::Mission(m),
            other => PartKind::Item(other),
        },
        parts.first()?.origin.clone(),
    );
    let (label, span) = label_of(&new)?;
    let wanted = normalized(label);
    let existing = parts
        .iter()
        .find(|p| label_of(p).is_some_and(|(l, _)| normalized(l) == wanted))?;
    let (target, kind, _) = existing.target()?;
    let (_, existing_span) = label_of(existing)?;
    Some(
        Diagnostic::new(
            Code::RepeatedLabel,
            format!("« {label} » est déjà le libellé de `{target}` : l'avenant ajoute `{added_name}` à côté"),
            span,
            "même libellé",
        )
        .with_secondary(existing_span, format!("`{target}`, dans `{}`", existing.origin.declared_in))
        // No machine fix: a new item with the same label is possible, if unusual.
        .with_help(format!(
            "vouliez-vous remplacer `{target}` ? écrivez `remplace {} {target} …` ; sinon donnez au nouvel élément un libellé qui le distingue",
            kind.keyword()
        )),
    )
}
