//! Lowers values, conditions, checks, examples and `attendu` tables into resolved expressions,
//! then types them.

use crate::codes::Code;
use crate::consolidate::{Part, PartKind};
use crate::diagnostic::{Diagnostic, Edit};
use crate::ir::*;
use crate::resolve::typing::Typer;
use crate::suggest::did_you_mean;
use crate::types::Type;
use clause_grammar::ast::{self, ItemKind};

use super::Builder;

impl Builder<'_> {
    pub(super) fn lower_values(&mut self, parts: &[Part]) {
        let mut value_index = 0;
        for part in parts {
            let def = match &part.kind {
                PartKind::Envelope { def, .. } => def,
                PartKind::Item(ItemKind::Value(def)) => def,
                _ => continue,
            };
            let id = value_index;
            value_index += 1;
            let mut found = Vec::new();
            let base = part.base.as_deref();
            let definition = match part.amount.unwrap_or(&def.definition) {
                ast::Definition::Table { band_set, table } => {
                    match self.version.symbols.get(&band_set.node) {
                        Some(Symbol::BandSet(set)) => {
                            let set = *set;
                            let entries = self.resolver_in(base).table(table, set, &mut found);
                            Definition::Table {
                                band_set: set,
                                entries,
                                span: table.span,
                            }
                        }
                        _ => {
                            let sets: Vec<String> = self
                                .version
                                .band_sets
                                .iter()
                                .map(|s| s.name.clone())
                                .collect();
                            let mut d = Diagnostic::new(
                                Code::UnknownName,
                                format!("découpage en tranches inconnu `{}`", band_set.node),
                                band_set.span,
                                "inconnu",
                            );
                            if let Some(s) =
                                did_you_mean(&band_set.node, sets.iter().map(String::as_str))
                            {
                                d = d.with_help(format!("vouliez-vous dire `{s}` ?")).with_fix(
                                    format!("remplacer par `{s}`"),
                                    vec![Edit {
                                        span: band_set.span,
                                        replacement: s.to_string(),
                                    }],
                                );
                            } else if sets.is_empty() {
                                d = d.with_help("déclarez les tranches : `tranches taille selon habitants { … }`");
                            }
                            found.push(d);
                            Definition::Formula(error_expr(band_set.span))
                        }
                    }
                }
                ast::Definition::Formula(expr) => {
                    Definition::Formula(self.resolver_in(base).expr(expr, &mut found))
                }
                ast::Definition::Grid(grid) => self.resolver_in(base).grid(grid, &mut found),
                ast::Definition::Rules(rules) => {
                    self.resolver_in(base).rule_table(rules, &mut found)
                }
            };
            let definition = match &part.revalued {
                Some(revaluation) => revalued(definition, revaluation),
                None => definition,
            };
            let fixed_share = def.fixed_share.as_ref().map(|fixed| FixedShare {
                share: self.resolver_in(base).expr(&fixed.share, &mut found),
                hypothesis: fixed.hypothesis.as_ref().map(|h| h.node.clone()),
                span: fixed.span,
            });
            self.diagnostics.extend(found);
            if let Some(value) = self.version.values.get_mut(id) {
                value.definition = definition;
                value.fixed_share = fixed_share;
            }
        }
    }

    pub(super) fn lower_checks(&mut self, parts: &[Part]) {
        let mut condition_index = 0;
        for part in parts {
            let PartKind::Item(kind) = &part.kind else {
                continue;
            };
            let mut found = Vec::new();
            match kind {
                ItemKind::Condition(def) => {
                    let expr = self
                        .resolver_in(part.base.as_deref())
                        .expr(&def.condition, &mut found);
                    if let Some(condition) = self.version.conditions.get_mut(condition_index) {
                        condition.expr = expr;
                    }
                    condition_index += 1;
                }
                ItemKind::Assertion(def) => {
                    let expr = self
                        .resolver_in(part.base.as_deref())
                        .expr(&def.condition, &mut found);
                    self.version.assertions.push(Assertion {
                        label: def.label.as_ref().map(|l| l.node.clone()),
                        expr,
                        origin: part.origin.clone(),
                    });
                }
                ItemKind::Example(def) => {
                    let example = self.resolver_in(part.base.as_deref()).example(
                        def,
                        &part.origin,
                        &mut found,
                    );
                    self.version.examples.push(example);
                }
                _ => {}
            }
            self.diagnostics.extend(found);
        }
    }

    /// `attendu` tables follow the band set the value varies with, known only after typing.
    pub(super) fn lower_expected(&mut self, parts: &[Part]) {
        let defs = parts.iter().filter_map(|part| match part.kind {
            PartKind::Envelope { def, .. } | PartKind::Item(ItemKind::Value(def)) => {
                Some((def, part.revalued.is_some()))
            }
            _ => None,
        });
        for (id, (def, revalued)) in defs.enumerate() {
            // A revalued line's printed table is its base's: it no longer applies.
            let Some(table) = def.expected.as_ref().filter(|_| !revalued) else {
                continue;
            };
            let Some(value) = self.version.values.get(id) else {
                continue;
            };
            let mut found = Vec::new();
            match value.band_set {
                None => {
                    if value.ty != Type::Error {
                        found.push(
                            Diagnostic::new(Code::MixedBandSets, format!("`attendu` donne une valeur par tranche, mais `{}` ne varie pas selon des tranches", value.name), table.span, "valeurs par tranche")
                                .with_secondary(value.name_span, "sans tranches")
                                .with_help("vérifiez la valeur dans un `exemple` plutôt qu'avec `attendu`"),
                        );
                    }
                }
                Some(set) => {
                    let mut entries = self.resolver().table(table, set, &mut found);
                    let value_ty = value.ty;
                    let mut typer = Typer::new(&mut self.version, &mut found);
                    for entry in &mut entries {
                        if let Entry::Value(expr) = entry {
                            let ty = typer.infer(expr);
                            if !crate::types::comparable(value_ty, ty) {
                                typer.report(Diagnostic::new(
                                    Code::TypeMismatch,
                                    format!(
                                        "valeur attendue de type {}, la formule donne {}",
                                        ty.french(),
                                        value_ty.with_article()
                                    ),
                                    expr.span,
                                    ty.french(),
                                ));
                            }
                        }
                    }
                    if let Some(value) = self.version.values.get_mut(id) {
                        value.expected = Some(entries);
                    }
                }
            }
            self.diagnostics.extend(found);
        }
    }

    pub(super) fn type_everything(&mut self, parts: &[Part]) {
        let mut found = Vec::new();
        Typer::new(&mut self.version, &mut found).run(parts);
        self.diagnostics.extend(found);
    }
}

/// A revalued line's definition: each amount of its base's definition times (1 + N %), rounded
/// as the operation says (no rounding written: exact, and checked to the cent).
pub(super) fn revalued(definition: Definition, revaluation: &Revaluation) -> Definition {
    let factor =
        rust_decimal::Decimal::ONE + revaluation.percent / rust_decimal::Decimal::ONE_HUNDRED;
    let wrap = |expr: Expr| {
        let span = expr.span;
        let rate = Expr {
            kind: ExprKind::Literal(crate::value::Value::Rate(factor)),
            span: revaluation.span,
            ty: Type::Error,
        };
        let product = Expr {
            kind: ExprKind::Binary(ast::BinaryOp::Mul, Box::new(expr), Box::new(rate)),
            span,
            ty: Type::Error,
        };
        match revaluation.rounding {
            Some(function) => Expr {
                kind: ExprKind::Call(function, vec![product]),
                span,
                ty: Type::Error,
            },
            None => product,
        }
    };
    match definition {
        Definition::Table {
            band_set,
            entries,
            span,
        } => Definition::Table {
            band_set,
            entries: entries
                .into_iter()
                .map(|entry| match entry {
                    Entry::Value(expr) => Entry::Value(wrap(expr)),
                    other => other,
                })
                .collect(),
            span,
        },
        Definition::Formula(expr) => Definition::Formula(wrap(expr)),
        Definition::Grid(mut grid) => {
            grid.cells = grid.cells.into_iter().map(|e| wrapped(e, &wrap)).collect();
            Definition::Grid(grid)
        }
        Definition::Rules(mut rules) => {
            for rule in &mut rules.rules {
                let entry = std::mem::replace(&mut rule.value, Entry::Missing);
                rule.value = wrapped(entry, &wrap);
            }
            Definition::Rules(rules)
        }
    }
}

/// A cell's expression revalued, a hole or missing cell kept.
fn wrapped(entry: Entry, wrap: &dyn Fn(Expr) -> Expr) -> Entry {
    match entry {
        Entry::Value(expr) => Entry::Value(wrap(expr)),
        other => other,
    }
}
