//! `x de la base`: in an amendment, the value of the line `x` in the version it modifies, read
//! from that version's parts (its amount, revalued as it is there), per band where it is per
//! band. The line's own name then means no circular definition: `remplace montant x = x de la
//! base + 2 000 €` reads the base's `x`.

use super::lower::revalued;
use super::names::Resolver;
use crate::codes::Code;
use crate::consolidate::{Part, PartKind};
use crate::diagnostic::{Diagnostic, Edit};
use crate::ir::*;
use clause_grammar::ast::{self, ItemKind, TargetKind};
use clause_grammar::Span;

impl Resolver<'_> {
    pub(super) fn base_value(
        &self,
        name: &ast::Ident,
        span: Span,
        found: &mut Vec<Diagnostic>,
    ) -> ExprKind {
        let Some(base) = self.base else {
            found.push(
                Diagnostic::new(
                    Code::BaseValueOutsideAmendment,
                    format!("`{} de la base` hors d'un avenant", name.node),
                    span,
                    "cette version ne modifie aucune base",
                )
                .with_help(
                    "seul un avenant (`avenant … modifie …`) a une base : dans un accord, écrivez le montant lui-même",
                ),
            );
            return ExprKind::Error;
        };
        let Some(part) = base.parts.iter().find(|p| line_named(p, &name.node)) else {
            found.push(self.unknown_base_line(&base.parts, name));
            return ExprKind::Error;
        };
        let Some(amount) = part.amount() else {
            return ExprKind::Error;
        };
        // The base's text reads its own base, if any.
        let inner = Resolver {
            base: part.base.as_deref(),
            ..*self
        };
        let definition = match amount {
            ast::Definition::Table { band_set, table } => {
                match self.version.symbols.get(&band_set.node) {
                    Some(Symbol::BandSet(set)) => Definition::Table {
                        band_set: *set,
                        entries: inner.table(table, *set, found),
                        span: table.span,
                    },
                    // Reported where the base is resolved.
                    _ => return ExprKind::Error,
                }
            }
            ast::Definition::Formula(expr) => Definition::Formula(inner.expr(expr, found)),
            ast::Definition::Grid(_) | ast::Definition::Rules(_) => {
                found.push(
                    Diagnostic::new(
                        Code::TableCriterion,
                        format!(
                            "`{} de la base` lit un tableau à deux critères ou une table de règles : ce n'est pas encore possible",
                            name.node
                        ),
                        span,
                        "tableau à deux critères",
                    )
                    .with_help("réécrivez le tableau dans l'avenant (`remplace`)"),
                );
                return ExprKind::Error;
            }
        };
        let definition = match &part.revalued {
            Some(revaluation) => revalued(definition, revaluation),
            None => definition,
        };
        self.base_reads.borrow_mut().push(BaseRead {
            span,
            line: name.node.clone(),
            base: base.name.clone(),
        });
        match definition {
            Definition::Table {
                band_set, entries, ..
            } => ExprKind::Table(band_set, entries),
            Definition::Formula(expr) => expr.kind,
            Definition::Grid(_) | Definition::Rules(_) => ExprKind::Error,
        }
    }

    /// E0708: `x de la base` where the base has no line `x`, with the nearest line as a fix.
    fn unknown_base_line(&self, parts: &[Part<'_>], name: &ast::Ident) -> Diagnostic {
        let lines: Vec<&str> = parts
            .iter()
            .filter(|p| is_line(p))
            .filter_map(|p| p.target().map(|(n, _, _)| n))
            .collect();
        let mut d = Diagnostic::new(
            Code::UnknownBaseLine,
            format!("`{}` : aucune ligne de ce nom dans la base", name.node),
            name.span,
            "absent de la base",
        );
        if let Some(s) = self.suggest(&name.node, lines) {
            if let Some(part) = parts.iter().find(|p| line_named(p, s)) {
                let defined_at = part.target().map_or(part.origin.span, |(_, _, span)| span);
                d = d.with_secondary(
                    defined_at,
                    format!("`{s}` est défini ici, dans `{}`", part.origin.declared_in),
                );
            }
            d = d.with_help(format!("vouliez-vous dire `{s}` ?")).with_fix(
                format!("remplacer par `{s}`"),
                vec![Edit {
                    span: name.span,
                    replacement: s.to_string(),
                }],
            );
        } else {
            d = d.with_help(
                "`… de la base` lit une enveloppe, une valeur ou un résultat de la version que l'avenant modifie",
            );
        }
        d
    }
}

fn is_line(part: &Part<'_>) -> bool {
    matches!(
        part.kind,
        PartKind::Envelope { .. } | PartKind::Item(ItemKind::Value(_))
    )
}

/// The line `name` (a mission's name names its own envelope).
fn line_named(part: &Part<'_>, name: &str) -> bool {
    is_line(part)
        && part
            .target()
            .is_some_and(|(n, kind, _)| n == name && kind != TargetKind::Mission)
}
