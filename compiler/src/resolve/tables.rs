//! Aligns a band table's entries with its band set: missing, extra, repeated and unknown bands
//! (E0401–E0404), with fixes.

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Edit};
use crate::ir::*;
use crate::suggest::did_you_mean;
use clause_grammar::ast::{self};
use clause_grammar::Span;
use std::collections::HashMap;

use super::names::Resolver;

impl Resolver<'_> {
    pub(super) fn table(
        &self,
        table: &ast::Table,
        set: BandSetId,
        found: &mut Vec<Diagnostic>,
    ) -> Vec<Entry> {
        let bands = &self.version.band_sets[set].bands;
        let set_name = &self.version.band_sets[set].name;
        let mut entries: Vec<Entry> = (0..bands.len()).map(|_| Entry::Missing).collect();
        // Entries naming an unknown band: their fix (E0404) fills a missing band, not reported twice.
        let mut unknown_bands = 0;
        if table.named {
            let mut seen: HashMap<usize, Span> = HashMap::new();
            for entry in &table.entries {
                let Some(band_name) = &entry.band else {
                    continue;
                };
                let Some(index) = bands.iter().position(|b| b.name == band_name.node) else {
                    unknown_bands += 1;
                    let mut d = Diagnostic::new(
                        Code::TableUnknownBand,
                        format!(
                            "la tranche `{}` n'existe pas dans `{set_name}`",
                            band_name.node
                        ),
                        band_name.span,
                        "tranche inconnue",
                    );
                    if let Some(s) =
                        did_you_mean(&band_name.node, bands.iter().map(|b| b.name.as_str()))
                    {
                        d = d.with_help(format!("vouliez-vous dire `{s}` ?")).with_fix(
                            format!("remplacer par `{s}`"),
                            vec![Edit {
                                span: band_name.span,
                                replacement: s.to_string(),
                            }],
                        );
                    }
                    found.push(d);
                    continue;
                };
                if let Some(first) = seen.insert(index, entry.span) {
                    found.push(
                        Diagnostic::new(
                            Code::TableDuplicate,
                            format!("la tranche `{}` a deux valeurs", band_name.node),
                            entry.span,
                            "deuxième valeur",
                        )
                        .with_secondary(first, "première valeur")
                        .with_fix(
                            "supprimer la deuxième valeur",
                            vec![Edit {
                                span: entry.span,
                                replacement: String::new(),
                            }],
                        ),
                    );
                    continue;
                }
                entries[index] = self.entry(entry, found);
            }
        } else {
            for (index, entry) in table.entries.iter().enumerate() {
                if index < bands.len() {
                    entries[index] = self.entry(entry, found);
                } else {
                    found.push(
                        Diagnostic::new(
                            Code::TableExtra,
                            format!(
                                "valeur en trop : `{set_name}` n'a que {} tranches",
                                bands.len()
                            ),
                            entry.span,
                            "aucune tranche pour cette valeur",
                        )
                        .with_secondary(
                            self.version.band_sets[set].name_span,
                            "tranches déclarées ici",
                        )
                        .with_fix(
                            "supprimer la valeur en trop",
                            vec![Edit {
                                span: extend_to_previous_comma(table, index),
                                replacement: String::new(),
                            }],
                        ),
                    );
                }
            }
        }
        let short = super::short_table::Short {
            table,
            bands,
            set_span: self.version.band_sets[set].name_span,
            holes_allowed: self.version.status() != Some(ast::Status::Signed),
        };
        found.extend(short.check(&mut entries, unknown_bands));
        entries
    }
}

/// The span of a positional entry with the comma before it, so that removing it leaves a valid table.
fn extend_to_previous_comma(table: &ast::Table, index: usize) -> Span {
    let entry = table.entries[index].span;
    match index.checked_sub(1).and_then(|i| table.entries.get(i)) {
        Some(previous) => Span::new(entry.file, previous.span.end, entry.end),
        None => entry,
    }
}
