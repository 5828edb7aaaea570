//! Resolves the names of expressions into ids, with "did you mean" within a budget.

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Edit};
use crate::ir::*;
use crate::suggest::did_you_mean;
use crate::types::Type;
use clause_grammar::ast::{self};
use clause_grammar::{Span, Spanned};
use rust_decimal::Decimal;
use std::cell::Cell;
use std::collections::HashMap;

/// Resolves names in expressions and aligns tables with their bands.
#[derive(Clone, Copy)]
pub(super) struct Resolver<'v> {
    pub(super) version: &'v Version,
    pub(super) removed: &'v HashMap<String, Span>,
    pub(super) suggestions_left: &'v Cell<usize>,
    /// The parts of the version an amendment modifies, where `x de la base` reads `x` (`None`
    /// outside an amendment's text).
    pub(super) base: Option<&'v crate::consolidate::BaseParts<'v>>,
    /// Where `x de la base` was read, for the documents.
    pub(super) base_reads: &'v std::cell::RefCell<Vec<BaseRead>>,
}

impl Resolver<'_> {
    /// `did_you_mean` among the version's names, while the budget of comparisons lasts.
    pub(super) fn suggest<'a>(
        &self,
        name: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<&'a str> {
        let candidates: Vec<&'a str> = candidates.into_iter().collect();
        let left = self.suggestions_left.get();
        if candidates.len() > left {
            return None;
        }
        self.suggestions_left.set(left - candidates.len());
        did_you_mean(name, candidates)
    }

    /// An example's binding names no input or value of the version (`what`, with the label under
    /// the name): E0101, with the nearest name as a fix.
    fn unknown_in_example<'a>(
        &self,
        name: &Spanned<String>,
        (what, label): (&str, &str),
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(
            Code::UnknownName,
            format!("`{}` n'est pas {what} de cette version", name.node),
            name.span,
            label,
        );
        if let Some(s) = self.suggest(&name.node, candidates) {
            d = d.with_help(format!("vouliez-vous dire `{s}` ?")).with_fix(
                format!("remplacer par `{s}`"),
                vec![Edit {
                    span: name.span,
                    replacement: s.to_string(),
                }],
            );
        }
        d
    }

    pub(super) fn entry(&self, entry: &ast::TableEntry, found: &mut Vec<Diagnostic>) -> Entry {
        match &entry.value {
            ast::EntryValue::Hole => Entry::Hole(entry.span),
            ast::EntryValue::Expr(expr) => Entry::Value(self.expr(expr, found)),
        }
    }

    pub(super) fn expr(&self, expr: &ast::Expr, found: &mut Vec<Diagnostic>) -> Expr {
        use ast::ExprKind as A;
        let span = expr.span;
        let kind = match &expr.kind {
            A::Number(n) => {
                let value = if n.fract().is_zero() {
                    crate::value::Value::Count(*n)
                } else {
                    crate::value::Value::Decimal(*n)
                };
                ExprKind::Literal(value)
            }
            A::Money(n) => ExprKind::Literal(crate::value::Value::Money(*n)),
            A::Percent(n) => match n.checked_div(Decimal::ONE_HUNDRED) {
                Some(rate) => ExprKind::Literal(crate::value::Value::Rate(rate)),
                None => ExprKind::Error,
            },
            A::Duration(d) => ExprKind::Literal(crate::value::Value::Duration(d.clone())),
            A::Date(d) => ExprKind::Literal(crate::value::Value::Date(*d)),
            A::Text(t) => ExprKind::Literal(crate::value::Value::Text(t.clone())),
            A::Bool(b) => ExprKind::Literal(crate::value::Value::Bool(*b)),
            A::Name(name) => self.name(name, span, found),
            A::BaseValue(name) => self.base_value(name, span, found),
            A::Set(items) => self.set(items, span, found),
            A::Table(table) => match self.version.band_sets.len() {
                1 => ExprKind::Table(0, self.table(table, 0, found)),
                0 => {
                    found.push(
                        Diagnostic::new(
                            Code::MixedBandSets,
                            "tableau par tranches sans découpage en tranches",
                            span,
                            "aucune tranche déclarée",
                        )
                        .with_help(
                            "déclarez les tranches : `tranches taille selon habitants { … }`",
                        ),
                    );
                    ExprKind::Error
                }
                _ => {
                    found.push(Diagnostic::new(Code::MixedBandSets, "tableau `[…]` ambigu : la version a plusieurs découpages en tranches", span, "quel découpage ?").with_help("nommez la valeur avec `valeur x par <tranches> […]` et utilisez son nom"));
                    ExprKind::Error
                }
            },
            A::Unary(op, operand) => ExprKind::Unary(*op, Box::new(self.expr(operand, found))),
            A::Binary(op, left, right) => ExprKind::Binary(
                *op,
                Box::new(self.expr(left, found)),
                Box::new(self.expr(right, found)),
            ),
            A::Between { value, low, high } => ExprKind::Between {
                value: Box::new(self.expr(value, found)),
                low: Box::new(self.expr(low, found)),
                high: Box::new(self.expr(high, found)),
            },
            A::Call(function, args) => ExprKind::Call(
                function.node,
                args.iter().map(|a| self.expr(a, found)).collect(),
            ),
            A::If {
                condition,
                then,
                otherwise,
            } => ExprKind::If {
                condition: Box::new(self.expr(condition, found)),
                then: Box::new(self.expr(then, found)),
                otherwise: Box::new(self.expr(otherwise, found)),
            },
            A::Paren(inner) => return self.expr(inner, found),
        };
        Expr {
            kind,
            span,
            ty: Type::Error,
        }
    }

    pub(super) fn name(&self, name: &str, span: Span, found: &mut Vec<Diagnostic>) -> ExprKind {
        match self.version.symbols.get(name) {
            Some(Symbol::Input(i)) => ExprKind::Input(*i),
            Some(Symbol::Value(v)) => ExprKind::Value(*v),
            Some(Symbol::Variant(e, v)) => ExprKind::Literal(crate::value::Value::Variant(*e, *v)),
            Some(Symbol::Mission(m)) => match self.version.missions[*m].main_envelope {
                Some(v) => ExprKind::Value(v),
                None => {
                    found.push(
                        Diagnostic::new(
                            Code::NotAValue,
                            format!("`{name}` est une mission, pas une valeur"),
                            span,
                            "mission",
                        )
                        .with_secondary(self.version.missions[*m].name_span, "mission déclarée ici")
                        .with_help("utilisez le nom d'une de ses enveloppes"),
                    );
                    ExprKind::Error
                }
            },
            Some(Symbol::BandSet(_)) | Some(Symbol::Enum(_)) | Some(Symbol::Condition(_)) => {
                found.push(
                    Diagnostic::new(
                        Code::NotAValue,
                        format!("`{name}` ne désigne pas une valeur"),
                        span,
                        "pas une valeur",
                    )
                    .with_help("utilisez le nom d'une enveloppe, d'une valeur ou d'une entrée"),
                );
                ExprKind::Error
            }
            None => {
                if let Some(removed_at) = self.removed.get(name) {
                    found.push(
                        Diagnostic::new(Code::RemovedStillUsed, format!("`{name}` est retiré par l'avenant mais encore utilisé"), span, "utilisé ici")
                            .with_secondary(*removed_at, "retiré ici")
                            .with_help("remplacez aussi l'élément qui l'utilise (`remplace …`), ou ne le retirez pas"),
                    );
                    return ExprKind::Error;
                }
                let candidates = self
                    .version
                    .symbols
                    .iter()
                    .filter(|(_, s)| {
                        matches!(
                            s,
                            Symbol::Input(_)
                                | Symbol::Value(_)
                                | Symbol::Variant(..)
                                | Symbol::Mission(_)
                        )
                    })
                    .map(|(n, _)| n.as_str());
                let mut d = Diagnostic::new(
                    Code::UnknownName,
                    format!("nom inconnu `{name}`"),
                    span,
                    "inconnu dans cette version",
                );
                if let Some(s) = self.suggest(name, candidates) {
                    d = d.with_suggestion(s, span);
                } else {
                    d = d.with_help(
                        "déclarez-le (`entrée`, `enveloppe`, `valeur`…) ou vérifiez l'orthographe",
                    );
                }
                found.push(d);
                ExprKind::Error
            }
        }
    }

    pub(super) fn set(
        &self,
        items: &[ast::Ident],
        span: Span,
        found: &mut Vec<Diagnostic>,
    ) -> ExprKind {
        let mut enumeration = None;
        let mut members = std::collections::BTreeSet::new();
        for item in items {
            match self.version.symbols.get(&item.node) {
                Some(Symbol::Variant(e, v)) => {
                    if enumeration.is_some_and(|known| known != *e) {
                        found.push(Diagnostic::new(
                            Code::TypeMismatch,
                            "ensemble mêlant deux énumérations",
                            item.span,
                            "autre énumération",
                        ));
                        return ExprKind::Error;
                    }
                    enumeration = Some(*e);
                    members.insert(*v);
                }
                _ => {
                    let variants = self
                        .version
                        .enums
                        .iter()
                        .flat_map(|e| e.variants.iter().map(|v| v.name.as_str()));
                    let mut d = Diagnostic::new(
                        Code::UnknownName,
                        format!("valeur d'énumération inconnue `{}`", item.node),
                        item.span,
                        "inconnue",
                    );
                    if let Some(s) = did_you_mean(&item.node, variants) {
                        d = d.with_help(format!("vouliez-vous dire `{s}` ?")).with_fix(
                            format!("remplacer par `{s}`"),
                            vec![Edit {
                                span: item.span,
                                replacement: s.to_string(),
                            }],
                        );
                    }
                    found.push(d);
                    return ExprKind::Error;
                }
            }
        }
        match enumeration.or(if self.version.enums.len() == 1 {
            Some(0)
        } else {
            None
        }) {
            Some(e) => ExprKind::Literal(crate::value::Value::Set(e, members)),
            None => {
                found.push(Diagnostic::new(
                    Code::TypeMismatch,
                    "ensemble vide d'une énumération inconnue",
                    span,
                    "de quelle énumération ?",
                ));
                ExprKind::Error
            }
        }
    }

    pub(super) fn example(
        &self,
        def: &ast::ExampleDef,
        origin: &Origin,
        found: &mut Vec<Diagnostic>,
    ) -> Example {
        let mut inputs = Vec::new();
        for binding in &def.inputs {
            match self.version.symbols.get(&binding.name.node) {
                Some(Symbol::Input(i)) => inputs.push((*i, self.expr(&binding.value, found))),
                _ => {
                    let names = self.version.inputs.iter().map(|i| i.name.as_str());
                    found.push(self.unknown_in_example(
                        &binding.name,
                        ("une entrée", "entrée inconnue"),
                        names,
                    ));
                }
            }
        }
        let outcome = match &def.outcome {
            ast::Outcome::NotEligible(span) => ExampleOutcome::NotEligible(*span),
            ast::Outcome::Values(bindings) => ExampleOutcome::Values(
                bindings
                    .iter()
                    .filter_map(
                        |binding| match self.version.value_named(&binding.name.node) {
                            Some(value) => Some(ExpectedValue {
                                value,
                                expected: self.expr(&binding.value, found),
                                span: binding.span,
                            }),
                            None => {
                                let names = self.version.values.iter().map(|v| v.name.as_str());
                                found.push(self.unknown_in_example(
                                    &binding.name,
                                    ("une valeur", "valeur inconnue"),
                                    names,
                                ));
                                None
                            }
                        },
                    )
                    .collect(),
            ),
        };
        Example {
            label: def.label.node.clone(),
            inputs,
            outcome,
            origin: origin.clone(),
        }
    }
}
