//! Builds the resolved, typed version from consolidated parts: declares every name, resolves
//! references (with "did you mean"), aligns band tables, orders values and types expressions.

use crate::codes::Code;
use crate::consolidate::{Part, PartKind, VersionSource};
use crate::diagnostic::{Diagnostic, Edit};
use crate::ir::*;
use crate::suggest::did_you_mean;
use crate::typecheck::Typer;
use crate::types::Type;
use clause_grammar::ast::{self, BandRange, DeclarationKind, ItemKind, TypeExpr};
use clause_grammar::Span;
use rust_decimal::Decimal;
use std::cell::Cell;
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
        },
        symbol_spans: HashMap::new(),
        removed: source.removed.iter().cloned().collect(),
        suggestions_left: Cell::new(SUGGESTION_BUDGET),
        diagnostics,
    };
    builder.header(&source.parts);
    builder.declare(&source.parts);
    builder.resolve_inputs(&source.parts);
    builder.resolve_band_sets(&source.parts);
    builder.lower_values(&source.parts);
    builder.lower_checks(&source.parts);
    builder.order_values();
    builder.type_everything(&source.parts);
    builder.lower_expected(&source.parts);
    builder.version
}

struct Builder<'d> {
    version: Version,
    /// Where each name was declared, for "first defined here" labels.
    symbol_spans: HashMap<String, (Span, String)>,
    removed: HashMap<String, Span>,
    /// How many more name comparisons "did you mean" may make (see `SUGGESTION_BUDGET`).
    suggestions_left: Cell<usize>,
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
        let mut seen: HashMap<(u8, String), Span> = HashMap::new();
        for part in parts {
            let PartKind::Item(kind) = &part.kind else {
                continue;
            };
            let origin = part.origin.clone();
            let key = match kind {
                ItemKind::Status(s) => {
                    self.version.header.status = Some(Sourced {
                        value: s.node,
                        origin,
                    });
                    0
                }
                ItemKind::SignedOn(d) => {
                    self.version.header.signed_on = Some(Sourced {
                        value: d.node,
                        origin,
                    });
                    1
                }
                ItemKind::PublishedOn(d) => {
                    self.version.header.published_on = Some(Sourced {
                        value: d.node,
                        origin,
                    });
                    2
                }
                ItemKind::ProposedOn(d) => {
                    self.version.header.proposed_on = Some(Sourced {
                        value: d.node,
                        origin,
                    });
                    3
                }
                ItemKind::InForceOn(d) => {
                    self.version.header.in_force_on = Some(Sourced {
                        value: d.node,
                        origin,
                    });
                    4
                }
                ItemKind::ContractDuration(d) => {
                    self.version.header.contract_duration = Some(Sourced {
                        value: d.node.clone(),
                        origin,
                    });
                    5
                }
                ItemKind::ApplicableBefore(d) => {
                    self.version.header.applicable_before = Some(Sourced {
                        value: d.node,
                        origin,
                    });
                    6
                }
                ItemKind::Source(text) => {
                    self.version.header.sources.push(Sourced {
                        value: text.node.clone(),
                        origin,
                    });
                    continue;
                }
                _ => continue,
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

    fn declare_symbol(
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

    fn declare(&mut self, parts: &[Part]) {
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
                        sources: texts(&def.attributes.sources),
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
                        sources: texts(&def.attributes.sources),
                        hypotheses: texts(&def.attributes.hypotheses),
                        name_span: def.name.span,
                        origin: part.origin.clone(),
                    });
                    self.declare_symbol(
                        &def.name.node,
                        def.name.span,
                        Symbol::Mission(id),
                        &declared_in,
                    );
                    for span in &def.duplicate_deadlines {
                        self.report(
                            Diagnostic::new(Code::DuplicateDeadline, format!("la mission `{}` donne deux fois la même échéance", def.name.node), *span, "échéance répétée")
                                .with_secondary(def.name.span, "mission")
                                .with_help("gardez une seule ligne `démarrage` et une seule ligne `déploiement`"),
                        );
                    }
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

    fn push_value(
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
            expected_span: def.expected.as_ref().map(|t| t.span),
            fixed_share: None,
            payments: def
                .payments
                .iter()
                .map(|p| Payment {
                    kind: p.kind.clone(),
                    span: p.span,
                })
                .collect(),
            sources: texts(&def.attributes.sources),
            hypotheses: texts(&def.attributes.hypotheses),
            ty: Type::Error,
            band_set: None,
            name_span,
            origin: part.origin.clone(),
        });
        id
    }

    fn resolve_inputs(&mut self, parts: &[Part]) {
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

    fn unknown_type(&mut self, name: &str, span: Span) -> Type {
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

    fn resolve_band_sets(&mut self, parts: &[Part]) {
        let mut index = 0;
        for part in parts {
            let PartKind::Item(ItemKind::BandSet(def)) = &part.kind else {
                continue;
            };
            let dimension = match self.version.symbols.get(&def.dimension.node) {
                Some(Symbol::Input(i)) if self.version.inputs[*i].ty == Type::Count => Some(*i),
                Some(Symbol::Input(i)) => {
                    let ty = self.version.inputs[*i].ty;
                    if ty != Type::Error {
                        let input_span = self.version.inputs[*i].name_span;
                        self.report(
                            Diagnostic::new(
                                Code::BandDimension,
                                format!(
                                    "les tranches se définissent selon un nombre, or `{}` est {}",
                                    def.dimension.node,
                                    ty.with_article()
                                ),
                                def.dimension.span,
                                "pas un nombre",
                            )
                            .with_secondary(input_span, "entrée déclarée ici")
                            .with_help("déclarez l'entrée avec le type `nombre`"),
                        );
                    }
                    None
                }
                _ => {
                    let inputs: Vec<String> =
                        self.version.inputs.iter().map(|i| i.name.clone()).collect();
                    let mut d = Diagnostic::new(
                        Code::BandDimension,
                        format!("`{}` n'est pas une entrée déclarée", def.dimension.node),
                        def.dimension.span,
                        "entrée inconnue",
                    );
                    d = match did_you_mean(&def.dimension.node, inputs.iter().map(String::as_str)) {
                        Some(s) => d.with_help(format!("vouliez-vous dire `{s}` ?")).with_fix(
                            format!("remplacer par `{s}`"),
                            vec![Edit {
                                span: def.dimension.span,
                                replacement: s.to_string(),
                            }],
                        ),
                        None => d.with_help(format!(
                            "déclarez-la : `entrée {} : nombre`",
                            def.dimension.node
                        )),
                    };
                    self.report(d);
                    None
                }
            };
            let mut bands = Vec::new();
            let mut names: HashMap<&str, Span> = HashMap::new();
            for band in &def.bands {
                if let Some(first) = names.insert(&band.name.node, band.name.span) {
                    self.report(
                        Diagnostic::new(
                            Code::DuplicateName,
                            format!("la tranche `{}` est déjà définie", band.name.node),
                            band.name.span,
                            "deuxième définition",
                        )
                        .with_secondary(first, "première définition"),
                    );
                }
                let (low, high) = self.band_bounds(&band.range);
                bands.push(Band {
                    name: band.name.node.clone(),
                    label: band.label.as_ref().map(|l| l.node.clone()),
                    low,
                    high,
                    name_span: band.name.span,
                    range_span: band.range.span,
                    sources: texts(&band.attributes.sources),
                    hypotheses: texts(&band.attributes.hypotheses),
                });
            }
            if let Some(set) = self.version.band_sets.get_mut(index) {
                set.dimension = dimension;
                set.bands = bands;
            }
            index += 1;
        }
    }

    /// The integer interval a range covers, inclusive.
    fn band_bounds(
        &mut self,
        range: &clause_grammar::Spanned<BandRange>,
    ) -> (Decimal, Option<Decimal>) {
        let numbers: Vec<Decimal> = match &range.node {
            BandRange::Below(a) | BandRange::UpTo(a) | BandRange::From(a) | BandRange::Above(a) => {
                vec![*a]
            }
            BandRange::FromToBelow(a, b) | BandRange::FromTo(a, b) => vec![*a, *b],
        };
        if let Some(fraction) = numbers.iter().find(|n| !n.fract().is_zero()) {
            self.report(
                Diagnostic::new(
                    Code::BandNotInteger,
                    format!(
                        "borne non entière `{}`",
                        crate::value::french_number(*fraction, " ")
                    ),
                    range.span,
                    "la dimension compte des unités entières",
                )
                .with_help("écrivez une borne entière"),
            );
        }
        let bounds = match range.node {
            BandRange::Below(a) => (Decimal::ZERO, Some(a - Decimal::ONE)),
            BandRange::UpTo(a) => (Decimal::ZERO, Some(a)),
            BandRange::FromToBelow(a, b) => (a, Some(b - Decimal::ONE)),
            BandRange::FromTo(a, b) => (a, Some(b)),
            BandRange::From(a) => (a, None),
            BandRange::Above(a) => (a + Decimal::ONE, None),
        };
        if let (low, Some(high)) = bounds {
            if low > high {
                self.report(
                    Diagnostic::new(
                        Code::BandEmpty,
                        "cette tranche ne contient aucune valeur",
                        range.span,
                        "borne inférieure au-delà de la borne supérieure",
                    )
                    .with_help("vérifiez l'ordre des bornes"),
                );
            }
        }
        bounds
    }

    fn resolver(&self) -> Resolver<'_> {
        Resolver {
            version: &self.version,
            removed: &self.removed,
            suggestions_left: &self.suggestions_left,
        }
    }

    fn lower_values(&mut self, parts: &[Part]) {
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
            let definition = match &def.definition {
                ast::Definition::Table { band_set, table } => {
                    match self.version.symbols.get(&band_set.node) {
                        Some(Symbol::BandSet(set)) => {
                            let set = *set;
                            let entries = self.resolver().table(table, set, &mut found);
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
                    Definition::Formula(self.resolver().expr(expr, &mut found))
                }
            };
            let fixed_share = def.fixed_share.as_ref().map(|fixed| FixedShare {
                share: self.resolver().expr(&fixed.share, &mut found),
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

    fn lower_checks(&mut self, parts: &[Part]) {
        let mut condition_index = 0;
        for part in parts {
            let PartKind::Item(kind) = &part.kind else {
                continue;
            };
            let mut found = Vec::new();
            match kind {
                ItemKind::Condition(def) => {
                    let expr = self.resolver().expr(&def.condition, &mut found);
                    if let Some(condition) = self.version.conditions.get_mut(condition_index) {
                        condition.expr = expr;
                    }
                    condition_index += 1;
                }
                ItemKind::Assertion(def) => {
                    let expr = self.resolver().expr(&def.condition, &mut found);
                    self.version.assertions.push(Assertion {
                        label: def.label.as_ref().map(|l| l.node.clone()),
                        expr,
                        origin: part.origin.clone(),
                    });
                }
                ItemKind::Example(def) => {
                    let example = self.resolver().example(def, &part.origin, &mut found);
                    self.version.examples.push(example);
                }
                _ => {}
            }
            self.diagnostics.extend(found);
        }
    }

    /// Orders values so each follows those it uses; reports cycles.
    fn order_values(&mut self) {
        let count = self.version.values.len();
        let dependencies: Vec<Vec<ValueId>> =
            self.version.values.iter().map(value_dependencies).collect();
        // Iterative depth-first search: deep chains of values must not overflow the stack.
        let mut state = vec![0u8; count]; // 0 new, 1 on stack, 2 done
        let mut order = Vec::with_capacity(count);
        let mut in_cycle = vec![false; count];
        for root in 0..count {
            if state[root] != 0 {
                continue;
            }
            let mut stack: Vec<(ValueId, usize)> = vec![(root, 0)];
            state[root] = 1;
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if let Some(&dependency) = dependencies[node].get(*next) {
                    *next += 1;
                    match state[dependency] {
                        0 => {
                            state[dependency] = 1;
                            stack.push((dependency, 0));
                        }
                        1 => {
                            let start = stack
                                .iter()
                                .position(|(n, _)| *n == dependency)
                                .unwrap_or(0);
                            let cycle: Vec<ValueId> =
                                stack[start..].iter().map(|(n, _)| *n).collect();
                            for member in &cycle {
                                in_cycle[*member] = true;
                            }
                            self.report_cycle(&cycle);
                        }
                        _ => {}
                    }
                } else {
                    state[node] = 2;
                    stack.pop();
                    order.push(node);
                }
            }
        }
        self.version.evaluation_order = order.into_iter().filter(|v| !in_cycle[*v]).collect();
    }

    fn report_cycle(&mut self, cycle: &[ValueId]) {
        let names: Vec<String> = cycle
            .iter()
            .map(|v| format!("`{}`", self.version.values[*v].name))
            .collect();
        let first = &self.version.values[cycle[0]];
        let mut d = Diagnostic::new(
            Code::CyclicDefinition,
            format!(
                "définition circulaire : {} → `{}`",
                names.join(" → "),
                first.name
            ),
            first.name_span,
            "dépend de lui-même",
        )
        .with_help("une valeur ne peut pas dépendre d'elle-même : cassez la boucle");
        for member in &cycle[1..] {
            let value = &self.version.values[*member];
            d = d.with_secondary(
                value.name_span,
                format!("`{}` fait partie de la boucle", value.name),
            );
        }
        self.report(d);
    }

    /// `attendu` tables follow the band set the value varies with, known only after typing.
    fn lower_expected(&mut self, parts: &[Part]) {
        let defs = parts.iter().filter_map(|part| match part.kind {
            PartKind::Envelope { def, .. } | PartKind::Item(ItemKind::Value(def)) => Some(def),
            _ => None,
        });
        for (id, def) in defs.enumerate() {
            let Some(table) = &def.expected else { continue };
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

    fn type_everything(&mut self, parts: &[Part]) {
        let mut found = Vec::new();
        Typer::new(&mut self.version, &mut found).run(parts);
        self.diagnostics.extend(found);
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

pub(crate) fn error_expr(span: Span) -> Expr {
    Expr {
        kind: ExprKind::Error,
        span,
        ty: Type::Error,
    }
}

/// The values an item's definition uses directly.
pub fn value_dependencies(value: &ValueItem) -> Vec<ValueId> {
    let mut found = Vec::new();
    match &value.definition {
        Definition::Table { entries, .. } => {
            for entry in entries {
                if let Entry::Value(expr) = entry {
                    collect_values(expr, &mut found);
                }
            }
        }
        Definition::Formula(expr) => collect_values(expr, &mut found),
    }
    found.sort_unstable();
    found.dedup();
    found
}

pub fn collect_values(expr: &Expr, found: &mut Vec<ValueId>) {
    visit(expr, &mut |e| {
        if let ExprKind::Value(id) = e.kind {
            found.push(id);
        }
    });
}

/// Calls `f` on every node of an expression (bounded depth: the parser caps nesting).
pub fn visit(expr: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(expr);
    match &expr.kind {
        ExprKind::Unary(_, e) => visit(e, f),
        ExprKind::Binary(_, a, b) => {
            visit(a, f);
            visit(b, f);
        }
        ExprKind::Between { value, low, high } => {
            visit(value, f);
            visit(low, f);
            visit(high, f);
        }
        ExprKind::Call(_, args) => args.iter().for_each(|a| visit(a, f)),
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => {
            visit(condition, f);
            visit(then, f);
            visit(otherwise, f);
        }
        ExprKind::Table(_, entries) => {
            for entry in entries {
                if let Entry::Value(e) = entry {
                    visit(e, f);
                }
            }
        }
        _ => {}
    }
}

/// Resolves names in expressions and aligns tables with their bands.
struct Resolver<'v> {
    version: &'v Version,
    removed: &'v HashMap<String, Span>,
    suggestions_left: &'v Cell<usize>,
}

impl Resolver<'_> {
    /// `did_you_mean` among the version's names, while the budget of comparisons lasts.
    fn suggest<'a>(
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

    fn table(&self, table: &ast::Table, set: BandSetId, found: &mut Vec<Diagnostic>) -> Vec<Entry> {
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
        let short = crate::short_table::Short {
            table,
            bands,
            set_span: self.version.band_sets[set].name_span,
            holes_allowed: self.version.status() != Some(ast::Status::Signed),
        };
        found.extend(short.check(&mut entries, unknown_bands));
        entries
    }

    fn entry(&self, entry: &ast::TableEntry, found: &mut Vec<Diagnostic>) -> Entry {
        match &entry.value {
            ast::EntryValue::Hole => Entry::Hole(entry.span),
            ast::EntryValue::Expr(expr) => Entry::Value(self.expr(expr, found)),
        }
    }

    fn expr(&self, expr: &ast::Expr, found: &mut Vec<Diagnostic>) -> Expr {
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

    fn name(&self, name: &str, span: Span, found: &mut Vec<Diagnostic>) -> ExprKind {
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
                    d = d.with_help(format!("vouliez-vous dire `{s}` ?")).with_fix(
                        format!("remplacer par `{s}`"),
                        vec![Edit {
                            span,
                            replacement: s.to_string(),
                        }],
                    );
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

    fn set(&self, items: &[ast::Ident], span: Span, found: &mut Vec<Diagnostic>) -> ExprKind {
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

    fn example(
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
                    let mut d = Diagnostic::new(
                        Code::UnknownName,
                        format!(
                            "`{}` n'est pas une entrée de cette version",
                            binding.name.node
                        ),
                        binding.name.span,
                        "entrée inconnue",
                    );
                    if let Some(s) = self.suggest(&binding.name.node, names) {
                        d = d.with_help(format!("vouliez-vous dire `{s}` ?")).with_fix(
                            format!("remplacer par `{s}`"),
                            vec![Edit {
                                span: binding.name.span,
                                replacement: s.to_string(),
                            }],
                        );
                    }
                    found.push(d);
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
                                let mut d = Diagnostic::new(
                                    Code::UnknownName,
                                    format!(
                                        "`{}` n'est pas une valeur de cette version",
                                        binding.name.node
                                    ),
                                    binding.name.span,
                                    "valeur inconnue",
                                );
                                if let Some(s) = self.suggest(&binding.name.node, names) {
                                    d = d.with_help(format!("vouliez-vous dire `{s}` ?")).with_fix(
                                        format!("remplacer par `{s}`"),
                                        vec![Edit {
                                            span: binding.name.span,
                                            replacement: s.to_string(),
                                        }],
                                    );
                                }
                                found.push(d);
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

/// The span of a positional entry with the comma before it, so that removing it leaves a valid table.
fn extend_to_previous_comma(table: &ast::Table, index: usize) -> Span {
    let entry = table.entries[index].span;
    match index.checked_sub(1).and_then(|i| table.entries.get(i)) {
        Some(previous) => Span::new(entry.file, previous.span.end, entry.end),
        None => entry,
    }
}
