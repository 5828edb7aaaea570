//! Declares every name of a version (enumerations, inputs, band sets, values, missions):
//! duplicates with "first defined here", and the inputs' types.

use crate::codes::Code;
use crate::consolidate::{Part, PartKind};
use crate::diagnostic::{Diagnostic, Edit};
use crate::ir::*;
use crate::suggest::did_you_mean;
use crate::types::Type;
use clause_grammar::ast::{self, ItemKind, TypeExpr};
use clause_grammar::Span;

use super::{deadline, texts, Builder};

impl Builder<'_> {
    pub(super) fn declare_symbol(
        &mut self,
        name: &str,
        span: Span,
        symbol: Symbol,
        declared_in: &str,
    ) -> bool {
        if name.is_empty() {
            return false;
        }
        if let Some((first, first_in)) = self.symbol_spans.get(name).cloned() {
            let where_ = if first_in == declared_in {
                String::new()
            } else {
                format!(" dans `{first_in}`")
            };
            self.report(
                Diagnostic::new(
                    Code::DuplicateName,
                    format!("`{name}` est déjà défini{where_}"),
                    span,
                    "deuxième définition",
                )
                .with_secondary(first, "première définition")
                .with_help("renommez l'un des deux éléments"),
            );
            return false;
        }
        self.symbol_spans
            .insert(name.to_string(), (span, declared_in.to_string()));
        self.version.symbols.insert(name.to_string(), symbol);
        true
    }

    pub(super) fn declare(&mut self, parts: &[Part]) {
        for part in parts {
            let declared_in = part.origin.declared_in.clone();
            match &part.kind {
                PartKind::Item(ItemKind::Enum(def)) => {
                    let id = self.version.enums.len();
                    self.version.enums.push(EnumType {
                        name: def.name.node.clone(),
                        label: def.label.as_ref().map(|l| l.node.clone()),
                        variants: def
                            .variants
                            .iter()
                            .map(|v| Variant {
                                name: v.name.node.clone(),
                                label: v.label.as_ref().map(|l| l.node.clone()),
                                span: v.name.span,
                            })
                            .collect(),
                        name_span: def.name.span,
                        origin: part.origin.clone(),
                    });
                    self.declare_symbol(
                        &def.name.node,
                        def.name.span,
                        Symbol::Enum(id),
                        &declared_in,
                    );
                    for (index, variant) in def.variants.iter().enumerate() {
                        self.declare_symbol(
                            &variant.name.node,
                            variant.name.span,
                            Symbol::Variant(id, index),
                            &declared_in,
                        );
                    }
                }
                PartKind::Item(ItemKind::Input(def)) => {
                    let id = self.version.inputs.len();
                    self.version.inputs.push(Input {
                        name: def.name.node.clone(),
                        label: def.label.as_ref().map(|l| l.node.clone()),
                        ty: Type::Error,
                        name_span: def.name.span,
                        sources: crate::citation::cite_all(
                            &self.version.references,
                            &def.attributes.sources,
                        ),
                        hypotheses: texts(&def.attributes.hypotheses),
                        origin: part.origin.clone(),
                    });
                    self.declare_symbol(
                        &def.name.node,
                        def.name.span,
                        Symbol::Input(id),
                        &declared_in,
                    );
                }
                PartKind::Item(ItemKind::BandSet(def)) => {
                    let id = self.version.band_sets.len();
                    self.version.band_sets.push(BandSet {
                        name: def.name.node.clone(),
                        dimension: None,
                        dimension_name: def.dimension.node.clone(),
                        dimension_span: def.dimension.span,
                        domain: crate::interval::Interval::NATURAL,
                        domain_span: def.domain.as_ref().map(|d| d.range.span),
                        whole: true,
                        bands: Vec::new(),
                        name_span: def.name.span,
                        origin: part.origin.clone(),
                    });
                    self.declare_symbol(
                        &def.name.node,
                        def.name.span,
                        Symbol::BandSet(id),
                        &declared_in,
                    );
                }
                PartKind::Mission(def) => {
                    let id = self.version.missions.len();
                    self.version.missions.push(Mission {
                        name: def.name.node.clone(),
                        label: def.label.as_ref().map(|l| l.node.clone()),
                        kind: def.kind.node,
                        without_indicator: def.without_indicator.is_some(),
                        start: def.start.as_ref().map(|d| deadline(d, &part.origin)),
                        effective: def.effective.as_ref().map(|d| deadline(d, &part.origin)),
                        envelopes: Vec::new(),
                        main_envelope: None,
                        indicators: texts(&def.indicators),
                        sources: crate::citation::cite_all(
                            &self.version.references,
                            &def.attributes.sources,
                        ),
                        hypotheses: texts(&def.attributes.hypotheses),
                        name_span: def.name.span,
                        duplicate_deadlines: def.duplicate_deadlines.clone(),
                        origin: part.origin.clone(),
                    });
                    self.declare_symbol(
                        &def.name.node,
                        def.name.span,
                        Symbol::Mission(id),
                        &declared_in,
                    );
                }
                PartKind::Envelope { def, mission } => {
                    let mission_id = self.version.mission_named(mission);
                    let id = self.push_value(def, mission_id, part);
                    if let Some(mission_id) = mission_id {
                        self.version.missions[mission_id].envelopes.push(id);
                        // An envelope named like its mission (as an amendment's `remplace
                        // enveloppe acces_aux_soins …` writes it) is the mission's own envelope.
                        let own_name = def.name.as_ref().filter(|n| n.node != *mission);
                        match own_name {
                            Some(name) => {
                                self.declare_symbol(
                                    &name.node,
                                    name.span,
                                    Symbol::Value(id),
                                    &declared_in,
                                );
                            }
                            None if self.version.missions[mission_id].main_envelope.is_none() => {
                                self.version.missions[mission_id].main_envelope = Some(id);
                            }
                            None => {
                                let first = self.version.missions[mission_id]
                                    .main_envelope
                                    .map(|v| self.version.values[v].name_span);
                                let mut d = Diagnostic::new(
                                    Code::DuplicateName,
                                    format!("la mission `{mission}` a deux enveloppes sans nom"),
                                    def.keyword_span,
                                    "deuxième enveloppe sans nom",
                                )
                                .with_help("nommez l'une des deux : `enveloppe nom \"libellé\" …`");
                                if let Some(first) = first {
                                    d = d.with_secondary(first, "première enveloppe sans nom");
                                }
                                self.report(d);
                            }
                        }
                    }
                }
                PartKind::Item(ItemKind::Value(def)) => {
                    let id = self.push_value(def, None, part);
                    if let Some(name) = &def.name {
                        self.declare_symbol(&name.node, name.span, Symbol::Value(id), &declared_in);
                    }
                }
                PartKind::Item(ItemKind::Condition(def)) => {
                    let id = self.version.conditions.len();
                    self.version.conditions.push(Condition {
                        name: def.name.node.clone(),
                        label: def.label.as_ref().map(|l| l.node.clone()),
                        expr: error_expr(def.condition.span),
                        origin: part.origin.clone(),
                    });
                    self.declare_symbol(
                        &def.name.node,
                        def.name.span,
                        Symbol::Condition(id),
                        &declared_in,
                    );
                }
                _ => {}
            }
        }
    }

    pub(super) fn push_value(
        &mut self,
        def: &ast::ValueDef,
        mission: Option<MissionId>,
        part: &Part,
    ) -> ValueId {
        let id = self.version.values.len();
        let (name, name_span) = match (&def.name, mission) {
            (Some(name), _) => (name.node.clone(), name.span),
            (None, Some(m)) => (self.version.missions[m].name.clone(), def.keyword_span),
            (None, None) => (String::new(), def.keyword_span),
        };
        self.version.values.push(ValueItem {
            name,
            label: def.label.as_ref().map(|l| l.node.clone()),
            kind: def.kind,
            mission,
            definition: Definition::Formula(error_expr(def.keyword_span)),
            expected: None,
            // A revalued line's printed table is its base's: it no longer applies.
            expected_span: def
                .expected
                .as_ref()
                .filter(|_| part.revalued.is_none() && part.amount.is_none())
                .map(|t| t.span),
            fixed_share: None,
            payments: def
                .payments
                .iter()
                .map(|p| Payment {
                    kind: p.kind.clone(),
                    span: p.span,
                })
                .collect(),
            sources: crate::citation::cite_all(&self.version.references, &def.attributes.sources),
            hypotheses: texts(&def.attributes.hypotheses),
            reserved: def
                .reserved
                .iter()
                .map(|r| Sourced {
                    value: r.node.clone(),
                    origin: Origin {
                        span: r.span,
                        ..part.origin.clone()
                    },
                })
                .collect(),
            effect: def.effect.as_ref().map(|e| e.node.clone()),
            revaluation: part.revalued.clone(),
            amount_replaced: part.amount.is_some(),
            ty: Type::Error,
            band_set: None,
            grid: None,
            name_span,
            origin: part.origin.clone(),
        });
        id
    }

    pub(super) fn resolve_inputs(&mut self, parts: &[Part]) {
        let mut index = 0;
        for part in parts {
            let PartKind::Item(ItemKind::Input(def)) = &part.kind else {
                continue;
            };
            let ty = match &def.ty.node {
                TypeExpr::Count => Type::Count,
                TypeExpr::Money => Type::Money,
                TypeExpr::Rate => Type::Rate,
                TypeExpr::Decimal => Type::Decimal,
                TypeExpr::Duration => Type::Duration,
                TypeExpr::Date => Type::Date,
                TypeExpr::Boolean => Type::Bool,
                TypeExpr::Text => Type::Text,
                TypeExpr::Named(name) => match self.version.symbols.get(name) {
                    Some(Symbol::Enum(e)) => Type::Enum(*e),
                    _ => self.unknown_type(name, def.ty.span),
                },
                TypeExpr::SetOf(element) => match self.version.symbols.get(&element.node) {
                    Some(Symbol::Enum(e)) => Type::Set(*e),
                    _ => self.unknown_type(&element.node, element.span),
                },
            };
            if let Some(input) = self.version.inputs.get_mut(index) {
                input.ty = ty;
            }
            index += 1;
        }
    }

    pub(super) fn unknown_type(&mut self, name: &str, span: Span) -> Type {
        let enums: Vec<String> = self.version.enums.iter().map(|e| e.name.clone()).collect();
        let mut known = vec![
            "nombre", "montant", "taux", "décimal", "durée", "date", "booléen", "texte",
        ];
        known.extend(enums.iter().map(String::as_str));
        let mut d = Diagnostic::new(
            Code::UnknownType,
            format!("type inconnu `{name}`"),
            span,
            "type inconnu",
        );
        match did_you_mean(name, known.iter().copied()) {
            Some(s) => {
                d = d.with_help(format!("vouliez-vous dire `{s}` ?")).with_fix(format!("remplacer par `{s}`"), vec![Edit { span, replacement: s.to_string() }]);
            }
            None => d = d.with_help("types connus : nombre, montant, taux, décimal, durée, date, booléen, texte, ou une énumération"),
        }
        self.report(d);
        Type::Error
    }
}
