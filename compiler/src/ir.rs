//! The resolved, typed version: ids instead of names, types on every expression, the origin of
//! every item (which declaration set it: the base or the amendment). Evaluation works on this.

use crate::types::{EnumId, Type};
use crate::value::Value;
use chrono::NaiveDate;
use clause_grammar::ast::{
    BinaryOp, Duration, Event, Function, MissionKind, PaymentKind, Status, UnaryOp, ValueKind,
};
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
    pub sources: Vec<Sourced<String>>,
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
    pub sources: Vec<String>,
    pub hypotheses: Vec<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct BandSet {
    pub name: String,
    pub dimension: Option<InputId>,
    pub dimension_name: String,
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
    /// Smallest integer in the band.
    pub low: Decimal,
    /// Largest integer in the band; `None` for an open band.
    pub high: Option<Decimal>,
    pub name_span: Span,
    pub range_span: Span,
    pub sources: Vec<String>,
    pub hypotheses: Vec<String>,
}

impl Band {
    pub fn contains(&self, value: Decimal) -> bool {
        value >= self.low && self.high.is_none_or(|high| value <= high)
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
    pub sources: Vec<String>,
    pub hypotheses: Vec<String>,
    pub ty: Type,
    /// The band set the value varies with, if any.
    pub band_set: Option<BandSetId>,
    pub name_span: Span,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub enum Definition {
    Table {
        band_set: BandSetId,
        entries: Vec<Entry>,
        span: Span,
    },
    Formula(Expr),
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
    pub sources: Vec<String>,
    pub hypotheses: Vec<String>,
    pub name_span: Span,
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

    pub fn mission_named(&self, name: &str) -> Option<MissionId> {
        match self.symbols.get(name)? {
            Symbol::Mission(id) => Some(*id),
            _ => None,
        }
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
