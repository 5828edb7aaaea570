//! The parts of a consolidated version: each item, mission head and mission envelope, with
//! what set it (the declaration, an amendment's operation) and, for an amendment's text, the
//! version it modifies (where `x de la base` reads `x`).

use crate::ir::{Origin, Revaluation};
use clause_grammar::ast::{Definition, ItemKind, MissionDef, TargetKind, ValueDef, ValueKind};
use clause_grammar::Span;
use std::rc::Rc;

/// One piece of a version: an item, a mission's head, or an envelope inside a mission. Parts
/// borrow the syntax trees (a base's parts are shared by its amendments' versions).
#[derive(Debug, Clone)]
pub struct Part<'a> {
    pub kind: PartKind<'a>,
    pub origin: Origin,
    /// For a line an amendment revalues (`revalorise … de N %`): its amount is the definition's
    /// times (1 + N %), the rest of the line (payment rule, fixed part, sources…) kept.
    pub revalued: Option<Revaluation>,
    /// `remplace montant …`: the line's amount as an amendment wrote it, instead of its
    /// definition's (the rest of the line kept).
    pub amount: Option<&'a Definition>,
    /// The version the amendment that wrote this part modifies: where `x de la base` in the
    /// part reads `x`. `None` for what an agreement writes.
    pub base: Option<Rc<BaseParts<'a>>>,
}

/// A version's parts as an amendment of it found them.
#[derive(Debug, Clone)]
pub struct BaseParts<'a> {
    pub name: String,
    pub parts: Vec<Part<'a>>,
}

impl<'a> Part<'a> {
    pub fn new(kind: PartKind<'a>, origin: Origin) -> Self {
        Part {
            kind,
            origin,
            revalued: None,
            amount: None,
            base: None,
        }
    }

    /// The part, written by an amendment of the version whose parts are `base`.
    pub(super) fn in_amendment(mut self, base: &Rc<BaseParts<'a>>) -> Self {
        self.base = Some(Rc::clone(base));
        self
    }

    /// The line's amount: what `remplace montant` wrote, else its definition's (`None` for a
    /// part that is no line).
    pub fn amount(&self) -> Option<&'a Definition> {
        match self.kind {
            PartKind::Envelope { def, .. } | PartKind::Item(ItemKind::Value(def)) => {
                Some(self.amount.unwrap_or(&def.definition))
            }
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub enum PartKind<'a> {
    /// Any item but a mission or an amendment operation.
    Item(&'a ItemKind),
    /// A mission's head: its envelopes are not read from here, they follow as `Envelope` parts.
    Mission(&'a MissionDef),
    Envelope {
        def: &'a ValueDef,
        mission: &'a str,
    },
}

impl Part<'_> {
    /// The name and kind an amendment uses to target this part.
    pub fn target(&self) -> Option<(&str, TargetKind, Span)> {
        match &self.kind {
            PartKind::Mission(m) => Some((&m.name.node, TargetKind::Mission, m.name.span)),
            PartKind::Envelope { def, mission } => match &def.name {
                Some(name) => Some((&name.node, value_target(def.kind), name.span)),
                None => Some((mission, TargetKind::Envelope, def.keyword_span)),
            },
            PartKind::Item(kind) => item_target(kind),
        }
    }
}

fn value_target(kind: ValueKind) -> TargetKind {
    match kind {
        ValueKind::Envelope => TargetKind::Envelope,
        ValueKind::Value => TargetKind::Value,
        ValueKind::Result => TargetKind::Result,
    }
}

pub(super) fn item_target(kind: &ItemKind) -> Option<(&str, TargetKind, Span)> {
    match kind {
        ItemKind::Value(def) => def
            .name
            .as_ref()
            .map(|n| (n.node.as_str(), value_target(def.kind), n.span)),
        ItemKind::Input(i) => Some((&i.name.node, TargetKind::Input, i.name.span)),
        ItemKind::BandSet(b) => Some((&b.name.node, TargetKind::BandSet, b.name.span)),
        ItemKind::Enum(e) => Some((&e.name.node, TargetKind::Enum, e.name.span)),
        ItemKind::Condition(c) => Some((&c.name.node, TargetKind::Condition, c.name.span)),
        ItemKind::Mission(m) => Some((&m.name.node, TargetKind::Mission, m.name.span)),
        // Checks are named by their labels, for `retire vérifier "…"`.
        ItemKind::Assertion(a) => a
            .label
            .as_ref()
            .map(|l| (l.node.as_str(), TargetKind::Assertion, l.span)),
        ItemKind::Example(e) => Some((e.label.node.as_str(), TargetKind::Example, e.label.span)),
        _ => None,
    }
}
