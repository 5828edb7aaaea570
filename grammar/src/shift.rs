//! Moving a syntax tree's spans by a byte offset: an incremental re-parse keeps the nodes after an
//! edit and moves them by the edit's change in length.

use crate::ast::*;
use crate::span::{Span, Spanned};
use crate::syntax_error::{SyntaxError, SyntaxErrorKind};
use chrono::NaiveDate;

/// A node whose spans (its own and its children's) move together.
pub trait Shift {
    fn shift(&mut self, delta: isize);
}

fn moved(offset: usize, delta: isize) -> usize {
    offset.saturating_add_signed(delta)
}

impl Shift for Span {
    fn shift(&mut self, delta: isize) {
        self.start = moved(self.start, delta);
        self.end = moved(self.end, delta);
    }
}

impl<T: Shift> Shift for Spanned<T> {
    fn shift(&mut self, delta: isize) {
        self.node.shift(delta);
        self.span.shift(delta);
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, delta: isize) {
        for node in self {
            node.shift(delta);
        }
    }
}

impl<T: Shift, const N: usize> Shift for [T; N] {
    fn shift(&mut self, delta: isize) {
        for node in self {
            node.shift(delta);
        }
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, delta: isize) {
        if let Some(node) = self {
            node.shift(delta);
        }
    }
}

impl<T: Shift> Shift for Box<T> {
    fn shift(&mut self, delta: isize) {
        (**self).shift(delta);
    }
}

/// Leaves: values without spans inside.
macro_rules! no_spans {
    ($($ty:ty),* $(,)?) => {
        $(impl Shift for $ty {
            fn shift(&mut self, _delta: isize) {}
        })*
    };
}

no_spans!(
    String,
    NaiveDate,
    Status,
    DatePolicy,
    Duration,
    BandRange,
    bool,
    Event,
    MissionKind,
    TargetKind,
    Function,
    rust_decimal::Decimal,
    LocatorKind,
    LocatorPart,
    Connector,
    Location
);

/// Structs: every field moves.
macro_rules! fields {
    ($($ty:ident { $($field:ident),* $(,)? })*) => {
        $(impl Shift for $ty {
            fn shift(&mut self, delta: isize) {
                $(self.$field.shift(delta);)*
            }
        })*
    };
}

fields! {
    SourceFile { declarations, comments }
    Comment { span }
    Declaration { name, title, base, items, keyword_span, span }
    Item { kind, span }
    EnumDef { name, label, variants }
    EnumVariant { name, label }
    InputDef { name, label, ty, attributes }
    Attributes { sources, hypotheses }
    BandSetDef { name, dimension, domain, bands }
    BandDomain { range, percent, euro, bound_hypotheses }
    BandDef { name, label, range, percent, euro, bound_hypotheses, attributes }
    ValueDef {
        name, label, definition, expected, fixed_share, payments, reserved, effect, attributes,
        keyword_span
    }
    LineEffect { date }
    Table { entries, span }
    Grid { rows, columns, entries, span }
    GridRow { key, table, span }
    RuleTable { inputs, rules, span }
    DecisionRule { ranges, value, span }
    RuleRange { range, percent, euro }
    TableEntry { band, value, span }
    FixedShare { share, hypothesis, span }
    PaymentRule { span }
    MissionDef {
        name, label, kind, without_indicator, start, effective, envelopes, indicators, attributes,
        duplicate_deadlines
    }
    ConditionDef { name, label, condition }
    AssertionDef { label, condition }
    ExampleDef { label, inputs, outcome }
    Binding { name, value, span }
    RemoveDef { kind, name }
    RevalueDef { targets, percent, rounding }
    ReplaceAmountDef { target, definition }
    Expr { kind, span }
    Citation { reference, locator, note, span }
    Locator { parts, connectors, span }
    ReferenceDef { name, title, issuer, date, location }
}

impl Shift for SourceRef {
    fn shift(&mut self, delta: isize) {
        match self {
            SourceRef::Text(text) => text.shift(delta),
            SourceRef::Citation(citation) => citation.shift(delta),
        }
    }
}

impl Shift for Reservation {
    fn shift(&mut self, delta: isize) {
        if let Reservation::If(name) = self {
            name.shift(delta);
        }
    }
}

impl Shift for SyntaxError {
    fn shift(&mut self, delta: isize) {
        self.span.shift(delta);
        if let SyntaxErrorKind::RepeatedAttribute { first, .. } = &mut self.kind {
            first.shift(delta);
        }
    }
}

impl Shift for ItemKind {
    fn shift(&mut self, delta: isize) {
        match self {
            ItemKind::Status(node) => node.shift(delta),
            ItemKind::DatePolicy(node) => node.shift(delta),
            ItemKind::SignedOn(node)
            | ItemKind::PublishedOn(node)
            | ItemKind::ProposedOn(node)
            | ItemKind::InForceOn(node)
            | ItemKind::ApplicableBefore(node) => node.shift(delta),
            ItemKind::ContractDuration(node) => node.shift(delta),
            ItemKind::Source(node) => node.shift(delta),
            ItemKind::Reference(node) => node.shift(delta),
            ItemKind::Enum(node) => node.shift(delta),
            ItemKind::Input(node) => node.shift(delta),
            ItemKind::BandSet(node) => node.shift(delta),
            ItemKind::Value(node) => node.shift(delta),
            ItemKind::Mission(node) => node.shift(delta),
            ItemKind::Condition(node) => node.shift(delta),
            ItemKind::Assertion(node) => node.shift(delta),
            ItemKind::Example(node) => node.shift(delta),
            ItemKind::Add(node) | ItemKind::Replace(node) => node.shift(delta),
            ItemKind::Remove(node) => node.shift(delta),
            ItemKind::Revalue(node) => node.shift(delta),
            ItemKind::ReplaceAmount(node) => node.shift(delta),
        }
    }
}

impl Shift for TypeExpr {
    fn shift(&mut self, delta: isize) {
        if let TypeExpr::SetOf(name) = self {
            name.shift(delta);
        }
    }
}

impl Shift for Definition {
    fn shift(&mut self, delta: isize) {
        match self {
            Definition::Table { band_set, table } => {
                band_set.shift(delta);
                table.shift(delta);
            }
            Definition::Formula(expr) => expr.shift(delta),
            Definition::Grid(grid) => grid.shift(delta),
            Definition::Rules(rules) => rules.shift(delta),
        }
    }
}

impl Shift for EntryValue {
    fn shift(&mut self, delta: isize) {
        if let EntryValue::Expr(expr) = self {
            expr.shift(delta);
        }
    }
}

impl Shift for Deadline {
    fn shift(&mut self, delta: isize) {
        if let Deadline::After { delay, event } = self {
            delay.shift(delta);
            event.shift(delta);
        }
    }
}

impl Shift for Outcome {
    fn shift(&mut self, delta: isize) {
        match self {
            Outcome::NotEligible(span) => span.shift(delta),
            Outcome::Values(bindings) => bindings.shift(delta),
        }
    }
}

impl Shift for ExprKind {
    fn shift(&mut self, delta: isize) {
        match self {
            ExprKind::Number(_)
            | ExprKind::Money(_)
            | ExprKind::Percent(_)
            | ExprKind::Duration(_)
            | ExprKind::Date(_)
            | ExprKind::Text(_)
            | ExprKind::Bool(_)
            | ExprKind::Name(_) => {}
            ExprKind::Set(names) => names.shift(delta),
            ExprKind::BaseValue(name) => name.shift(delta),
            ExprKind::Table(table) => table.shift(delta),
            ExprKind::Unary(_, operand) | ExprKind::Paren(operand) => operand.shift(delta),
            ExprKind::Binary(_, left, right) => {
                left.shift(delta);
                right.shift(delta);
            }
            ExprKind::Between { value, low, high } => {
                value.shift(delta);
                low.shift(delta);
                high.shift(delta);
            }
            ExprKind::Call(function, arguments) => {
                function.shift(delta);
                arguments.shift(delta);
            }
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => {
                condition.shift(delta);
                then.shift(delta);
                otherwise.shift(delta);
            }
        }
    }
}
