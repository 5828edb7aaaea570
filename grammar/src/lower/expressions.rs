//! Lowering of expressions: the Pratt parser of operators, primaries (literals, names, calls,
//! `si … alors … sinon`, `entre`), and the limits that keep a hostile input from exhausting the
//! stack (operators per expression, tree depth).

use super::{bool_expr, empty_table, Lowerer, MAX_OPERATORS, MAX_TREE_DEPTH};
use crate::ast::*;
use crate::limits::MAX_NESTING;
use crate::rules::GrammarRule as Rule;
use crate::span::{Span, Spanned};
use crate::syntax_error::{SyntaxError, SyntaxErrorKind};
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::sync::OnceLock;

fn expr_parser() -> &'static PrattParser<Rule> {
    static PARSER: OnceLock<PrattParser<Rule>> = OnceLock::new();
    PARSER.get_or_init(|| {
        PrattParser::new()
            .op(Op::infix(Rule::or, Assoc::Left))
            .op(Op::infix(Rule::and, Assoc::Left))
            .op(Op::prefix(Rule::not))
            .op(Op::infix(Rule::eq, Assoc::Left)
                | Op::infix(Rule::ne, Assoc::Left)
                | Op::infix(Rule::lt, Assoc::Left)
                | Op::infix(Rule::le, Assoc::Left)
                | Op::infix(Rule::gt, Assoc::Left)
                | Op::infix(Rule::ge, Assoc::Left)
                | Op::infix(Rule::contains, Assoc::Left)
                | Op::postfix(Rule::between))
            .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
            .op(Op::infix(Rule::mul, Assoc::Left) | Op::infix(Rule::div, Assoc::Left))
            .op(Op::prefix(Rule::neg))
    })
}

impl Lowerer<'_> {
    pub(super) fn expr(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let span = self.span(&pair);
        let operators = pair
            .clone()
            .into_inner()
            .filter(|p| is_operator(p.as_rule()))
            .count();
        if operators > MAX_OPERATORS {
            self.errors.push(SyntaxError {
                kind: SyntaxErrorKind::TooDeep { limit: MAX_NESTING },
                span,
                suggestion: None,
            });
            return bool_expr(span);
        }
        let (file, base) = (self.file, self.base);
        // The closures of the Pratt parser cannot borrow `self` mutably more than once, so
        // errors found inside are collected in a cell and moved out after.
        let errors = std::cell::RefCell::new(Vec::new());
        let result = expr_parser()
            .map_primary(|primary| {
                let mut nested = Vec::new();
                let expr = Lowerer {
                    file,
                    base,
                    errors: &mut nested,
                }
                .primary(primary);
                errors.borrow_mut().extend(nested);
                expr
            })
            .map_prefix(|op, operand| {
                let span = Span::new(file, base + op.as_span().start(), operand.span.end);
                let unary = if op.as_rule() == Rule::not {
                    UnaryOp::Not
                } else {
                    UnaryOp::Neg
                };
                Expr {
                    kind: ExprKind::Unary(unary, Box::new(operand)),
                    span,
                }
            })
            .map_postfix(|value, op| {
                let op_span = op.as_span();
                let mut nested = Vec::new();
                let mut bounds = op
                    .into_inner()
                    .filter(|p| p.as_rule() == Rule::arith)
                    .map(|p| {
                        Lowerer {
                            file,
                            base,
                            errors: &mut nested,
                        }
                        .arith(p)
                    })
                    .collect::<Vec<_>>()
                    .into_iter();
                errors.borrow_mut().extend(nested);
                let fallback = Span::new(file, base + op_span.start(), base + op_span.end());
                let low = bounds.next().unwrap_or_else(|| bool_expr(fallback));
                let high = bounds.next().unwrap_or_else(|| bool_expr(fallback));
                let span = value.span.to(high.span);
                Expr {
                    kind: ExprKind::Between {
                        value: Box::new(value),
                        low: Box::new(low),
                        high: Box::new(high),
                    },
                    span,
                }
            })
            .map_infix(|left, op, right| binary(left, op.as_rule(), right))
            .parse(pair.into_inner());
        self.errors.extend(errors.into_inner());
        // Each bracket level is checked as it is lowered, so a tree found too deep here is at
        // most one level's operators past the limit, and dropping it is still safe.
        if tree_depth(&result) > MAX_TREE_DEPTH {
            self.errors.push(SyntaxError {
                kind: SyntaxErrorKind::TooDeep { limit: MAX_NESTING },
                span,
                suggestion: None,
            });
            return bool_expr(span);
        }
        result
    }

    pub(super) fn arith(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let (file, base) = (self.file, self.base);
        let errors = std::cell::RefCell::new(Vec::new());
        let result = expr_parser()
            .map_primary(|primary| {
                let mut nested = Vec::new();
                let expr = Lowerer {
                    file,
                    base,
                    errors: &mut nested,
                }
                .primary(primary);
                errors.borrow_mut().extend(nested);
                expr
            })
            .map_prefix(|op, operand| {
                let span = Span::new(file, base + op.as_span().start(), operand.span.end);
                Expr {
                    kind: ExprKind::Unary(UnaryOp::Neg, Box::new(operand)),
                    span,
                }
            })
            .map_infix(|left, op, right| binary(left, op.as_rule(), right))
            .parse(pair.into_inner());
        self.errors.extend(errors.into_inner());
        result
    }

    pub(super) fn primary(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::paren => match pair.into_inner().next() {
                Some(inner) => ExprKind::Paren(Box::new(self.expr(inner))),
                None => ExprKind::Bool(false),
            },
            Rule::conditional => {
                let mut parts = pair
                    .into_inner()
                    .filter(|p| p.as_rule() == Rule::expr)
                    .map(|p| self.expr(p));
                let condition = parts.next().unwrap_or_else(|| bool_expr(span));
                let then = parts.next().unwrap_or_else(|| bool_expr(span));
                let otherwise = parts.next().unwrap_or_else(|| bool_expr(span));
                ExprKind::If {
                    condition: Box::new(condition),
                    then: Box::new(then),
                    otherwise: Box::new(otherwise),
                }
            }
            Rule::call => {
                let mut inner = pair.into_inner();
                let function_pair = inner.next();
                let function = function_pair.map_or(Spanned::new(Function::Min, span), |p| {
                    let function_span = self.span(&p);
                    let function = match p.into_inner().next().map(|f| f.as_rule()) {
                        Some(Rule::kw_max) => Function::Max,
                        Some(Rule::fn_round_down) => Function::Floor,
                        Some(Rule::fn_round_up) => Function::Ceil,
                        Some(Rule::fn_round_cent) => Function::RoundCent,
                        Some(Rule::fn_round) => Function::Round,
                        _ => Function::Min,
                    };
                    Spanned::new(function, function_span)
                });
                let arguments = inner
                    .filter(|p| p.as_rule() == Rule::expr)
                    .map(|p| self.expr(p))
                    .collect();
                ExprKind::Call(function, arguments)
            }
            Rule::date_lit => match pair.into_inner().next() {
                Some(date) => ExprKind::Date(self.date(date).node),
                None => ExprKind::Bool(false),
            },
            Rule::quantity => {
                let mut inner = pair.into_inner();
                let value = inner.next().map(|p| self.number(p)).unwrap_or_default();
                match inner
                    .next()
                    .and_then(|unit| unit.into_inner().next())
                    .map(|u| u.as_rule())
                {
                    Some(Rule::euro) => ExprKind::Money(value),
                    Some(Rule::pct) => ExprKind::Percent(value),
                    Some(Rule::unit_months) => ExprKind::Duration(Duration {
                        amount: value,
                        unit: DurationUnit::Months,
                    }),
                    Some(Rule::unit_years) => ExprKind::Duration(Duration {
                        amount: value,
                        unit: DurationUnit::Years,
                    }),
                    Some(Rule::unit_days) => ExprKind::Duration(Duration {
                        amount: value,
                        unit: DurationUnit::Days,
                    }),
                    _ => ExprKind::Number(value),
                }
            }
            Rule::string => ExprKind::Text(self.text(pair).node),
            Rule::set_lit => ExprKind::Set(pair.into_inner().map(|p| self.ident(p)).collect()),
            Rule::table_lit => match pair.into_inner().next() {
                Some(positional) => {
                    let span = self.span(&positional);
                    let entries = positional
                        .into_inner()
                        .map(|entry| self.table_entry(entry, None))
                        .collect();
                    ExprKind::Table(Table {
                        entries,
                        named: false,
                        span,
                    })
                }
                None => ExprKind::Table(empty_table(span)),
            },
            Rule::boolean => ExprKind::Bool(
                pair.into_inner()
                    .next()
                    .is_some_and(|p| p.as_rule() == Rule::kw_vrai),
            ),
            Rule::ident => ExprKind::Name(pair.as_str().to_string()),
            Rule::base_value => match pair.into_inner().next() {
                Some(name) => ExprKind::BaseValue(self.ident(name)),
                None => ExprKind::Bool(false),
            },
            _ => ExprKind::Bool(false),
        };
        Expr { kind, span }
    }
}

/// The depth of an expression tree, walked with an explicit stack (the tree may be the one too
/// deep to recurse into).
fn tree_depth(root: &Expr) -> usize {
    let mut deepest = 0;
    let mut pending = vec![(root, 1usize)];
    while let Some((expr, depth)) = pending.pop() {
        deepest = deepest.max(depth);
        let children: Vec<&Expr> = match &expr.kind {
            ExprKind::Unary(_, operand) | ExprKind::Paren(operand) => vec![operand],
            ExprKind::Binary(_, left, right) => vec![left, right],
            ExprKind::Between { value, low, high } => vec![value, low, high],
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => vec![condition, then, otherwise],
            ExprKind::Call(_, arguments) => arguments.iter().collect(),
            ExprKind::Table(table) => table
                .entries
                .iter()
                .filter_map(|entry| match &entry.value {
                    EntryValue::Expr(value) => Some(value),
                    EntryValue::Hole => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        pending.extend(children.into_iter().map(|child| (child, depth + 1)));
    }
    deepest
}

fn is_operator(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::or
            | Rule::and
            | Rule::eq
            | Rule::ne
            | Rule::lt
            | Rule::le
            | Rule::gt
            | Rule::ge
            | Rule::contains
            | Rule::add
            | Rule::sub
            | Rule::mul
            | Rule::div
            | Rule::between
    )
}

fn binary(left: Expr, rule: Rule, right: Expr) -> Expr {
    let op = match rule {
        Rule::or => BinaryOp::Or,
        Rule::and => BinaryOp::And,
        Rule::eq => BinaryOp::Eq,
        Rule::ne => BinaryOp::Ne,
        Rule::lt => BinaryOp::Lt,
        Rule::le => BinaryOp::Le,
        Rule::gt => BinaryOp::Gt,
        Rule::ge => BinaryOp::Ge,
        Rule::contains => BinaryOp::Contains,
        Rule::add => BinaryOp::Add,
        Rule::sub => BinaryOp::Sub,
        Rule::mul => BinaryOp::Mul,
        _ => BinaryOp::Div,
    };
    let span = left.span.to(right.span);
    Expr {
        kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
        span,
    }
}
