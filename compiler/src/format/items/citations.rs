//! Canonical layout of citations (`source référence, diapositive 9`) and of the references they
//! cite (`référence nom "Titre" { … }`).

use super::{Attr, Entry, Formatter};
use crate::format::doc::{concat, text, Doc};
use crate::format::literals;
use clause_grammar::ast::{Location, ReferenceDef, SourceRef};
use clause_grammar::Span;

/// A source line in its canonical spelling.
pub(crate) fn source(source: &SourceRef) -> String {
    match source {
        SourceRef::Text(t) => format!("source {}", literals::string(&t.node)),
        SourceRef::Citation(citation) => {
            let mut line = format!("source {}", citation.reference.node);
            if let Some(locator) = &citation.locator {
                line.push_str(", ");
                line.push_str(locator.kind.word(locator.parts.len() > 1));
                for (i, part) in locator.parts.iter().enumerate() {
                    if i > 0 {
                        let connector = locator.connectors.get(i - 1);
                        line.push(' ');
                        line.push_str(connector.map_or("et", |c| c.word()));
                    }
                    line.push(' ');
                    if part.quoted {
                        line.push_str(&literals::string(&part.text));
                    } else {
                        line.push_str(&part.text);
                    }
                }
            }
            if let Some(note) = &citation.note {
                line.push(' ');
                line.push_str(&literals::string(&note.node));
            }
            line
        }
    }
}

impl Formatter<'_> {
    /// A reference's block, its fields in the order written.
    pub(super) fn reference_def(&mut self, def: &ReferenceDef, span: Span) -> Doc {
        let header = format!(
            "référence {} {}",
            def.name.node,
            literals::string(&def.title.node)
        );
        let open = self.find(def.title.span.end, '{');
        let close = span.end.saturating_sub(1);
        let mut fields = Vec::new();
        if let Some(issuer) = &def.issuer {
            let line = format!("émetteur {}", literals::string(&issuer.node));
            fields.push((issuer.span, line));
        }
        if let Some(date) = &def.date {
            fields.push((date.span, format!("date {}", literals::date(&date.node))));
        }
        if let Some(location) = &def.location {
            let line = match &location.node {
                Location::Url(url) => format!("adresse {}", literals::string(url)),
                Location::File(file) => format!("fichier {}", literals::string(file)),
            };
            fields.push((location.span, line));
        }
        fields.sort_by_key(|(span, _)| span.start);
        let entries = fields
            .into_iter()
            .map(|(span, line)| (span.start, span.end, Entry::Attr(Attr::Written(span, line))))
            .collect();
        concat(vec![text(header), self.block(open, close, entries)])
    }
}
