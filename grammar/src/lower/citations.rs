//! Lowering of citations (`source référence, diapositive 9`) and of the references they cite.

use super::Lowerer;
use crate::ast::*;
use crate::rules::GrammarRule as Rule;
use crate::span::{Span, Spanned};
use pest::iterators::Pair;

impl Lowerer<'_> {
    /// `source "…"` or `source référence, diapositive 9 "précision"`.
    pub(super) fn source_ref(&mut self, pair: Pair<'_, Rule>, span: Span) -> SourceRef {
        let Some(inner) = pair.into_inner().nth(1) else {
            return SourceRef::empty(span);
        };
        if inner.as_rule() == Rule::string {
            return SourceRef::Text(self.text(inner));
        }
        let citation_span = self.span(&inner);
        let mut reference = Spanned::new(String::new(), citation_span);
        let mut locator = None;
        let mut note = None;
        for child in inner.into_inner() {
            match child.as_rule() {
                Rule::ident => reference = self.ident(child),
                Rule::string => note = Some(self.text(child)),
                Rule::locator => locator = Some(self.locator(child)),
                _ => {}
            }
        }
        SourceRef::Citation(Citation {
            reference,
            locator,
            note,
            span: citation_span,
        })
    }

    fn locator(&mut self, pair: Pair<'_, Rule>) -> Locator {
        let span = self.span(&pair);
        let mut kind = LocatorKind::Page;
        let mut parts = Vec::new();
        let mut connectors = Vec::new();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::locator_kind => {
                    kind = match child.into_inner().next().map(|k| k.as_rule()) {
                        Some(Rule::kw_article) => LocatorKind::Article,
                        Some(Rule::kw_diapositive) => LocatorKind::Slide,
                        Some(Rule::kw_section) => LocatorKind::Section,
                        Some(Rule::kw_annexe) => LocatorKind::Annex,
                        Some(Rule::kw_paragraphe) => LocatorKind::Paragraph,
                        _ => LocatorKind::Page,
                    }
                }
                Rule::locator_part => parts.push(LocatorPart {
                    text: child.as_str().to_string(),
                    quoted: false,
                }),
                Rule::string => parts.push(LocatorPart {
                    text: self.text(child).node,
                    quoted: true,
                }),
                Rule::connector => connectors.push(
                    if child.into_inner().next().map(|k| k.as_rule()) == Some(Rule::kw_et) {
                        Connector::And
                    } else {
                        Connector::To
                    },
                ),
                _ => {}
            }
        }
        Locator {
            kind,
            parts,
            connectors,
            span,
        }
    }

    /// `référence nom "Titre" { émetteur "…" date … adresse "…" | fichier "…" }`.
    pub(super) fn reference_def(&mut self, pair: Pair<'_, Rule>, span: Span) -> ReferenceDef {
        let mut name = Spanned::new(String::new(), span);
        let mut title = Spanned::new(String::new(), span);
        let mut issuer = None;
        let mut date = None;
        let mut location = None;
        for child in pair.into_inner() {
            let child_span = self.span(&child);
            match child.as_rule() {
                Rule::ident => name = self.ident(child),
                Rule::string => title = self.text(child),
                Rule::reference_issuer => issuer = Some(self.attribute_text(child, child_span)),
                Rule::reference_date => {
                    date = child
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::date)
                        .map(|p| self.date(p));
                }
                Rule::reference_url | Rule::reference_file => {
                    let is_url = child.as_rule() == Rule::reference_url;
                    let text = self.attribute_text(child, child_span).node;
                    let place = if is_url {
                        Location::Url(text)
                    } else {
                        Location::File(text)
                    };
                    location = Some(Spanned::new(place, child_span));
                }
                _ => {}
            }
        }
        ReferenceDef {
            name,
            title,
            issuer,
            date,
            location,
        }
    }
}
