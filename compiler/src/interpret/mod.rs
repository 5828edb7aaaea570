//! Evaluates typed expressions exactly (rust_decimal, checked arithmetic) for one band choice
//! and one set of inputs. Values are computed once each, in the version's evaluation order.

pub mod scenarios;

use crate::calendar::{self, DateError};
use crate::ir::*;
pub use crate::ir::{EvalError, EvalResult};
use crate::types::{arithmetic, Type};
use crate::value::Value;
use clause_grammar::ast::{BinaryOp, DatePolicy, Duration, DurationUnit, Function, UnaryOp};
use clause_grammar::Span;
use rust_decimal::{Decimal, RoundingStrategy};
use std::cmp::Ordering;

/// The largest amount a value may hold, in euros: 10^21 €, past any real budget. Payments, yearly
/// totals and batch sums add up many values without checking each addition; with every value
/// within this bound, a sum of a million of them stays 50 times below rust_decimal's range.
pub fn max_amount() -> Decimal {
    Decimal::from_i128_with_scale(1_000_000_000_000_000_000_000, 0)
}

/// What an evaluation knows: the band chosen in each band set, the inputs, computed values.
pub struct Env<'a> {
    pub version: &'a Version,
    pub bands: Vec<Option<usize>>,
    pub inputs: Vec<Option<Value>>,
    pub values: Vec<Option<EvalResult>>,
}

impl<'a> Env<'a> {
    /// An environment with one band chosen per band set and no inputs (static evaluation).
    pub fn for_bands(version: &'a Version, bands: Vec<Option<usize>>) -> Self {
        Env {
            version,
            bands,
            inputs: vec![None; version.inputs.len()],
            values: vec![None; version.values.len()],
        }
    }

    /// An environment for given inputs; each band set's band follows from its dimension input.
    pub fn for_inputs(version: &'a Version, inputs: Vec<Option<Value>>) -> Self {
        let bands = version
            .band_sets
            .iter()
            .map(|set| {
                let dimension = set.dimension?;
                let value = inputs.get(dimension)?.as_ref()?.number()?;
                set.band_of(value)
            })
            .collect();
        Env {
            version,
            bands,
            inputs,
            values: vec![None; version.values.len()],
        }
    }

    /// Computes every value, in dependency order.
    pub fn compute_all(&mut self) {
        for &id in &self.version.evaluation_order {
            let result = self.compute_value(id);
            self.values[id] = Some(result);
        }
    }

    /// A value's result (computed by `compute_all`; a value in a cycle has none).
    pub fn value(&self, id: ValueId) -> EvalResult {
        stored_value(&self.values, id)
    }

    fn compute_value(&self, id: ValueId) -> EvalResult {
        let value = &self.version.values[id];
        let (result, span) = match &value.definition {
            Definition::Table {
                band_set,
                entries,
                span,
            } => (self.entry(*band_set, entries, *span), *span),
            Definition::Formula(expr) => (self.eval(expr), expr.span),
            Definition::Grid(grid) => (self.grid_cell(grid), grid.span),
            Definition::Rules(rules) => (self.rule(rules), rules.span),
        };
        match result {
            Ok(Value::Money(amount)) if amount.abs() > max_amount() => {
                Err(EvalError::Overflow(span))
            }
            other => other,
        }
    }

    fn entry(&self, band_set: BandSetId, entries: &[Entry], span: Span) -> EvalResult {
        let band = self
            .bands
            .get(band_set)
            .copied()
            .flatten()
            .ok_or(EvalError::NoBand(band_set, span))?;
        match entries.get(band) {
            Some(Entry::Value(expr)) => self.eval(expr),
            Some(Entry::Hole(hole)) => Err(EvalError::Hole(*hole)),
            _ => Err(EvalError::Invalid(span)),
        }
    }

    /// The key a criterion takes here: its band, or its input's variant.
    fn axis_key(&self, axis: Axis, span: Span) -> Result<usize, EvalError> {
        match axis {
            Axis::Bands(set) => match self.bands.get(set).copied().flatten() {
                Some(band) => Ok(band),
                None => match self.version.band_sets.get(set).and_then(|s| s.dimension) {
                    Some(input) if self.inputs.get(input).is_none_or(Option::is_none) => {
                        Err(EvalError::MissingInput(input, span))
                    }
                    _ => Err(EvalError::NoBand(set, span)),
                },
            },
            Axis::Variants(input, _) => match self.inputs.get(input).cloned().flatten() {
                Some(Value::Variant(_, variant)) => Ok(variant),
                Some(_) => Err(EvalError::Invalid(span)),
                None => Err(EvalError::MissingInput(input, span)),
            },
        }
    }

    /// The cell of a table by two criteria the band choices and inputs pick.
    fn grid_cell(&self, grid: &GridDef) -> EvalResult {
        let row = self.axis_key(grid.axes.rows, grid.span)?;
        let column = self.axis_key(grid.axes.columns, grid.span)?;
        match grid.cell(row, column) {
            Some(Entry::Value(expr)) => self.eval(expr),
            Some(Entry::Hole(hole)) => Err(EvalError::Hole(*hole)),
            _ => Err(EvalError::Invalid(grid.span)),
        }
    }

    /// The value of the rule that holds both inputs (the checker proves there is one, E0312).
    fn rule(&self, table: &RuleTableDef) -> EvalResult {
        let input = |i: InputId| match self.inputs.get(i).cloned().flatten() {
            Some(value) => value.number().ok_or(EvalError::Invalid(table.span)),
            None => Err(EvalError::MissingInput(i, table.span)),
        };
        let (x, y) = (input(table.inputs[0])?, input(table.inputs[1])?);
        let rule = table
            .matching(x, y)
            .first()
            .and_then(|&k| table.rules.get(k))
            .ok_or(EvalError::NoRule(table.span))?;
        match &rule.value {
            Entry::Value(expr) => self.eval(expr),
            Entry::Hole(hole) => Err(EvalError::Hole(*hole)),
            Entry::Missing => Err(EvalError::Invalid(rule.span)),
        }
    }

    pub fn eval(&self, expr: &Expr) -> EvalResult {
        let span = expr.span;
        match &expr.kind {
            ExprKind::Literal(value) => Ok(value.clone()),
            ExprKind::Input(i) => self
                .inputs
                .get(*i)
                .cloned()
                .flatten()
                .ok_or(EvalError::MissingInput(*i, span)),
            ExprKind::Value(v) => self.value(*v),
            ExprKind::Table(set, entries) => self.entry(*set, entries, span),
            ExprKind::Error => Err(EvalError::Invalid(span)),
            ExprKind::Unary(UnaryOp::Not, operand) => match self.eval(operand)? {
                Value::Bool(b) => Ok(Value::Bool(!b)),
                _ => Err(EvalError::Invalid(span)),
            },
            ExprKind::Unary(UnaryOp::Neg, operand) => match self.eval(operand)? {
                Value::Money(d) => Ok(Value::Money(-d)),
                Value::Count(d) => Ok(Value::Count(-d)),
                Value::Rate(d) => Ok(Value::Rate(-d)),
                Value::Decimal(d) => Ok(Value::Decimal(-d)),
                Value::Duration(d) => Ok(Value::Duration(Duration {
                    amount: -d.amount,
                    unit: d.unit,
                })),
                _ => Err(EvalError::Invalid(span)),
            },
            ExprKind::Binary(op, left, right) => self.binary(*op, left, right, span),
            ExprKind::Between { value, low, high } => {
                let v = self.eval(value)?;
                let lo = self.eval(low)?;
                let hi = self.eval(high)?;
                let above = compare(&v, &lo, span)? != Ordering::Less;
                let below = compare(&v, &hi, span)? != Ordering::Greater;
                Ok(Value::Bool(above && below))
            }
            ExprKind::Call(function, args) => self.call(*function, args, span),
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => match self.eval(condition)? {
                Value::Bool(true) => self.eval(then),
                Value::Bool(false) => self.eval(otherwise),
                _ => Err(EvalError::Invalid(span)),
            },
        }
    }

    fn binary(&self, op: BinaryOp, left: &Expr, right: &Expr, span: Span) -> EvalResult {
        // `et` and `ou` look at their right side only when they must.
        if matches!(op, BinaryOp::And | BinaryOp::Or) {
            let l = self.eval(left)?.as_bool().ok_or(EvalError::Invalid(span))?;
            if (op == BinaryOp::And && !l) || (op == BinaryOp::Or && l) {
                return Ok(Value::Bool(l));
            }
            let r = self
                .eval(right)?
                .as_bool()
                .ok_or(EvalError::Invalid(span))?;
            return Ok(Value::Bool(r));
        }
        let l = self.eval(left)?;
        let r = self.eval(right)?;
        apply_binary(op, &l, &r, span, self.version.date_policy())
    }

    fn call(&self, function: Function, args: &[Expr], span: Span) -> EvalResult {
        let values = args
            .iter()
            .map(|a| self.eval(a))
            .collect::<Result<Vec<_>, _>>()?;
        match function {
            Function::Min | Function::Max => {
                let mut best = values.first().cloned().ok_or(EvalError::Invalid(span))?;
                for candidate in &values[1..] {
                    let ordering = compare(candidate, &best, span)?;
                    let better = if function == Function::Min {
                        ordering == Ordering::Less
                    } else {
                        ordering == Ordering::Greater
                    };
                    if better {
                        best = candidate.clone();
                    }
                }
                // min(count, decimal) is typed as a count after an (already reported) implicit rounding.
                Ok(best)
            }
            Function::Floor | Function::Ceil | Function::Round => {
                let strategy = match function {
                    Function::Floor => RoundingStrategy::ToNegativeInfinity,
                    Function::Ceil => RoundingStrategy::ToPositiveInfinity,
                    _ => RoundingStrategy::MidpointAwayFromZero,
                };
                match values.first() {
                    Some(Value::Money(d)) => {
                        Ok(Value::Money(d.round_dp_with_strategy(0, strategy)))
                    }
                    Some(v) => v
                        .number()
                        .map(|d| Value::Count(d.round_dp_with_strategy(0, strategy)))
                        .ok_or(EvalError::Invalid(span)),
                    None => Err(EvalError::Invalid(span)),
                }
            }
            Function::RoundCent => match values.first() {
                Some(Value::Money(d)) => Ok(Value::Money(
                    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
                )),
                _ => Err(EvalError::Invalid(span)),
            },
        }
    }
}

/// Applies an operator to two values, with checked arithmetic; dates move under `policy`.
pub fn apply_binary(
    op: BinaryOp,
    l: &Value,
    r: &Value,
    span: Span,
    policy: DatePolicy,
) -> EvalResult {
    match op {
        BinaryOp::Eq => Ok(Value::Bool(equal(l, r, span)?)),
        BinaryOp::Ne => Ok(Value::Bool(!equal(l, r, span)?)),
        BinaryOp::Lt => Ok(Value::Bool(compare(l, r, span)? == Ordering::Less)),
        BinaryOp::Le => Ok(Value::Bool(compare(l, r, span)? != Ordering::Greater)),
        BinaryOp::Gt => Ok(Value::Bool(compare(l, r, span)? == Ordering::Greater)),
        BinaryOp::Ge => Ok(Value::Bool(compare(l, r, span)? != Ordering::Less)),
        BinaryOp::Contains => match (l, r) {
            (Value::Set(_, whole), Value::Set(_, part)) => Ok(Value::Bool(part.is_subset(whole))),
            (Value::Set(_, whole), Value::Variant(_, v)) => Ok(Value::Bool(whole.contains(v))),
            _ => Err(EvalError::Invalid(span)),
        },
        BinaryOp::And | BinaryOp::Or => {
            let (a, b) = (
                l.as_bool().ok_or(EvalError::Invalid(span))?,
                r.as_bool().ok_or(EvalError::Invalid(span))?,
            );
            Ok(Value::Bool(if op == BinaryOp::And {
                a && b
            } else {
                a || b
            }))
        }
        BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
            arithmetic_value(op, l, r, span, policy)
        }
    }
}

fn arithmetic_value(
    op: BinaryOp,
    l: &Value,
    r: &Value,
    span: Span,
    policy: DatePolicy,
) -> EvalResult {
    match (l, r) {
        (Value::Date(date), Value::Duration(duration)) => {
            let shifted = match op {
                BinaryOp::Add => calendar::add_duration(*date, duration, policy),
                BinaryOp::Sub => calendar::sub_duration(*date, duration, policy),
                _ => return Err(EvalError::Invalid(span)),
            };
            return shifted.map(Value::Date).map_err(|error| match error {
                DateError::OutOfCalendar => EvalError::Overflow(span),
                ambiguous => EvalError::AmbiguousDate(span, ambiguous),
            });
        }
        (Value::Duration(a), Value::Duration(b)) => {
            let (a, b, unit) = same_unit(a, b).ok_or(EvalError::MixedDurations(span))?;
            let amount = match op {
                BinaryOp::Add => a.checked_add(b),
                BinaryOp::Sub => a.checked_sub(b),
                _ => return Err(EvalError::Invalid(span)),
            }
            .ok_or(EvalError::Overflow(span))?;
            return Ok(Value::Duration(Duration { amount, unit }));
        }
        (Value::Duration(d), n) | (n, Value::Duration(d)) if op == BinaryOp::Mul => {
            let factor = n.number().ok_or(EvalError::Invalid(span))?;
            let amount = d
                .amount
                .checked_mul(factor)
                .ok_or(EvalError::Overflow(span))?;
            return Ok(Value::Duration(Duration {
                amount,
                unit: d.unit,
            }));
        }
        _ => {}
    }
    let result_type = arithmetic(op, l.ty(), r.ty()).ok_or(EvalError::Invalid(span))?;
    let (a, b) = (
        l.number().ok_or(EvalError::Invalid(span))?,
        r.number().ok_or(EvalError::Invalid(span))?,
    );
    let number = match op {
        BinaryOp::Add => a.checked_add(b),
        BinaryOp::Sub => a.checked_sub(b),
        BinaryOp::Mul => a.checked_mul(b),
        _ => {
            if b.is_zero() {
                return Err(EvalError::DivisionByZero(span));
            }
            a.checked_div(b)
        }
    }
    .ok_or(EvalError::Overflow(span))?;
    Ok(match result_type {
        Type::Money => Value::Money(number),
        Type::Count => Value::Count(number),
        Type::Rate => Value::Rate(number),
        _ => Value::Decimal(number),
    })
}

/// Durations in a common unit: years become months; days mix only with days.
fn same_unit(a: &Duration, b: &Duration) -> Option<(Decimal, Decimal, DurationUnit)> {
    let months = |d: &Duration| match d.unit {
        DurationUnit::Years => d.amount.checked_mul(Decimal::from(12)),
        DurationUnit::Months => Some(d.amount),
        DurationUnit::Days => None,
    };
    if a.unit == b.unit {
        return Some((a.amount, b.amount, a.unit));
    }
    Some((months(a)?, months(b)?, DurationUnit::Months))
}

fn equal(l: &Value, r: &Value, span: Span) -> Result<bool, EvalError> {
    match (l, r) {
        (Value::Bool(a), Value::Bool(b)) => Ok(a == b),
        (Value::Text(a), Value::Text(b)) => Ok(a == b),
        (Value::Variant(e, a), Value::Variant(f, b)) => Ok(e == f && a == b),
        (Value::Set(e, a), Value::Set(f, b)) => Ok(e == f && a == b),
        _ => Ok(compare(l, r, span)? == Ordering::Equal),
    }
}

/// Orders two values of comparable types.
pub fn compare(l: &Value, r: &Value, span: Span) -> Result<Ordering, EvalError> {
    match (l, r) {
        (Value::Date(a), Value::Date(b)) => Ok(a.cmp(b)),
        (Value::Duration(a), Value::Duration(b)) => {
            let (a, b, _) = same_unit(a, b).ok_or(EvalError::MixedDurations(span))?;
            Ok(a.cmp(&b))
        }
        _ => match (l.number(), r.number()) {
            (Some(a), Some(b)) => Ok(a.cmp(&b)),
            _ => Err(EvalError::Invalid(span)),
        },
    }
}
