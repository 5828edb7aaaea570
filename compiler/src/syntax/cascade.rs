//! What a syntax error costs: the entries the parser left out are missing from the version, and
//! a diagnostic that only says so (an unknown name the entry defined, a missing status it gave)
//! is a consequence of the syntax error, not another mistake of the drafter; it is not reported.

use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::source_db::SourceDb;
use clause_grammar::Parsed;
use std::collections::HashSet;

/// The names and header keywords of the text the parser left out.
#[derive(Debug, Default)]
pub(crate) struct LeftOut {
    names: HashSet<String>,
    keywords: HashSet<String>,
}

impl LeftOut {
    pub(crate) fn of<'a>(db: &SourceDb, parsed: impl Iterator<Item = &'a Parsed>) -> LeftOut {
        let mut left_out = LeftOut::default();
        for (file, parsed) in db.ids().zip(parsed) {
            let text = db.text(file);
            for span in &parsed.skipped {
                let Some(skipped) = text.get(span.start..span.end) else {
                    continue;
                };
                for line in skipped.lines() {
                    let mut words = line
                        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .filter(|w| !w.is_empty());
                    // `remplace valeur x`, `ajoute enveloppe x`: the item's keyword is next.
                    let mut keyword = words.next().unwrap_or_default();
                    if matches!(keyword, "ajoute" | "remplace" | "retire") {
                        keyword = words.next().unwrap_or_default();
                    }
                    left_out.keywords.insert(keyword.to_string());
                    // `tranches taille selon …`, `valeur x = …`, `accord a …`: the name.
                    if let Some(name) = words.next() {
                        left_out.names.insert(name.to_string());
                    }
                }
            }
        }
        left_out
    }

    /// Whether `diagnostic` only reports what a left-out entry would have given.
    pub(crate) fn explains(&self, db: &SourceDb, diagnostic: &Diagnostic) -> bool {
        if self.keywords.is_empty() {
            return false;
        }
        let span = diagnostic.primary.span;
        let named = || {
            db.text(span.file)
                .get(span.start..span.end)
                .is_some_and(|name| self.names.contains(name))
        };
        let left = |keywords: &[&str]| keywords.iter().any(|k| self.keywords.contains(*k));
        match diagnostic.code {
            Code::UnknownName
            | Code::UnknownVersion
            | Code::NotAValue
            | Code::BandDimension
            | Code::UnknownType => named(),
            Code::MissingStatus => left(&["statut"]),
            Code::SignedWithoutDate => left(&["signé", "signe"]),
            Code::MissingSource => left(&["source"]),
            _ => false,
        }
    }
}
