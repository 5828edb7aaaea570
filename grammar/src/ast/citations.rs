//! The syntax of citations: a `référence` declared once, and `source nom, diapositive 9` citing it.

use super::{Ident, ItemKind, Text};
use crate::span::{Span, Spanned};
use chrono::NaiveDate;
use serde::Serialize;

/// Where a figure comes from: `source atelier_isere, diapositive 9` cites a declared
/// `référence`; `source "…"` is the older free text, kept readable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SourceRef {
    Text(Text),
    Citation(Citation),
}

impl ItemKind {
    /// The source lines written in this item (a mission's and its envelopes'), not looking
    /// inside `ajoute`/`remplace`.
    pub fn sources(&self) -> Vec<&SourceRef> {
        match self {
            ItemKind::Source(source) => vec![source],
            ItemKind::Input(def) => def.attributes.sources.iter().collect(),
            ItemKind::BandSet(def) => def
                .bands
                .iter()
                .flat_map(|b| &b.attributes.sources)
                .collect(),
            ItemKind::Value(def) => def.attributes.sources.iter().collect(),
            ItemKind::Mission(def) => def
                .attributes
                .sources
                .iter()
                .chain(def.envelopes.iter().flat_map(|e| &e.attributes.sources))
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl SourceRef {
    /// A placeholder for a node the parser could not read (never shown: the file has an error).
    pub fn empty(span: Span) -> Self {
        SourceRef::Text(Spanned::new(String::new(), span))
    }

    pub fn span(&self) -> Span {
        match self {
            SourceRef::Text(text) => text.span,
            SourceRef::Citation(citation) => citation.span,
        }
    }
}

/// `référence_citée, diapositives 7 et 8 "précision"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    pub reference: Ident,
    pub locator: Option<Locator>,
    /// A precision in words, shown in parentheses after the locator.
    pub note: Option<Text>,
    pub span: Span,
}

/// The place in the document: `article 9.1`, `pages 3 à 5`, `diapositives 7 et 8`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Locator {
    pub kind: LocatorKind,
    /// The numbers or names as written (`9.1`, `II`, `7`, `8`), or a heading quoted
    /// (`section "Quelles missions ?"`).
    pub parts: Vec<LocatorPart>,
    /// Between two parts: `et` or `à` (one fewer than the parts).
    pub connectors: Vec<Connector>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocatorPart {
    pub text: String,
    /// Written between quotes: a heading, shown in « ».
    pub quoted: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum LocatorKind {
    Article,
    Page,
    Slide,
    Section,
    Annex,
    Paragraph,
}

impl LocatorKind {
    pub const ALL: [LocatorKind; 6] = [
        LocatorKind::Article,
        LocatorKind::Page,
        LocatorKind::Slide,
        LocatorKind::Section,
        LocatorKind::Annex,
        LocatorKind::Paragraph,
    ];

    /// The French word, singular or plural.
    pub fn word(self, plural: bool) -> &'static str {
        match (self, plural) {
            (LocatorKind::Article, false) => "article",
            (LocatorKind::Article, true) => "articles",
            (LocatorKind::Page, false) => "page",
            (LocatorKind::Page, true) => "pages",
            (LocatorKind::Slide, false) => "diapositive",
            (LocatorKind::Slide, true) => "diapositives",
            (LocatorKind::Section, false) => "section",
            (LocatorKind::Section, true) => "sections",
            (LocatorKind::Annex, false) => "annexe",
            (LocatorKind::Annex, true) => "annexes",
            (LocatorKind::Paragraph, false) => "paragraphe",
            (LocatorKind::Paragraph, true) => "paragraphes",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Connector {
    /// `7 et 8`
    And,
    /// `3 à 5`
    To,
}

impl Connector {
    pub fn word(self) -> &'static str {
        match self {
            Connector::And => "et",
            Connector::To => "à",
        }
    }
}

impl Locator {
    /// `diapositives 7 et 8`: the kind in the plural when more than one place is named.
    pub fn words(&self) -> String {
        let mut out = self.kind.word(self.parts.len() > 1).to_string();
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                let connector = self
                    .connectors
                    .get(i - 1)
                    .copied()
                    .unwrap_or(Connector::And);
                out.push(' ');
                out.push_str(connector.word());
            }
            out.push(' ');
            if part.quoted {
                out.push_str(&format!("« {} »", part.text));
            } else {
                out.push_str(&part.text);
            }
        }
        out
    }
}

/// `référence atelier_isere "Titre" { émetteur "…" date 2019-09-24 fichier "…" }`: a source
/// declared once with what a reader needs to find it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferenceDef {
    pub name: Ident,
    pub title: Text,
    pub issuer: Option<Text>,
    pub date: Option<Spanned<NaiveDate>>,
    pub location: Option<Spanned<Location>>,
}

/// Where the referenced document lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Location {
    /// `adresse "https://…"`
    Url(String),
    /// `fichier "…"`
    File(String),
}
