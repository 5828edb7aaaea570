//! Builds the resolved, typed version from consolidated parts: declares every name, resolves
//! references (with "did you mean"), aligns band tables, orders values and types expressions.

mod band_sets;
mod base_value;
mod citations;
mod criteria;
mod declare;
mod lower;
mod names;
mod order;
mod short_table;
mod tables;
pub(crate) mod typing;

use crate::codes::Code;
use crate::consolidate::{header_key, BaseParts, HeaderKey, Part, PartKind, VersionSource};
use crate::diagnostic::{Diagnostic, Edit};
use crate::ir::*;
use clause_grammar::ast::{self, DeclarationKind, ItemKind};
use clause_grammar::Span;
use names::Resolver;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

pub fn build_version(source: &VersionSource<'_>, diagnostics: &mut Vec<Diagnostic>) -> Version {
    let declaration = source.declaration;
    let mut builder = Builder {
        version: Version {
            name: declaration.name.node.clone(),
            title: declaration.title.as_ref().map(|t| t.node.clone()),
            file: declaration.name.span.file,
            name_span: declaration.name.span,
            kind: match declaration.kind {
                DeclarationKind::Agreement => VersionKind::Agreement,
                DeclarationKind::Amendment => VersionKind::Consolidated {
                    base: source.chain.first().cloned().unwrap_or_default(),
                    chain: source.chain.clone(),
                },
            },
            header: Header::default(),
            references: Vec::new(),
            enums: Vec::new(),
            inputs: Vec::new(),
            band_sets: Vec::new(),
            values: Vec::new(),
            missions: Vec::new(),
            conditions: Vec::new(),
            assertions: Vec::new(),
            examples: Vec::new(),
            symbols: HashMap::new(),
            evaluation_order: Vec::new(),
            static_values: StaticValues::default(),
            base_reads: Vec::new(),
            bases: Vec::new(),
        },
        symbol_spans: HashMap::new(),
        removed: source.removed.iter().cloned().collect(),
        suggestions_left: Cell::new(SUGGESTION_BUDGET),
        base_reads: RefCell::new(Vec::new()),
        diagnostics,
    };
    builder.references(&source.parts);
    builder.header(&source.parts);
    builder.declare(&source.parts);
    builder.resolve_inputs(&source.parts);
    builder.resolve_band_sets(&source.parts);
    builder.lower_values(&source.parts);
    builder.lower_checks(&source.parts);
    builder.version.base_reads = builder.base_reads.take();
    builder.order_values();
    builder.type_everything(&source.parts);
    builder.lower_expected(&source.parts);
    builder.check_citations(&source.parts);
    let mut version = builder.version;
    crate::consolidate::blame::drop_revalued_examples(&mut version);
    version
}

struct Builder<'d> {
    version: Version,
    /// Where each name was declared, for "first defined here" labels.
    symbol_spans: HashMap<String, (Span, String)>,
    removed: HashMap<String, Span>,
    /// How many more name comparisons "did you mean" may make (see `SUGGESTION_BUDGET`).
    suggestions_left: Cell<usize>,
    /// The `x de la base` resolved so far.
    base_reads: RefCell<Vec<BaseRead>>,
    diagnostics: &'d mut Vec<Diagnostic>,
}

/// Name comparisons (edit distances) that the "did you mean" of one version may make: each
/// suggestion compares the unknown name with every name of the version, so a generated file with
/// thousands of misspellings made the check quadratic. A suggestion is made only when the whole
/// comparison fits in what is left (the result then does not depend on the names' order);
/// otherwise the help is the plain one. A version of 1 000 names gets 200 suggestions.
pub const SUGGESTION_BUDGET: usize = 200_000;

impl Builder<'_> {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn header(&mut self, parts: &[Part]) {
        let mut seen: HashMap<(HeaderKey, String), Span> = HashMap::new();
        for part in parts {
            let PartKind::Item(kind) = &part.kind else {
                continue;
            };
            let origin = part.origin.clone();
            match kind {
                ItemKind::Status(s) => {
                    self.version.header.status = Some(Sourced {
                        value: s.node,
                        origin,
                    });
                }
                ItemKind::SignedOn(d) => {
                    self.version.header.signed_on = Some(Sourced {
                        value: d.node,
                        origin,
                    });
                }
                ItemKind::PublishedOn(d) => {
                    self.version.header.published_on = Some(Sourced {
                        value: d.node,
                        origin,
                    });
                }
                ItemKind::ProposedOn(d) => {
                    self.version.header.proposed_on = Some(Sourced {
                        value: d.node,
                        origin,
                    });
                }
                ItemKind::InForceOn(d) => {
                    self.version.header.in_force_on = Some(Sourced {
                        value: d.node,
                        origin,
                    });
                }
                ItemKind::ContractDuration(d) => {
                    self.version.header.contract_duration = Some(Sourced {
                        value: d.node.clone(),
                        origin,
                    });
                }
                ItemKind::DatePolicy(policy) => {
                    self.version.header.date_policy = Some(Sourced {
                        value: policy.node,
                        origin,
                    });
                }
                ItemKind::ApplicableBefore(d) => {
                    self.version.header.applicable_before = Some(Sourced {
                        value: d.node,
                        origin,
                    });
                }
                ItemKind::Source(source) => {
                    self.version.header.sources.push(Sourced {
                        value: crate::citation::cite(&self.version.references, source),
                        origin,
                    });
                    continue;
                }
                _ => continue,
            }
            let Some(key) = header_key(kind) else {
                continue;
            };
            let span = part.origin.span;
            if let Some(first) = seen.insert((key, part.origin.declared_in.clone()), span) {
                self.report(
                    Diagnostic::new(
                        Code::DuplicateHeader,
                        "information d'en-tête donnée deux fois",
                        span,
                        "répétée ici",
                    )
                    .with_secondary(first, "déjà donnée ici")
                    .with_help("gardez une seule de ces lignes")
                    .with_fix(
                        "supprimer la répétition",
                        vec![Edit {
                            span,
                            replacement: String::new(),
                        }],
                    ),
                );
            }
        }
    }

    fn resolver(&self) -> Resolver<'_> {
        self.resolver_in(None)
    }

    /// A resolver for a part an amendment wrote: `x de la base` reads `base`.
    fn resolver_in<'s>(&'s self, base: Option<&'s BaseParts<'s>>) -> Resolver<'s> {
        Resolver {
            version: &self.version,
            removed: &self.removed,
            suggestions_left: &self.suggestions_left,
            base,
            base_reads: &self.base_reads,
        }
    }
}

fn texts(list: &[ast::Text]) -> Vec<String> {
    list.iter().map(|t| t.node.clone()).collect()
}

fn deadline(d: &clause_grammar::Spanned<ast::Deadline>, origin: &Origin) -> Sourced<DeadlineRule> {
    let value = match &d.node {
        ast::Deadline::Free => DeadlineRule::Free,
        ast::Deadline::Unspecified => DeadlineRule::Unspecified,
        ast::Deadline::After { delay, event } => DeadlineRule::After {
            delay: delay.node.clone(),
            event: event.node,
        },
    };
    Sourced {
        value,
        origin: Origin {
            span: d.span,
            ..origin.clone()
        },
    }
}
