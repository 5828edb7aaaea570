//! Citations: a source declared once (`référence`) with what a reader needs to find it, cited by
//! that reference and a locator. The same words serve the documents, the language server's hover
//! and the evaluation's provenance.

use crate::value::french_date;
use chrono::NaiveDate;
use clause_grammar::ast::{self, Location};
use clause_grammar::Span;

/// A `référence` of the version (its own or one of its bases').
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub name: String,
    pub title: String,
    pub issuer: Option<String>,
    pub date: Option<NaiveDate>,
    pub location: Option<Location>,
    pub name_span: Span,
    /// The declaration that wrote it.
    pub declared_in: String,
}

impl Reference {
    pub fn from_ast(def: &ast::ReferenceDef, declared_in: &str) -> Self {
        Reference {
            name: def.name.node.clone(),
            title: def.title.node.clone(),
            issuer: def.issuer.as_ref().map(|t| t.node.clone()),
            date: def.date.as_ref().map(|d| d.node),
            location: def.location.as_ref().map(|l| l.node.clone()),
            name_span: def.name.span,
            declared_in: declared_in.to_string(),
        }
    }

    /// How the reference is named in a citation: `Titre, Émetteur, 24 septembre 2019`.
    pub fn short(&self) -> String {
        let mut parts = vec![self.title.clone()];
        parts.extend(self.issuer.clone());
        parts.extend(self.date.map(french_date));
        parts.join(", ")
    }

    /// Its entry in the list of references: the short form and where the document lives.
    pub fn entry(&self) -> String {
        match &self.location {
            Some(Location::Url(url)) => format!("{}. En ligne : {url}", self.short()),
            Some(Location::File(file)) => format!("{}. Fichier : {file}", self.short()),
            None => self.short(),
        }
    }
}

/// Where a figure comes from, as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Citation {
    /// The cited reference's name; `None` for a free text (`source "…"`).
    pub reference: Option<String>,
    /// `Titre, Émetteur, 24 septembre 2019, diapositive 9 (somme du tableau)`.
    pub text: String,
}

impl std::fmt::Display for Citation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// A source line in the words of its citation. A citation of a reference the version does not
/// declare (E0110, reported by the resolver) keeps the name as written.
pub fn cite(references: &[Reference], source: &ast::SourceRef) -> Citation {
    match source {
        ast::SourceRef::Text(text) => Citation {
            reference: None,
            text: text.node.clone(),
        },
        ast::SourceRef::Citation(citation) => {
            let name = &citation.reference.node;
            let mut text = references
                .iter()
                .find(|r| &r.name == name)
                .map_or_else(|| name.clone(), Reference::short);
            if let Some(locator) = &citation.locator {
                text.push_str(", ");
                text.push_str(&locator.words());
            }
            if let Some(note) = &citation.note {
                text.push_str(&format!(" ({})", note.node));
            }
            Citation {
                reference: Some(name.clone()),
                text,
            }
        }
    }
}

pub fn cite_all(references: &[Reference], sources: &[ast::SourceRef]) -> Vec<Citation> {
    sources.iter().map(|s| cite(references, s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clause_grammar::Spanned;

    #[test]
    fn a_citation_names_the_reference_and_the_place() {
        let reference = Reference {
            name: "atelier".into(),
            title: "Accord conventionnel interprofessionnel CPTS du 20 juin 2019".into(),
            issuer: Some("CPAM de l’Isère".into()),
            date: NaiveDate::from_ymd_opt(2019, 9, 24),
            location: Some(Location::File("001.txt".into())),
            name_span: Span::default(),
            declared_in: "aci".into(),
        };
        let source = ast::SourceRef::Citation(ast::Citation {
            reference: Spanned::new("atelier".into(), Span::default()),
            locator: Some(ast::Locator {
                kind: ast::LocatorKind::Slide,
                parts: ["7", "8"]
                    .map(|p| ast::LocatorPart {
                        text: p.into(),
                        quoted: false,
                    })
                    .to_vec(),
                connectors: vec![ast::Connector::And],
                span: Span::default(),
            }),
            note: None,
            span: Span::default(),
        });
        assert_eq!(
            cite(std::slice::from_ref(&reference), &source).text,
            "Accord conventionnel interprofessionnel CPTS du 20 juin 2019, CPAM de l’Isère, \
             24 septembre 2019, diapositives 7 et 8"
        );
        assert_eq!(
            reference.entry(),
            "Accord conventionnel interprofessionnel CPTS du 20 juin 2019, CPAM de l’Isère, \
             24 septembre 2019. Fichier : 001.txt"
        );
    }
}
