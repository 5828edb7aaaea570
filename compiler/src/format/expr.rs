//! Canonical layout of expressions, tables and definitions: the tree printed exactly as parsed
//! (the user's parentheses are nodes), long chains broken before their operators.

use super::attach::Blanks;
use super::doc::{concat, fill, group, if_break, indent, nil, text, Doc};
use super::items::{Formatter, CONTINUATION, INDENT};
use super::literals;
use clause_grammar::ast::*;

/// Binding strength of a binary operator, as in the grammar's Pratt parser: operands of one
/// strength are printed as one chain.
fn strength(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Or => 1,
        BinaryOp::And => 2,
        BinaryOp::Eq
        | BinaryOp::Ne
        | BinaryOp::Lt
        | BinaryOp::Le
        | BinaryOp::Gt
        | BinaryOp::Ge
        | BinaryOp::Contains => 4,
        BinaryOp::Add | BinaryOp::Sub => 5,
        BinaryOp::Mul | BinaryOp::Div => 6,
    }
}

/// The operands of a left-leaning chain of operators of one strength, each with the operator
/// before it.
fn chain<'e>(expr: &'e Expr, level: u8, out: &mut Vec<(Option<BinaryOp>, &'e Expr)>) {
    match &expr.kind {
        ExprKind::Binary(op, left, right) if strength(*op) == level => {
            chain(left, level, out);
            out.push((Some(*op), right));
        }
        _ => out.push((None, expr)),
    }
}

impl Formatter<'_> {
    pub(crate) fn expr(&mut self, expr: &Expr) -> Doc {
        match &expr.kind {
            ExprKind::Number(n) => text(literals::number(n)),
            ExprKind::Money(n) => text(format!("{} €", literals::number(n))),
            ExprKind::Percent(n) => text(format!("{} %", literals::number(n))),
            ExprKind::Duration(d) => text(literals::duration(d)),
            ExprKind::Date(d) => text(literals::date(d)),
            ExprKind::Text(s) => text(literals::string(s)),
            ExprKind::Bool(true) => text("vrai"),
            ExprKind::Bool(false) => text("faux"),
            ExprKind::Name(name) => text(name.clone()),
            ExprKind::BaseValue(name) => text(format!("{} de la base", name.node)),
            ExprKind::Set(names) => {
                let names: Vec<&str> = names.iter().map(|n| n.node.as_str()).collect();
                text(format!("{{{}}}", names.join(", ")))
            }
            ExprKind::Table(table) => self.table(table),
            ExprKind::Unary(UnaryOp::Neg, operand) => concat(vec![text("-"), self.expr(operand)]),
            ExprKind::Unary(UnaryOp::Not, operand) => {
                concat(vec![text("non "), self.expr(operand)])
            }
            ExprKind::Binary(op, _, _) => {
                let mut operands = Vec::new();
                chain(expr, strength(*op), &mut operands);
                let mut parts = Vec::new();
                for (op, operand) in operands {
                    match op {
                        None => parts.push(self.expr(operand)),
                        Some(op) => {
                            // Comments before an operand come out before its operator, those at
                            // the end of a line at the end of the previous operand's.
                            let end_of_line = self.comments.end_of_line_before(operand.span.start);
                            if let Some(previous) = parts.last_mut() {
                                *previous =
                                    concat(vec![std::mem::replace(previous, nil()), end_of_line]);
                            }
                            let leading = self.comments.leading(operand.span.start, Blanks::Drop);
                            parts.push(Doc::Line);
                            let operand = self.expr(operand);
                            parts.push(concat(vec![
                                leading,
                                text(format!("{} ", op.symbol())),
                                operand,
                            ]));
                        }
                    }
                }
                group(indent(CONTINUATION, fill(parts)))
            }
            ExprKind::Between { value, low, high } => {
                let value = self.expr(value);
                let low = self.expr(low);
                let high = self.expr(high);
                group(concat(vec![
                    value,
                    indent(
                        CONTINUATION,
                        concat(vec![Doc::Line, text("entre "), low, text(" et "), high]),
                    ),
                ]))
            }
            ExprKind::Call(function, arguments) => {
                let close = expr.span.end.saturating_sub(1);
                let count = arguments.len();
                let mut inner = Vec::new();
                for (index, argument) in arguments.iter().enumerate() {
                    inner.push(if index == 0 { Doc::SoftLine } else { Doc::Line });
                    inner.push(self.comments.leading(argument.span.start, Blanks::Drop));
                    inner.push(self.expr(argument));
                    if index + 1 < count {
                        inner.push(text(","));
                    }
                    inner.push(self.comments.trailing(argument.span.end));
                }
                inner.push(self.comments.before(close, Blanks::Drop));
                group(concat(vec![
                    text(format!("{}(", function.node.french())),
                    indent(CONTINUATION, concat(inner)),
                    Doc::SoftLine,
                    text(")"),
                ]))
            }
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => {
                let condition = self.expr(condition);
                let leading_then = self.comments.leading(then.span.start, Blanks::Drop);
                let then = self.expr(then);
                let leading_otherwise = self.comments.leading(otherwise.span.start, Blanks::Drop);
                let otherwise = self.expr(otherwise);
                group(concat(vec![
                    text("si "),
                    condition,
                    indent(
                        CONTINUATION,
                        concat(vec![
                            Doc::Line,
                            leading_then,
                            text("alors "),
                            then,
                            Doc::Line,
                            leading_otherwise,
                            text("sinon "),
                            otherwise,
                        ]),
                    ),
                ]))
            }
            ExprKind::Paren(inner) => concat(vec![text("("), self.expr(inner), text(")")]),
        }
    }

    /// `[a, b]` or `{ taille_1 : a, taille_2 : non précisé }`, one entry a line with a trailing
    /// comma when it does not fit.
    pub(crate) fn table(&mut self, table: &Table) -> Doc {
        let (open, close, line) = if table.named {
            ("{", "}", Doc::Line)
        } else {
            ("[", "]", Doc::SoftLine)
        };
        let close_at = table.span.end.saturating_sub(1);
        let count = table.entries.len();
        let handed_out = self.comments.handed_out();
        let mut inner = Vec::new();
        for (index, entry) in table.entries.iter().enumerate() {
            inner.push(if index == 0 { line.clone() } else { Doc::Line });
            inner.push(self.comments.leading(entry.span.start, Blanks::Drop));
            if let Some(band) = &entry.band {
                inner.push(text(format!("{} : ", band.node)));
            }
            inner.push(match &entry.value {
                EntryValue::Hole => text("non précisé"),
                EntryValue::Expr(expr) => self.expr(expr),
            });
            inner.push(if index + 1 < count {
                text(",")
            } else {
                if_break(text(","))
            });
            inner.push(self.comments.trailing(entry.span.end));
        }
        inner.push(self.comments.before(close_at, Blanks::Drop));
        if count == 0 && self.comments.handed_out() == handed_out {
            return text(format!("{open}{close}"));
        }
        group(concat(vec![
            text(open),
            indent(INDENT, concat(inner)),
            line,
            text(close),
        ]))
    }
}

impl Formatter<'_> {
    /// A line's definition, or `remplace montant a …`'s: `header par tranches […]` or
    /// `header = formula`, the table or the formula going to the next line when the whole does
    /// not fit.
    pub(super) fn definition(&mut self, header: String, definition: &Definition) -> Doc {
        match definition {
            Definition::Table { band_set, table } => {
                let table = self.table(table);
                let header = text(format!("{header} par {}", band_set.node));
                // A table holding comments is broken anyway: it opens on the header's line.
                if table.is_hard() {
                    concat(vec![header, text(" "), table])
                } else {
                    group(concat(vec![
                        header,
                        indent(CONTINUATION, concat(vec![Doc::Line, table])),
                    ]))
                }
            }
            Definition::Formula(expr) => {
                let expr = self.expr(expr);
                // A formula holding comments is broken anyway: it starts on the header's line.
                if expr.is_hard() {
                    concat(vec![text(header), text(" = "), expr])
                } else {
                    group(concat(vec![
                        text(header),
                        indent(CONTINUATION, concat(vec![Doc::Line, text("= "), expr])),
                    ]))
                }
            }
            Definition::Grid(grid) => self.grid(header, grid),
            Definition::Rules(rules) => self.rules(header, rules),
        }
    }
}
