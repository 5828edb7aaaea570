//! Formulas and conditions as code of the target: calls of the runtime's operators (`binary`,
//! `call`, `op_if`…), which compute exactly and fail as the engine does (a hole, a missing
//! input, an overflow). Lazy operands (`et`, `ou`, `si`, table entries) become functions.

use crate::emit::{render, Lit, Syntax};
use clause_compiler::ir::{Axis, Entry, Expr, ExprKind, GridDef, RuleTableDef, Version};
use clause_compiler::value::Value;
use clause_grammar::ast::{BinaryOp, DurationUnit, Function, UnaryOp};

/// What the model needs to write code: expressions, values, functions.
pub trait ExprWriter {
    fn expr(&self, expr: &Expr) -> String;
    fn table(&self, band_set: usize, entries: &[Entry]) -> String;
    /// A table by two criteria.
    fn grid(&self, version: &Version, grid: &GridDef) -> String;
    /// A table of rules over two inputs.
    fn rules(&self, table: &RuleTableDef) -> String;
    fn lambda(&self, params: &str, body: &str) -> String;
    fn value(&self, value: &Value) -> Lit;
}

pub struct Writer<'s> {
    pub syntax: &'s dyn Syntax,
}

impl ExprWriter for Writer<'_> {
    fn expr(&self, expr: &Expr) -> String {
        let thunk = |e: &Expr| self.syntax.lambda("", &self.expr(e));
        match &expr.kind {
            ExprKind::Literal(value) => render(self.syntax, &self.value(value), 0),
            ExprKind::Input(i) => format!("env.input({i})"),
            ExprKind::Value(v) => format!("env.value({v})"),
            ExprKind::Table(set, entries) => self.table(*set, entries),
            ExprKind::Unary(UnaryOp::Not, operand) => format!("op_not({})", self.expr(operand)),
            ExprKind::Unary(UnaryOp::Neg, operand) => format!("op_neg({})", self.expr(operand)),
            ExprKind::Binary(BinaryOp::And, left, right) => {
                format!("op_and({}, {})", self.expr(left), thunk(right))
            }
            ExprKind::Binary(BinaryOp::Or, left, right) => {
                format!("op_or({}, {})", self.expr(left), thunk(right))
            }
            ExprKind::Binary(op, left, right) => format!(
                "binary(\"{}\", {}, {})",
                operator(*op),
                self.expr(left),
                self.expr(right)
            ),
            ExprKind::Between { value, low, high } => format!(
                "between({}, {}, {})",
                self.expr(value),
                self.expr(low),
                self.expr(high)
            ),
            ExprKind::Call(function, args) => {
                let args: Vec<String> = args.iter().map(|a| self.expr(a)).collect();
                format!(
                    "call(\"{}\", [{}])",
                    function_name(*function),
                    args.join(", ")
                )
            }
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => format!(
                "op_if({}, {}, {})",
                self.expr(condition),
                thunk(then),
                thunk(otherwise)
            ),
            ExprKind::Error => "invalid()".into(),
        }
    }

    fn table(&self, band_set: usize, entries: &[Entry]) -> String {
        let entries: Vec<String> = entries
            .iter()
            .map(|entry| match entry {
                Entry::Value(expr) => self.syntax.lambda("", &self.expr(expr)),
                Entry::Hole(_) => "HOLE".into(),
                Entry::Missing => "MISSING".into(),
            })
            .collect();
        format!("env.table({band_set}, [{}])", entries.join(", "))
    }

    fn lambda(&self, params: &str, body: &str) -> String {
        self.syntax.lambda(params, body)
    }

    fn grid(&self, version: &Version, grid: &GridDef) -> String {
        self.grid_call(version, grid)
    }

    fn rules(&self, table: &RuleTableDef) -> String {
        self.rules_call(table)
    }

    fn value(&self, value: &Value) -> Lit {
        let tagged = |tag: &str, rest: Vec<Lit>| {
            let mut items = vec![Lit::Str(tag.into())];
            items.extend(rest);
            Lit::Tuple(items)
        };
        match value {
            Value::Money(d) => tagged("money", vec![Lit::Dec(*d)]),
            Value::Count(d) => tagged("count", vec![Lit::Dec(*d)]),
            Value::Rate(d) => tagged("rate", vec![Lit::Dec(*d)]),
            Value::Decimal(d) => tagged("decimal", vec![Lit::Dec(*d)]),
            Value::Duration(d) => {
                tagged("duration", vec![Lit::Dec(d.amount), Lit::Str(unit(d.unit))])
            }
            Value::Date(d) => tagged("date", vec![Lit::Date(*d)]),
            Value::Bool(b) => tagged("bool", vec![Lit::Bool(*b)]),
            Value::Text(t) => tagged("text", vec![Lit::Str(t.clone())]),
            Value::Variant(e, v) => {
                tagged("variant", vec![Lit::Int(*e as i64), Lit::Int(*v as i64)])
            }
            Value::Set(e, items) => tagged(
                "set",
                vec![
                    Lit::Int(*e as i64),
                    Lit::Set(items.iter().copied().collect()),
                ],
            ),
        }
    }
}

fn operator(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add => "add",
        BinaryOp::Sub => "sub",
        BinaryOp::Mul => "mul",
        BinaryOp::Div => "div",
        BinaryOp::Eq => "eq",
        BinaryOp::Ne => "ne",
        BinaryOp::Lt => "lt",
        BinaryOp::Le => "le",
        BinaryOp::Gt => "gt",
        BinaryOp::Ge => "ge",
        BinaryOp::And => "and",
        BinaryOp::Or => "or",
        BinaryOp::Contains => "contains",
    }
}

fn function_name(function: Function) -> &'static str {
    match function {
        Function::Min => "min",
        Function::Max => "max",
        Function::Floor => "floor",
        Function::Ceil => "ceil",
        Function::Round => "round",
        Function::RoundCent => "round_cent",
    }
}

impl Writer<'_> {
    /// `env.grid(rows, columns, width, [cells])`: a table by two criteria, each criterion
    /// `("band", set, dimension)` or `("variant", input)`.
    fn grid_call(&self, version: &Version, grid: &GridDef) -> String {
        let axis = |axis: Axis| match axis {
            Axis::Bands(set) => Lit::Tuple(vec![
                Lit::Str("band".into()),
                Lit::Int(set as i64),
                version
                    .band_sets
                    .get(set)
                    .and_then(|s| s.dimension)
                    .map_or(Lit::Null, |d| Lit::Int(d as i64)),
            ]),
            Axis::Variants(input, _) => {
                Lit::Tuple(vec![Lit::Str("variant".into()), Lit::Int(input as i64)])
            }
        };
        let cells: Vec<String> = grid.cells.iter().map(|e| self.entry(e)).collect();
        format!(
            "env.grid({}, {}, {}, [{}])",
            render(self.syntax, &axis(grid.axes.rows), 0),
            render(self.syntax, &axis(grid.axes.columns), 0),
            grid.columns,
            cells.join(", ")
        )
    }

    /// `env.rules([x, y], [(first, second, entry), …])`: a table of rules, each interval
    /// `(low, low_closed, high, high_closed)`.
    fn rules_call(&self, table: &RuleTableDef) -> String {
        let interval = |i: &clause_compiler::interval::Interval| {
            Lit::Tuple(vec![
                Lit::Dec(i.low.value),
                Lit::Bool(i.low.closed),
                i.high.map_or(Lit::Null, |h| Lit::Dec(h.value)),
                Lit::Bool(i.high.is_some_and(|h| h.closed)),
            ])
        };
        let rules: Vec<String> = table
            .rules
            .iter()
            .map(|rule| {
                self.syntax.tuple(&[
                    render(self.syntax, &interval(&rule.ranges[0]), 0),
                    render(self.syntax, &interval(&rule.ranges[1]), 0),
                    self.entry(&rule.value),
                ])
            })
            .collect();
        format!(
            "env.rules([{}, {}], [{}])",
            table.inputs[0],
            table.inputs[1],
            rules.join(", ")
        )
    }

    fn entry(&self, entry: &Entry) -> String {
        match entry {
            Entry::Value(expr) => self.syntax.lambda("", &self.expr(expr)),
            Entry::Hole(_) => "HOLE".into(),
            Entry::Missing => "MISSING".into(),
        }
    }
}

/// A duration's unit as the generated runtimes name it.
pub fn unit(unit: DurationUnit) -> String {
    match unit {
        DurationUnit::Days => "days",
        DurationUnit::Months => "months",
        DurationUnit::Years => "years",
    }
    .into()
}
