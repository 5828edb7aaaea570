//! The resolved, typed version: ids instead of names, types on every expression, the origin of
//! every item (which declaration set it: the base or the amendment). Evaluation works on this.

pub use crate::citation::{Citation, Reference};
pub use crate::criteria::{Axis, CellChoice, GridAxes};
pub use crate::static_values::{
    stored_value, BandChoice, EvalError, EvalResult, Scenario, StaticValues, ValueKey,
};

/// `par taille et zone { … }`, its cells resolved.
pub type GridDef = crate::criteria::GridDef<Entry>;
/// `selon habitants et atteinte { … }`, its values resolved.
pub type RuleTableDef = crate::criteria::RuleTableDef<Entry>;
pub type RuleDef = crate::criteria::RuleDef<Entry>;
use crate::interval::{Bound, Interval};
use crate::types::{EnumId, Type};
use crate::value::Value;
use chrono::NaiveDate;
use clause_grammar::ast::{
    BinaryOp, DatePolicy, Duration, Event, Function, MissionKind, PaymentKind, Status, UnaryOp,
    ValueKind,
};
pub use clause_grammar::ast::{LineEffect, Reservation};
use clause_grammar::{FileId, Span};
use rust_decimal::Decimal;
use std::collections::HashMap;

pub type InputId = usize;
pub type ValueId = usize;
pub type MissionId = usize;
pub type BandSetId = usize;

/// What an item's presence in a consolidated version owes to the amendment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Change {
    /// Written in the declaration itself (or inherited unchanged from the base).
    Original,
    /// Added by the amendment (`ajoute`).
    Added,
    /// Replaced by the amendment (`remplace`).
    Replaced,
}

/// Where an item was written: the declaration (version) and the span of its text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Origin {
    pub declared_in: String,
    pub span: Span,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionKind {
    Agreement,
    /// An amendment consolidated onto its base: `chain` lists the bases, nearest first.
    Consolidated {
        base: String,
        chain: Vec<String>,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Header {
    pub status: Option<Sourced<Status>>,
    pub signed_on: Option<Sourced<NaiveDate>>,
    pub published_on: Option<Sourced<NaiveDate>>,
    pub proposed_on: Option<Sourced<NaiveDate>>,
    pub in_force_on: Option<Sourced<NaiveDate>>,
    pub contract_duration: Option<Sourced<Duration>>,
    pub applicable_before: Option<Sourced<NaiveDate>>,
    /// `dates ambiguës : …`, declared by the version or inherited from its base.
    pub date_policy: Option<Sourced<DatePolicy>>,
    pub sources: Vec<Sourced<Citation>>,
}

#[derive(Debug, Clone)]
pub struct Version {
    pub name: String,
    pub title: Option<String>,
    pub file: FileId,
    /// The span of the declaration's name.
    pub name_span: Span,
    pub kind: VersionKind,
    pub header: Header,
    /// The sources it may cite (`référence`), its own and its bases', in the order written.
    pub references: Vec<Reference>,
    pub enums: Vec<EnumType>,
    pub inputs: Vec<Input>,
    pub band_sets: Vec<BandSet>,
    pub values: Vec<ValueItem>,
    pub missions: Vec<Mission>,
    pub conditions: Vec<Condition>,
    pub assertions: Vec<Assertion>,
    pub examples: Vec<Example>,
    pub symbols: HashMap<String, Symbol>,
    /// Values in an order where each comes after those it uses (cycles left out).
    pub evaluation_order: Vec<ValueId>,
    /// Every value in every static scenario, computed once by the analysis
    /// (`interpret::scenarios`) after resolution: what the checks, the documents, the evaluator
    /// and the language server read.
    pub static_values: StaticValues,
    /// Where the version's text reads `x de la base`: what the documents say instead of the
    /// base's amounts the expression holds.
    pub base_reads: Vec<BaseRead>,
    /// For an amendment: the versions of its chain, nearest base first, each without bases of
    /// its own (filled by the analysis). The periods of a line's values: before an amendment's
    /// date of effect, a payment uses the base's value (`evaluate::timeline`).
    pub bases: Vec<Version>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol {
    Input(InputId),
    Value(ValueId),
    Mission(MissionId),
    BandSet(BandSetId),
    Enum(EnumId),
    Variant(EnumId, usize),
    Condition(usize),
}

#[derive(Debug, Clone)]
pub struct EnumType {
    pub name: String,
    pub label: Option<String>,
    pub variants: Vec<Variant>,
    pub name_span: Span,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub label: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Input {
    pub name: String,
    pub label: Option<String>,
    pub ty: Type,
    pub name_span: Span,
    pub sources: Vec<Citation>,
    pub hypotheses: Vec<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct BandSet {
    pub name: String,
    pub dimension: Option<InputId>,
    pub dimension_name: String,
    pub dimension_span: Span,
    /// The values the bands divide: `[0, ∞)` unless declared (`selon medecins, à partir de 10`).
    pub domain: Interval,
    /// The declared domain as written, when there is one.
    pub domain_span: Option<Span>,
    /// The dimension counts whole units (`nombre`): every band's bounds are then closed whole
    /// numbers (`plus de 10` is `[11, …]`); otherwise they are exact as written.
    pub whole: bool,
    pub bands: Vec<Band>,
    pub name_span: Span,
    pub origin: Origin,
}

impl BandSet {
    /// The band that holds `value`, when exactly one does (the checker proves the partition).
    pub fn band_of(&self, value: Decimal) -> Option<usize> {
        self.bands.iter().position(|band| band.contains(value))
    }
}

#[derive(Debug, Clone)]
pub struct Band {
    pub name: String,
    pub label: Option<String>,
    /// The lower bound: for a whole-number dimension the smallest whole number in the band
    /// (closed), otherwise the exact value written (in percent divided by 100 for a rate).
    pub low: Decimal,
    /// The lower bound is excluded (`plus de …`); never for a whole-number dimension.
    pub low_open: bool,
    /// The upper bound (the largest whole number in the band for a whole-number dimension);
    /// `None` for a band that goes on.
    pub high: Option<Decimal>,
    /// The upper bound is excluded (`… moins de …`); never for a whole-number dimension.
    pub high_open: bool,
    /// The dimension is a rate: the bounds are read (and shown) in percent.
    pub percent: bool,
    /// The hypotheses written on a bound (`moins de 175 000 (hypothèse "…")`), each with the
    /// bound's value in the dimension's units (`50 %` is 0,5): they decide which band owns it.
    pub bound_hypotheses: Vec<(Decimal, String)>,
    pub name_span: Span,
    pub range_span: Span,
    /// The range as written (the bounds above are derived from it).
    pub range: clause_grammar::ast::BandRange,
    pub sources: Vec<Citation>,
    pub hypotheses: Vec<String>,
}

impl Band {
    pub fn contains(&self, value: Decimal) -> bool {
        self.interval().contains(value)
    }

    /// The band's values as an exact interval.
    pub fn interval(&self) -> Interval {
        let bound = |value: Decimal, open: bool| Bound {
            value,
            closed: !open,
        };
        Interval {
            low: bound(self.low, self.low_open),
            high: self.high.map(|h| bound(h, self.high_open)),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ValueItem {
    pub name: String,
    pub label: Option<String>,
    pub kind: ValueKind,
    pub mission: Option<MissionId>,
    pub definition: Definition,
    /// `attendu`: the values the source prints, one per band of `band_set`.
    pub expected: Option<Vec<Entry>>,
    pub expected_span: Option<Span>,
    pub fixed_share: Option<FixedShare>,
    pub payments: Vec<Payment>,
    pub sources: Vec<Citation>,
    pub hypotheses: Vec<String>,
    /// `réservé …`: the contracts this line reaches (kept through a chain of amendments with
    /// the line itself).
    pub reserved: Vec<Sourced<Reservation>>,
    /// `à compter du …`: the date of effect of the operation that wrote the line, when it is
    /// not its version's.
    pub effect: Option<LineEffect>,
    /// `revalorise … de N %`: the line is its base's, its amount times (1 + N %).
    pub revaluation: Option<Revaluation>,
    /// `remplace montant …`: the amount is the amendment's, the rest of the line its base's.
    pub amount_replaced: bool,
    pub ty: Type,
    /// The band set the value varies with, if any.
    pub band_set: Option<BandSetId>,
    /// The two criteria the value varies with (a table by two criteria, or a formula using
    /// one): then `band_set` is `None`.
    pub grid: Option<GridAxes>,
    pub name_span: Span,
    pub origin: Origin,
}

/// `x de la base` in an amendment's text: the expression at `span` is the line `line` of the
/// version `base`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseRead {
    pub span: Span,
    pub line: String,
    pub base: String,
}

/// An amendment's `revalorise … de N % [arrondi …]` on one line: what the documents and the
/// comparisons say (« +5 % »), the amount itself being the base's definition times (1 + N %).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revaluation {
    /// In percent: `5` for `+5 %`.
    pub percent: Decimal,
    pub rounding: Option<Function>,
    /// The version whose amount is revalued (the amendment's nearest base).
    pub base: String,
    /// The `revalorise` operation.
    pub span: Span,
}

impl Revaluation {
    /// « +5 % », « -2,5 % », with the rounding: « +5 %, arrondi au centime ».
    pub fn words(&self) -> String {
        let sign = if self.percent.is_sign_negative() {
            ""
        } else {
            "+"
        };
        let rate = crate::value::french_number(self.percent, " ");
        match self.rounding {
            Some(f) => format!("{sign}{rate} %, {}", f.french()),
            None => format!("{sign}{rate} %"),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Definition {
    Table {
        band_set: BandSetId,
        entries: Vec<Entry>,
        span: Span,
    },
    Formula(Expr),
    /// `par taille et zone { … }`
    Grid(GridDef),
    /// `selon habitants et atteinte { … }`
    Rules(RuleTableDef),
}

impl Definition {
    /// The definition's text: the table, or the formula.
    pub fn span(&self) -> Span {
        match self {
            Definition::Formula(expr) => expr.span,
            Definition::Table { span, .. } => *span,
            Definition::Grid(grid) => grid.span,
            Definition::Rules(rules) => rules.span,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Entry {
    Value(Expr),
    /// `non précisé`
    Hole(Span),
    /// No value was written for this band (already reported).
    Missing,
}

#[derive(Debug, Clone)]
pub struct FixedShare {
    pub share: Expr,
    pub hypothesis: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    pub kind: PaymentKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Mission {
    pub name: String,
    pub label: Option<String>,
    pub kind: MissionKind,
    pub without_indicator: bool,
    pub start: Option<Sourced<DeadlineRule>>,
    pub effective: Option<Sourced<DeadlineRule>>,
    pub envelopes: Vec<ValueId>,
    /// The envelope written without a name, which takes the mission's name.
    pub main_envelope: Option<ValueId>,
    pub indicators: Vec<String>,
    pub sources: Vec<Citation>,
    pub hypotheses: Vec<String>,
    pub name_span: Span,
    /// Deadline lines given a second time (E0503, reported by the checker).
    pub duplicate_deadlines: Vec<Span>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeadlineRule {
    Free,
    Unspecified,
    After { delay: Duration, event: Event },
}

#[derive(Debug, Clone)]
pub struct Condition {
    pub name: String,
    pub label: Option<String>,
    pub expr: Expr,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Assertion {
    pub label: Option<String>,
    pub expr: Expr,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub label: String,
    pub inputs: Vec<(InputId, Expr)>,
    pub outcome: ExampleOutcome,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub enum ExampleOutcome {
    NotEligible(Span),
    Values(Vec<ExpectedValue>),
}

#[derive(Debug, Clone)]
pub struct ExpectedValue {
    pub value: ValueId,
    pub expected: Expr,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
    pub ty: Type,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Literal(Value),
    Input(InputId),
    Value(ValueId),
    /// A band-indexed literal `[…]`, one entry per band of the set.
    Table(BandSetId, Vec<Entry>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Between {
        value: Box<Expr>,
        low: Box<Expr>,
        high: Box<Expr>,
    },
    Call(Function, Vec<Expr>),
    If {
        condition: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    /// An expression that could not be resolved (already reported).
    Error,
}

impl Version {
    pub fn value_named(&self, name: &str) -> Option<ValueId> {
        match self.symbols.get(name)? {
            Symbol::Value(id) => Some(*id),
            Symbol::Mission(m) => self.missions[*m].main_envelope,
            _ => None,
        }
    }

    pub fn input_named(&self, name: &str) -> Option<InputId> {
        match self.symbols.get(name)? {
            Symbol::Input(id) => Some(*id),
            _ => None,
        }
    }

    /// The name of an input (empty for an id of another version: never shown as a panic).
    pub fn input_name(&self, id: InputId) -> &str {
        self.inputs.get(id).map_or("", |input| input.name.as_str())
    }

    pub fn mission_named(&self, name: &str) -> Option<MissionId> {
        match self.symbols.get(name)? {
            Symbol::Mission(id) => Some(*id),
            _ => None,
        }
    }

    /// The version's date of effect: its own `en vigueur le`, else the latest of its own
    /// publication, signature and proposal dates (an amendment's inherited dates are its
    /// base's, not its own).
    pub fn date_of_effect(&self) -> Option<NaiveDate> {
        self.date_of_effect_line().map(|d| d.value)
    }

    /// The references the version cites somewhere, in the order they are declared: the list at the
    /// end of its documents.
    pub fn cited_references(&self) -> Vec<&Reference> {
        let version = self;
        let header = version.header.sources.iter().map(|s| &s.value);
        let values = version.values.iter().flat_map(|v| &v.sources);
        let missions = version.missions.iter().flat_map(|m| &m.sources);
        let inputs = version.inputs.iter().flat_map(|i| &i.sources);
        let bands = version
            .band_sets
            .iter()
            .flat_map(|s| &s.bands)
            .flat_map(|b| &b.sources);
        let cited: std::collections::HashSet<&str> = header
            .chain(values)
            .chain(missions)
            .chain(inputs)
            .chain(bands)
            .filter_map(|c| c.reference.as_deref())
            .collect();
        version
            .references
            .iter()
            .filter(|r| cited.contains(r.name.as_str()))
            .collect()
    }

    /// The header line that gives the date of effect.
    pub fn date_of_effect_line(&self) -> Option<&Sourced<NaiveDate>> {
        let h = &self.header;
        let mine = |d: &Sourced<NaiveDate>| d.origin.declared_in == self.name;
        h.in_force_on.as_ref().filter(|d| mine(d)).or_else(|| {
            [&h.published_on, &h.signed_on, &h.proposed_on]
                .into_iter()
                .flatten()
                .filter(|d| mine(d))
                .max_by_key(|d| d.value)
        })
    }

    /// How ambiguous dates are computed: the declared policy, `fin de mois` by default.
    pub fn date_policy(&self) -> DatePolicy {
        self.header
            .date_policy
            .as_ref()
            .map_or(DatePolicy::default(), |p| p.value)
    }

    /// The contracts an amendment's own lines are reserved to (`applicable aux contrats signés
    /// avant le …` written in this version, not inherited).
    pub fn own_applicable_before(&self) -> Option<NaiveDate> {
        self.header
            .applicable_before
            .as_ref()
            .filter(|d| d.origin.declared_in == self.name)
            .map(|d| d.value)
    }

    pub fn status(&self) -> Option<Status> {
        self.header.status.as_ref().map(|s| s.value)
    }

    pub fn variant_name(&self, enumeration: EnumId, variant: usize) -> String {
        self.enums
            .get(enumeration)
            .and_then(|e| e.variants.get(variant))
            .map_or_else(|| "?".to_string(), |v| v.name.clone())
    }
}

// Walking the expression tree: every phase after resolution reads expressions through these.

pub fn error_expr(span: Span) -> Expr {
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
        Definition::Grid(grid) => grid.cells.iter().for_each(|e| entry_values(e, &mut found)),
        Definition::Rules(rules) => rules
            .rules
            .iter()
            .for_each(|r| entry_values(&r.value, &mut found)),
    }
    found.sort_unstable();
    found.dedup();
    found
}

fn entry_values(entry: &Entry, found: &mut Vec<ValueId>) {
    if let Entry::Value(expr) = entry {
        collect_values(expr, found);
    }
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

// The criteria of the tables by two criteria, read in the version.

impl Axis {
    /// The names of the axis's keys, in order (bands or variants).
    pub fn keys(self, version: &Version) -> Vec<String> {
        match self {
            Axis::Bands(set) => version
                .band_sets
                .get(set)
                .map(|s| s.bands.iter().map(|b| b.name.clone()).collect())
                .unwrap_or_default(),
            Axis::Variants(_, e) => version
                .enums
                .get(e)
                .map(|e| e.variants.iter().map(|v| v.name.clone()).collect())
                .unwrap_or_default(),
        }
    }

    /// The label of key `k` (the band's or variant's), else its name.
    pub fn key_label(self, version: &Version, k: usize) -> String {
        let named = match self {
            Axis::Bands(set) => version
                .band_sets
                .get(set)
                .and_then(|s| s.bands.get(k))
                .map(|b| (b.label.clone(), b.name.clone())),
            Axis::Variants(_, e) => version
                .enums
                .get(e)
                .and_then(|e| e.variants.get(k))
                .map(|v| (v.label.clone(), v.name.clone())),
        };
        named.map_or_else(|| "?".to_string(), |(label, name)| label.unwrap_or(name))
    }

    /// The criterion's name as written (`taille`, `zone`).
    pub fn name(self, version: &Version) -> String {
        match self {
            Axis::Bands(set) => version
                .band_sets
                .get(set)
                .map_or_else(String::new, |s| s.name.clone()),
            Axis::Variants(input, _) => version
                .inputs
                .get(input)
                .map_or_else(String::new, |i| i.name.clone()),
        }
    }
}

impl GridAxes {
    pub fn size(self, version: &Version) -> (usize, usize) {
        (
            self.rows.keys(version).len(),
            self.columns.keys(version).len(),
        )
    }

    /// `taille × zone`.
    pub fn words(self, version: &Version) -> String {
        format!(
            "{} × {}",
            self.rows.name(version),
            self.columns.name(version)
        )
    }
}

impl ValueKey {
    /// The band chosen in each of the version's band sets, as `interpret::Env` takes them.
    pub fn bands(&self, version: &Version) -> Vec<Option<usize>> {
        self.bands_among(version.band_sets.len())
    }
}
