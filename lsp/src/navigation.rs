//! The navigation index, built once per analysis: every name written in the sources (definition
//! or reference), what it resolves to in the version it is read in, and the identity shared by a
//! name and all its references across files (an amendment's `remplace` joins its base's item).

use clause_compiler::ir::{BandSetId, Symbol, Version};
use clause_compiler::{Analysis, FileId, Span};
use clause_grammar::ast::{
    Declaration, Definition, EntryValue, Expr, ExprKind, ItemKind, Outcome, Table, TypeExpr,
    ValueDef,
};
use clause_grammar::Spanned;
use std::collections::HashMap;

pub use crate::names::{NameKind, Occurrence, Target};

#[derive(Debug, Default)]
pub struct NavIndex {
    /// Each file's occurrences, sorted by start.
    by_file: HashMap<FileId, Vec<Occurrence>>,
    by_key: HashMap<Span, Vec<Span>>,
}

impl NavIndex {
    pub fn build(analysis: &Analysis) -> Self {
        let mut builder = Builder {
            analysis,
            raw: Vec::new(),
            unions: Vec::new(),
            versions: HashMap::new(),
            condition_names: HashMap::new(),
        };
        builder.prepare();
        for (_, tree) in &analysis.files {
            let Some(tree) = tree else { continue };
            for declaration in &tree.declarations {
                builder.declaration(declaration);
            }
        }
        builder.finish()
    }

    pub fn occurrences(&self, file: FileId) -> &[Occurrence] {
        self.by_file.get(&file).map_or(&[], Vec::as_slice)
    }

    /// The name under the cursor (the end of a word counts, as editors place the cursor there).
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        let list = self.occurrences(file);
        let after = list.partition_point(|o| o.span.start <= offset);
        list[..after]
            .iter()
            .rev()
            .take(4)
            .find(|o| o.span.start <= offset && offset <= o.span.end)
    }

    /// Every span naming the same thing as `key`, definitions included, sorted.
    pub fn references(&self, key: Span) -> &[Span] {
        self.by_key.get(&key).map_or(&[], Vec::as_slice)
    }

    pub fn all(&self) -> impl Iterator<Item = &Occurrence> {
        self.by_file.values().flatten()
    }
}

struct Builder<'a> {
    analysis: &'a Analysis,
    raw: Vec<Occurrence>,
    /// Pairs of definitions that are one item across an amendment (`remplace`): (amendment, base).
    unions: Vec<(Span, Span)>,
    /// Each version's declaration name span.
    versions: HashMap<String, Span>,
    /// A condition's item span (as its origin records it) → its name span.
    condition_names: HashMap<Span, Span>,
}

/// Where the walk is: the version names resolve in, and the base version of an amendment.
#[derive(Clone, Copy)]
struct Context<'a> {
    version: Option<(usize, &'a Version)>,
    base: Option<&'a Version>,
    replacing: bool,
}

impl<'a> Builder<'a> {
    fn prepare(&mut self) {
        for (_, tree) in &self.analysis.files {
            let Some(tree) = tree else { continue };
            for declaration in &tree.declarations {
                self.versions
                    .entry(declaration.name.node.clone())
                    .or_insert(declaration.name.span);
                for item in &declaration.items {
                    let (inner, outer_span) = match &item.kind {
                        ItemKind::Add(inner) | ItemKind::Replace(inner) => {
                            (&inner.kind, Some(inner.span))
                        }
                        kind => (kind, None),
                    };
                    if let ItemKind::Condition(condition) = inner {
                        self.condition_names.insert(item.span, condition.name.span);
                        if let Some(span) = outer_span {
                            self.condition_names.insert(span, condition.name.span);
                        }
                    }
                }
            }
        }
    }

    fn finish(self) -> NavIndex {
        // Union-find over definition spans; the base's definition is the representative.
        let mut parent: HashMap<Span, Span> = HashMap::new();
        fn find(parent: &HashMap<Span, Span>, mut span: Span) -> Span {
            let mut steps = 0;
            while let Some(&next) = parent.get(&span) {
                if next == span || steps > 64 {
                    break;
                }
                span = next;
                steps += 1;
            }
            span
        }
        for (amendment, base) in &self.unions {
            let a = find(&parent, *amendment);
            let b = find(&parent, *base);
            if a != b {
                parent.insert(a, b);
            }
        }
        let mut by_file: HashMap<FileId, Vec<Occurrence>> = HashMap::new();
        let mut by_key: HashMap<Span, Vec<Span>> = HashMap::new();
        for mut occurrence in self.raw {
            occurrence.key = find(&parent, occurrence.definition);
            by_key
                .entry(occurrence.key)
                .or_default()
                .push(occurrence.span);
            by_file
                .entry(occurrence.span.file)
                .or_default()
                .push(occurrence);
        }
        for list in by_file.values_mut() {
            list.sort_by_key(|o| (o.span.start, o.span.end));
            list.dedup_by(|a, b| a.span == b.span);
        }
        for list in by_key.values_mut() {
            list.sort();
            list.dedup();
        }
        NavIndex { by_file, by_key }
    }

    fn declaration(&mut self, declaration: &'a Declaration) {
        let analysis = self.analysis;
        let version =
            analysis.versions.iter().enumerate().find(|(_, v)| {
                v.name == declaration.name.node && v.name_span == declaration.name.span
            });
        let base = declaration
            .base
            .as_ref()
            .and_then(|b| analysis.version(&b.node));
        let context = Context {
            version,
            base,
            replacing: false,
        };
        self.push_definition(
            declaration.name.span,
            &declaration.name.node,
            NameKind::Version,
            context,
            Some(Target::Version(declaration.name.node.clone())),
        );
        if let Some(base_name) = &declaration.base {
            if let Some(&definition) = self.versions.get(&base_name.node) {
                self.raw.push(Occurrence {
                    span: base_name.span,
                    name: base_name.node.clone(),
                    kind: NameKind::Version,
                    is_definition: false,
                    definition,
                    key: definition,
                    version: version.map(|(i, _)| i),
                    target: Some(Target::Version(base_name.node.clone())),
                });
            }
        }
        for item in &declaration.items {
            self.item(&item.kind, context);
        }
    }

    fn item(&mut self, kind: &'a ItemKind, context: Context<'a>) {
        self.citations(kind, context);
        match kind {
            ItemKind::Enum(def) => {
                self.push_definition(
                    def.name.span,
                    &def.name.node,
                    NameKind::Enum,
                    context,
                    symbol(context, &def.name.node),
                );
                for variant in &def.variants {
                    self.push_definition(
                        variant.name.span,
                        &variant.name.node,
                        NameKind::Variant,
                        context,
                        symbol(context, &variant.name.node),
                    );
                }
            }
            ItemKind::Input(def) => {
                self.push_definition(
                    def.name.span,
                    &def.name.node,
                    NameKind::Input,
                    context,
                    symbol(context, &def.name.node),
                );
                match &def.ty.node {
                    TypeExpr::Named(name) => self.reference(def.ty.span, name, context),
                    TypeExpr::SetOf(name) => self.reference(name.span, &name.node, context),
                    _ => {}
                }
            }
            ItemKind::BandSet(def) => {
                self.push_definition(
                    def.name.span,
                    &def.name.node,
                    NameKind::BandSet,
                    context,
                    symbol(context, &def.name.node),
                );
                self.reference(def.dimension.span, &def.dimension.node, context);
                let set = band_set_id(context, &def.name.node);
                for (index, band) in def.bands.iter().enumerate() {
                    let target = set.map(|s| {
                        Target::Band(s, band_index(context, s, &band.name.node).unwrap_or(index))
                    });
                    self.push_definition(
                        band.name.span,
                        &band.name.node,
                        NameKind::Band,
                        context,
                        target,
                    );
                }
            }
            ItemKind::Value(def) => self.value(def, None, context),
            ItemKind::Mission(def) => {
                self.push_definition(
                    def.name.span,
                    &def.name.node,
                    NameKind::Mission,
                    context,
                    symbol(context, &def.name.node),
                );
                for envelope in &def.envelopes {
                    self.value(envelope, Some(&def.name.node), context);
                }
            }
            ItemKind::Condition(def) => {
                self.push_definition(
                    def.name.span,
                    &def.name.node,
                    NameKind::Condition,
                    context,
                    symbol(context, &def.name.node),
                );
                self.expr(&def.condition, context);
            }
            ItemKind::Assertion(def) => self.expr(&def.condition, context),
            ItemKind::Example(def) => {
                for binding in &def.inputs {
                    self.reference(binding.name.span, &binding.name.node, context);
                    self.expr(&binding.value, context);
                }
                if let Outcome::Values(bindings) = &def.outcome {
                    for binding in bindings {
                        self.reference(binding.name.span, &binding.name.node, context);
                        self.expr(&binding.value, context);
                    }
                }
            }
            ItemKind::Add(inner) => self.item(&inner.kind, context),
            ItemKind::Replace(inner) => self.item(
                &inner.kind,
                Context {
                    replacing: true,
                    ..context
                },
            ),
            ItemKind::Remove(_) | ItemKind::Revalue(_) | ItemKind::ReplaceAmount(_) => {
                let names: Vec<&Spanned<String>> = match kind {
                    ItemKind::Remove(remove) => vec![&remove.name],
                    ItemKind::Revalue(revalue) => revalue.targets.iter().collect(),
                    ItemKind::ReplaceAmount(replace) => vec![&replace.target],
                    _ => Vec::new(),
                };
                for name in names {
                    self.base_reference(name, context);
                }
                if let ItemKind::ReplaceAmount(replace) = kind {
                    match &replace.definition {
                        Definition::Table { table, .. } => self.table(table, None, context),
                        Definition::Formula(expr) => self.expr(expr, context),
                        other => self.criteria(other, context),
                    }
                }
            }
            _ => {}
        }
    }

    /// A name of the base, as an amendment's `retire`, `revalorise`, `remplace montant` or
    /// `x de la base` writes it: an occurrence of the base's item.
    fn base_reference(&mut self, name: &'a Spanned<String>, context: Context<'a>) {
        if let Some(base) = context.base {
            if let Some((definition, kind, target)) = resolve(self, base, &name.node) {
                self.raw.push(Occurrence {
                    span: name.span,
                    name: name.node.clone(),
                    kind,
                    is_definition: false,
                    definition,
                    key: definition,
                    version: self
                        .analysis
                        .versions
                        .iter()
                        .position(|v| std::ptr::eq(v, base)),
                    target: Some(target),
                });
            }
        }
    }

    fn value(&mut self, def: &'a ValueDef, mission: Option<&str>, context: Context<'a>) {
        let value_name = def.name.as_ref().map(|n| n.node.as_str()).or(mission);
        if let Some(name) = &def.name {
            self.push_definition(
                name.span,
                &name.node,
                NameKind::of_value(def.kind),
                context,
                symbol(context, &name.node),
            );
        }
        let value_set = value_name.and_then(|n| {
            let (_, version) = context.version?;
            let id = version.value_named(n)?;
            version.values.get(id)?.band_set
        });
        match &def.definition {
            Definition::Table { band_set, table } => {
                self.reference(band_set.span, &band_set.node, context);
                let set = band_set_id(context, &band_set.node).or(value_set);
                self.table(table, set, context);
            }
            Definition::Formula(expr) => self.expr(expr, context),
            other => self.criteria(other, context),
        }
        if let Some(expected) = &def.expected {
            self.table(expected, value_set, context);
        }
        if let Some(share) = &def.fixed_share {
            self.expr(&share.share, context);
        }
    }

    /// A table by two criteria (its criteria, the bands naming its rows, its cells) or a table
    /// of rules (its inputs, its values).
    fn criteria(&mut self, definition: &'a Definition, context: Context<'a>) {
        match definition {
            Definition::Grid(grid) => {
                self.reference(grid.rows.span, &grid.rows.node, context);
                self.reference(grid.columns.span, &grid.columns.node, context);
                let set = band_set_id(context, &grid.columns.node);
                let rows = band_set_id(context, &grid.rows.node);
                for row in &grid.entries {
                    self.band_key(&row.key, rows, context);
                    self.table(&row.table, set, context);
                }
            }
            Definition::Rules(rules) => {
                for input in &rules.inputs {
                    self.reference(input.span, &input.node, context);
                }
                for rule in &rules.rules {
                    if let EntryValue::Expr(expr) = &rule.value.value {
                        self.expr(expr, context);
                    }
                }
            }
            Definition::Table { table, .. } => self.table(table, None, context),
            Definition::Formula(expr) => self.expr(expr, context),
        }
    }

    /// A band named as a key (a named table's entry, a row of a table by two criteria).
    fn band_key(
        &mut self,
        band: &'a clause_grammar::ast::Ident,
        set: Option<BandSetId>,
        context: Context<'a>,
    ) {
        if let (Some(set), Some((index, version))) = (set, context.version) {
            if let Some(position) = band_index(context, set, &band.node) {
                let definition = version.band_sets[set].bands[position].name_span;
                self.raw.push(Occurrence {
                    span: band.span,
                    name: band.node.clone(),
                    kind: NameKind::Band,
                    is_definition: false,
                    definition,
                    key: definition,
                    version: Some(index),
                    target: Some(Target::Band(set, position)),
                });
            }
        }
    }

    fn table(&mut self, table: &'a Table, set: Option<BandSetId>, context: Context<'a>) {
        for entry in &table.entries {
            if let Some(band) = &entry.band {
                self.band_key(band, set, context);
            }
            if let EntryValue::Expr(expr) = &entry.value {
                self.expr(expr, context);
            }
        }
    }

    fn expr(&mut self, expr: &'a Expr, context: Context<'a>) {
        match &expr.kind {
            ExprKind::Name(name) => self.reference(expr.span, name, context),
            ExprKind::BaseValue(name) => self.base_reference(name, context),
            ExprKind::Set(items) => {
                for item in items {
                    self.reference(item.span, &item.node, context);
                }
            }
            ExprKind::Table(table) => self.table(table, None, context),
            ExprKind::Unary(_, operand) | ExprKind::Paren(operand) => self.expr(operand, context),
            ExprKind::Binary(_, left, right) => {
                self.expr(left, context);
                self.expr(right, context);
            }
            ExprKind::Between { value, low, high } => {
                self.expr(value, context);
                self.expr(low, context);
                self.expr(high, context);
            }
            ExprKind::Call(_, args) => {
                for arg in args {
                    self.expr(arg, context);
                }
            }
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => {
                self.expr(condition, context);
                self.expr(then, context);
                self.expr(otherwise, context);
            }
            _ => {}
        }
    }

    fn push_definition(
        &mut self,
        span: Span,
        name: &str,
        kind: NameKind,
        context: Context<'a>,
        target: Option<Target>,
    ) {
        if context.replacing {
            if let Some(base) = context.base {
                if let Some((base_definition, _, _)) = resolve(self, base, name) {
                    self.unions.push((span, base_definition));
                }
            }
        }
        self.raw.push(Occurrence {
            span,
            name: name.to_string(),
            kind,
            is_definition: true,
            definition: span,
            key: span,
            version: context.version.map(|(i, _)| i),
            target,
        });
    }

    fn citations(&mut self, kind: &'a ItemKind, context: Context<'a>) {
        let found = crate::citations::occurrences(kind, context.version);
        self.raw.extend(found);
    }

    fn reference(&mut self, span: Span, name: &str, context: Context<'a>) {
        let Some((index, version)) = context.version else {
            return;
        };
        if let Some((definition, kind, target)) = resolve(self, version, name) {
            self.raw.push(Occurrence {
                span,
                name: name.to_string(),
                kind,
                is_definition: false,
                definition,
                key: definition,
                version: Some(index),
                target: Some(target),
            });
        }
    }
}

fn symbol(context: Context<'_>, name: &str) -> Option<Target> {
    let (_, version) = context.version?;
    version.symbols.get(name).map(|s| Target::Symbol(*s))
}

fn band_set_id(context: Context<'_>, name: &str) -> Option<BandSetId> {
    let (_, version) = context.version?;
    match version.symbols.get(name)? {
        Symbol::BandSet(id) => Some(*id),
        _ => None,
    }
}

fn band_index(context: Context<'_>, set: BandSetId, name: &str) -> Option<usize> {
    let (_, version) = context.version?;
    version
        .band_sets
        .get(set)?
        .bands
        .iter()
        .position(|b| b.name == name)
}

/// A name's definition span, kind and target in `version`.
fn resolve(
    builder: &Builder<'_>,
    version: &Version,
    name: &str,
) -> Option<(Span, NameKind, Target)> {
    let symbol = *version.symbols.get(name)?;
    let (span, kind) = match symbol {
        Symbol::Input(i) => (version.inputs.get(i)?.name_span, NameKind::Input),
        Symbol::Value(v) => {
            let value = version.values.get(v)?;
            (value.name_span, NameKind::of_value(value.kind))
        }
        Symbol::Mission(m) => (version.missions.get(m)?.name_span, NameKind::Mission),
        Symbol::BandSet(b) => (version.band_sets.get(b)?.name_span, NameKind::BandSet),
        Symbol::Enum(e) => (version.enums.get(e)?.name_span, NameKind::Enum),
        Symbol::Variant(e, i) => (
            version.enums.get(e)?.variants.get(i)?.span,
            NameKind::Variant,
        ),
        Symbol::Condition(c) => {
            let origin = version.conditions.get(c)?.origin.span;
            (*builder.condition_names.get(&origin)?, NameKind::Condition)
        }
    };
    Some((span, kind, Target::Symbol(symbol)))
}
