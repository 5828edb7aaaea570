//! The references a version may cite (`référence`), and its citations checked against them: a
//! citation of an unknown reference (E0110), a reference of the declaration never cited (W0111).

use super::Builder;
use crate::citation::Reference;
use crate::codes::Code;
use crate::consolidate::{Part, PartKind};
use crate::diagnostic::Diagnostic;
use crate::suggest::did_you_mean;
use clause_grammar::ast::{ItemKind, SourceRef};
use std::collections::{HashMap, HashSet};

impl Builder<'_> {
    /// Collects the references before anything cites them; a name given twice is E0102.
    pub(super) fn references(&mut self, parts: &[Part]) {
        let mut seen: HashMap<String, clause_grammar::Span> = HashMap::new();
        for part in parts {
            let PartKind::Item(ItemKind::Reference(def)) = &part.kind else {
                continue;
            };
            if let Some(first) = seen.get(&def.name.node) {
                self.report(
                    Diagnostic::new(
                        Code::DuplicateName,
                        format!("la référence `{}` est déjà déclarée", def.name.node),
                        def.name.span,
                        "deuxième déclaration",
                    )
                    .with_secondary(*first, "première déclaration"),
                );
                continue;
            }
            seen.insert(def.name.node.clone(), def.name.span);
            self.version
                .references
                .push(Reference::from_ast(def, &part.origin.declared_in));
        }
    }

    /// Every citation names a declared reference; every reference the declaration writes is cited.
    pub(super) fn check_citations(&mut self, parts: &[Part]) {
        let mut cited = HashSet::new();
        let mut found = Vec::new();
        for source in parts.iter().flat_map(sources_of) {
            let SourceRef::Citation(citation) = source else {
                continue;
            };
            let name = &citation.reference.node;
            cited.insert(name.clone());
            if self.version.references.iter().any(|r| &r.name == name) {
                continue;
            }
            let span = citation.reference.span;
            let mut d = Diagnostic::new(
                Code::UnknownReference,
                format!("référence inconnue `{name}`"),
                span,
                "aucune `référence` de ce nom",
            );
            let names = self.version.references.iter().map(|r| r.name.as_str());
            if let Some(s) = did_you_mean(name, names) {
                d = d.with_suggestion(s, span);
            } else {
                d = d.with_help(format!(
                    "déclarez la source une fois : `référence {name} \"Titre\" {{ émetteur \"…\" date … fichier \"…\" }}`"
                ));
            }
            found.push(d);
        }
        for reference in &self.version.references {
            if reference.declared_in != self.version.name || cited.contains(&reference.name) {
                continue;
            }
            found.push(
                Diagnostic::new(
                    Code::UnusedReference,
                    format!("la référence `{}` n'est jamais citée", reference.name),
                    reference.name_span,
                    "jamais citée",
                )
                .with_help(format!(
                    "citez-la là où un chiffre en vient (`source {}, page …`) ou retirez-la",
                    reference.name
                )),
            );
        }
        for d in found {
            self.report(d);
        }
    }
}

/// The source lines written in one part.
fn sources_of<'a>(part: &Part<'a>) -> Vec<&'a SourceRef> {
    match &part.kind {
        PartKind::Item(ItemKind::Source(source)) => vec![source],
        PartKind::Item(ItemKind::Input(def)) => def.attributes.sources.iter().collect(),
        PartKind::Item(ItemKind::BandSet(def)) => def
            .bands
            .iter()
            .flat_map(|b| b.attributes.sources.iter())
            .collect(),
        PartKind::Item(ItemKind::Value(def)) => def.attributes.sources.iter().collect(),
        PartKind::Envelope { def, .. } => def.attributes.sources.iter().collect(),
        PartKind::Mission(def) => def.attributes.sources.iter().collect(),
        PartKind::Item(_) => Vec::new(),
    }
}
