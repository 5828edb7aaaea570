//! The values of a version that depend on the case's inputs (`valeur x = … × patients`),
//! computed row by row as the engine's interpreter computes them (compiler/src/interpret/):
//! each node of a formula is a few columns, NULL where the engine fails (a missing input, a
//! hole, a division by zero, an overflow); `et`, `ou` and `si` look at their second operand
//! only when the engine does. Then each line's parts, as `pay` reads them, and the conditions.

use super::dialect::string;
use super::exact::{self, Plan, Rounding};
use super::time::LineTime;
use super::{comment_lines, Parts};
use crate::headings;
use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::ir::{Definition, Expr, ExprKind, Version};
use clause_compiler::types::Type;
use clause_compiler::value::Value;
use clause_grammar::ast::{BinaryOp, Function, UnaryOp};

mod bases;
mod dates;
mod durations;
mod inputs;
mod shape;
mod tables;

use shape::Out;
pub(super) use shape::{masks, MASK_BITS};

pub use bases::condition_columns as base_conditions;

struct Node {
    deps: Vec<usize>,
    plan: Plan,
}

struct Graph<'p, 'a> {
    p: &'p Parts<'a>,
    nodes: Vec<Node>,
    /// The node of each value of `scope` already compiled, with what it gives.
    values: Vec<Option<(usize, Out)>>,
    scope: Scope<'a>,
}

/// The version whose definitions a graph compiles: this one, or a base of its chain whose
/// line pays a period with an amount computed from the case's inputs (`bases`).
pub(super) struct Scope<'a> {
    compiled: &'a CompiledVersion<'a>,
    /// Its input i is this version's input `inputs[i]` (read by name, of the same type; None:
    /// a missing input).
    inputs: Vec<Option<usize>>,
    /// The column of the band of each of its band sets.
    bands: Vec<String>,
    /// Before the columns of its values (`val{id}`): "" for this version's.
    prefix: String,
}

fn refuse(what: &str) -> String {
    format!(
        "la cible sql ne calcule pas encore {what} dans une formule : utilisez --target python ou javascript"
    )
}

/// The NULL of a type: a failed or missing value (`version` gives a set's masks).
fn null_of(d: super::Dialect, version: &Version, ty: Type) -> Result<Out, String> {
    Ok(match ty {
        // Typed: PostgreSQL reads an untyped NULL that a step keeps as a text (a table whose
        // every entry is `non précisé`: `greatest(scale, 0)` would compare a text).
        Type::Money | Type::Count | Type::Rate | Type::Decimal => Out::Num(
            format!("CAST(NULL AS {})", d.int()),
            "CAST(NULL AS INTEGER)".into(),
        ),
        Type::Bool => Out::Bool("CAST(NULL AS BOOLEAN)".into()),
        Type::Date => Out::Date("CAST(NULL AS DATE)".into()),
        Type::Text => Out::Text(format!("CAST(NULL AS {})", d.text_type())),
        Type::Enum(_) => Out::Int("CAST(NULL AS BIGINT)".into()),
        Type::Set(e) => {
            let variants = version.enums.get(e).map_or(0, |e| e.variants.len());
            Out::Set(vec!["CAST(NULL AS BIGINT)".into(); masks(variants)])
        }
        Type::Duration => Out::Dur(
            format!("CAST(NULL AS {})", d.int()),
            "CAST(NULL AS INTEGER)".into(),
            "CAST(NULL AS INTEGER)".into(),
        ),
        // The checker reports an expression in error: no version with one is compiled (a
        // table of `non précisé` only, which it does not report, is an amount: `typing`).
        Type::Error => return Err(refuse("une expression en erreur")),
    })
}

impl Graph<'_, '_> {
    fn node(&mut self, deps: Vec<usize>, plan: Plan) -> usize {
        self.nodes.push(Node { deps, plan });
        self.nodes.len() - 1
    }

    fn name(&self) -> String {
        format!("f{}", self.nodes.len())
    }

    /// The input `i` of the scope: this version's input of its name, else NULL (missing).
    fn input(&self, i: usize, ty: Type) -> Result<Out, String> {
        match self.scope.inputs.get(i).copied().flatten() {
            Some(j) => inputs::input(self.p, j, ty),
            None => self.null(ty),
        }
    }

    /// The NULL of `ty` in the scope.
    fn null(&self, ty: Type) -> Result<Out, String> {
        null_of(self.p.d, self.scope.compiled.version, ty)
    }

    /// The column of the band chosen in the scope's band set `set` (NULL: none).
    fn band(&self, set: usize) -> String {
        self.scope
            .bands
            .get(set)
            .cloned()
            .unwrap_or_else(|| "CAST(NULL AS INTEGER)".into())
    }

    /// Compiles the scope's values in its evaluation order (`val{id}`, after its prefix), each
    /// commented with its clause.
    fn compute_values(&mut self, comments: &mut Vec<(usize, Vec<String>)>) -> Result<(), String> {
        let d = self.p.d;
        let scope = self.scope.compiled;
        let version = scope.version;
        self.values = vec![None; version.values.len()];
        for &id in &version.evaluation_order {
            let value = &version.values[id];
            let (deps, result) = match &value.definition {
                Definition::Table {
                    band_set, entries, ..
                } => self.table(*band_set, entries, value.ty)?,
                Definition::Formula(expr) => self.expr(expr)?,
                Definition::Grid(grid) => self.grid(grid, value.ty)?,
                Definition::Rules(rules) => self.rules(rules, value.ty)?,
            };
            let x = format!("{}val{id}", self.scope.prefix);
            let (cols, out) = match &result {
                Out::Num(m, e) => {
                    // A money value past 10^21 € is an overflow for the engine.
                    let unit = exact::p10(d, e);
                    let within = if value.ty == Type::Money {
                        let whole = d.idiv(&format!("abs({m})"), &unit);
                        format!(
                            "({whole} < {max} OR ({whole} = {max} AND abs({m}) % {unit} = 0))",
                            max = exact::lit(d, 10u128.pow(21))
                        )
                    } else {
                        "TRUE".into()
                    };
                    (
                        vec![
                            format!("CASE WHEN {within} THEN {m} END AS {x}_m"),
                            format!("CASE WHEN {within} THEN {e} END AS {x}_e"),
                        ],
                        Out::Num(format!("{x}_m"), format!("{x}_e")),
                    )
                }
                other => {
                    let (names, out) = other.named(&x);
                    let cols = other
                        .parts()
                        .iter()
                        .zip(&names)
                        .map(|(part, name)| format!("{part} AS {name}"))
                        .collect();
                    (cols, out)
                }
            };
            let node = self.node(deps, vec![cols]);
            self.values[id] = Some((node, out));
            let of_base = if std::ptr::eq(scope, self.p.compiled) {
                String::new()
            } else {
                format!("de la base `{}` ", version.name)
            };
            let lines = headings::value(id, value, &of_base, &scope.provenance[id]);
            comments.push((node, lines));
        }
        Ok(())
    }

    /// Compiles `expr`: the nodes it needs (dependencies) and what it gives.
    fn expr(&mut self, expr: &Expr) -> Result<(Vec<usize>, Out), String> {
        Ok(match &expr.kind {
            ExprKind::Literal(value) => (Vec::new(), self.literal(value)?),
            ExprKind::Input(i) => (Vec::new(), self.input(*i, expr.ty)?),
            ExprKind::Value(v) => match self.values.get(*v).cloned().flatten() {
                Some((node, out)) => (vec![node], out),
                None => (Vec::new(), self.null(expr.ty)?),
            },
            ExprKind::Table(set, entries) => self.table(*set, entries, expr.ty)?,
            ExprKind::Error => return Err(refuse("une expression en erreur")),
            ExprKind::Unary(UnaryOp::Neg, operand) => match self.expr(operand)? {
                (deps, Out::Num(m, e)) => (deps, Out::Num(format!("(-{m})"), e)),
                // The engine negates the amount and keeps the unit.
                (deps, Out::Dur(m, e, u)) => (deps, Out::Dur(format!("(-{m})"), e, u)),
                // The checker types `-` on numbers and durations only (E0201).
                _ => return Err(refuse("cet opposé")),
            },
            ExprKind::Unary(UnaryOp::Not, operand) => {
                let (deps, out) = self.expr(operand)?;
                // The checker types `non` on a boolean only (E0204).
                let Out::Bool(b) = out else {
                    return Err(refuse("cette négation"));
                };
                let x = self.name();
                let id = self.node(deps, vec![vec![format!("NOT {b} AS {x}_b")]]);
                (vec![id], Out::Bool(format!("{x}_b")))
            }
            ExprKind::Binary(op, left, right) => self.binary(*op, left, right)?,
            ExprKind::Between { value, low, high } => {
                let (v, lo, hi) = (self.expr(value)?, self.expr(low)?, self.expr(high)?);
                let mut deps = v.0.clone();
                deps.extend(lo.0.iter().chain(&hi.0));
                let x = self.name();
                let above = self.order(&format!("{x}_lo"), &v.1, &lo.1)?;
                let below = self.order(&format!("{x}_hi"), &v.1, &hi.1)?;
                let mut plan = exact::merge(vec![above.0, below.0]);
                plan.push(vec![format!(
                    "CASE WHEN ({a}) IS NULL OR ({b}) IS NULL THEN NULL ELSE ({a}) >= 0 AND ({b}) <= 0 END AS {x}_b",
                    a = above.1,
                    b = below.1
                )]);
                let id = self.node(deps, plan);
                (vec![id], Out::Bool(format!("{x}_b")))
            }
            ExprKind::Call(function, args) => self.call(*function, args)?,
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => {
                let (mut deps, c) = self.expr(condition)?;
                // The checker types a condition as a boolean only (E0204).
                let Out::Bool(c) = c else {
                    return Err(refuse("cette condition"));
                };
                let (t_deps, t) = self.expr(then)?;
                let (o_deps, o) = self.expr(otherwise)?;
                deps.extend(t_deps.into_iter().chain(o_deps));
                let x = self.name();
                let pick =
                    |a: &str, b: &str| format!("CASE WHEN {c} THEN {a} WHEN NOT {c} THEN {b} END");
                self.select(&x, deps, &t, &o, &pick)?
            }
        })
    }

    /// A node choosing between two results of the same type with `pick(a, b)`.
    fn select(
        &mut self,
        x: &str,
        deps: Vec<usize>,
        a: &Out,
        b: &Out,
        pick: &dyn Fn(&str, &str) -> String,
    ) -> Result<(Vec<usize>, Out), String> {
        // The checker gives both branches one type (E0201), hence one shape.
        if !a.same_shape(b) {
            return Err(refuse("ce choix entre deux types"));
        }
        let (names, out) = a.named(x);
        let cols = a
            .parts()
            .iter()
            .zip(b.parts())
            .zip(&names)
            .map(|((a, b), name)| format!("{} AS {name}", pick(a, b)))
            .collect();
        let id = self.node(deps, vec![cols]);
        Ok((vec![id], out))
    }

    fn literal(&self, value: &Value) -> Result<Out, String> {
        let p = self.p;
        Ok(match value {
            Value::Money(v) | Value::Count(v) | Value::Rate(v) | Value::Decimal(v) => {
                Out::Num(p.decimal(*v, v.scale()), v.scale().to_string())
            }
            Value::Bool(b) => Out::Bool(if *b { "TRUE" } else { "FALSE" }.into()),
            Value::Date(date) => Out::Date(format!("CAST('{date}' AS DATE)")),
            Value::Text(t) => Out::Text(string(t)),
            Value::Variant(_, v) => Out::Int(format!("CAST({v} AS BIGINT)")),
            Value::Set(e, items) => {
                let variants = self.scope.compiled.version.enums.get(*e);
                let mut bits = vec![0i64; masks(variants.map_or(0, |e| e.variants.len()))];
                for item in items {
                    if let Some(mask) = bits.get_mut(item / MASK_BITS) {
                        *mask |= 1 << (item % MASK_BITS);
                    }
                }
                Out::Set(
                    bits.iter()
                        .map(|mask| format!("CAST({mask} AS BIGINT)"))
                        .collect(),
                )
            }
            Value::Duration(duration) => durations::literal(p, duration),
        })
    }

    /// The sign of `a − b` for numbers (a plan and its column), or a comparison of dates.
    fn order(&self, x: &str, a: &Out, b: &Out) -> Result<(Plan, String), String> {
        match (a, b) {
            (Out::Num(am, ae), Out::Num(bm, be)) => Ok((
                exact::compare(self.p.d, x, (am, ae), (bm, be)),
                format!("{x}_c"),
            )),
            (Out::Date(a), Out::Date(b)) => Ok((
                Vec::new(),
                format!(
                    "CASE WHEN {a} < {b} THEN -1 WHEN {a} > {b} THEN 1 WHEN {a} = {b} THEN 0 END"
                ),
            )),
            (Out::Dur(..), Out::Dur(..)) => Ok(self.order_durations(x, a, b)),
            // The checker orders numbers, dates and durations only (E0201: `<`, `entre`, `min`…).
            _ => Err(refuse("cette comparaison")),
        }
    }

    fn binary(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
    ) -> Result<(Vec<usize>, Out), String> {
        let d = self.p.d;
        if matches!(op, BinaryOp::Add | BinaryOp::Sub) && left.ty == Type::Date {
            if let Some(moved) = self.moved_date(op == BinaryOp::Sub, left, right) {
                return moved;
            }
        }
        let (mut deps, l) = self.expr(left)?;
        let (r_deps, r) = self.expr(right)?;
        deps.extend(r_deps);
        let x = self.name();
        let bool_node = |g: &mut Self, deps: Vec<usize>, plan: Plan| {
            let id = g.node(deps, plan);
            (vec![id], Out::Bool(format!("{x}_b")))
        };
        Ok(match op {
            BinaryOp::And | BinaryOp::Or => {
                // The checker types `et`, `ou` on booleans only (E0204).
                let (Out::Bool(a), Out::Bool(b)) = (&l, &r) else {
                    return Err(refuse("cet opérateur logique"));
                };
                let short = if op == BinaryOp::And {
                    format!("WHEN NOT {a} THEN FALSE")
                } else {
                    format!("WHEN {a} THEN TRUE")
                };
                bool_node(
                    self,
                    deps,
                    vec![vec![format!(
                        "CASE WHEN {a} IS NULL THEN NULL {short} ELSE {b} END AS {x}_b"
                    )]],
                )
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
                if let Some(plan) = self.duration_arithmetic(op, &x, &l, &r) {
                    let (plan, out) = plan?;
                    let id = self.node(deps, plan);
                    return Ok((vec![id], out));
                }
                // A date moves by a duration above; the checker refuses any other mix (E0201).
                let (Out::Num(am, ae), Out::Num(bm, be)) = (&l, &r) else {
                    return Err(refuse("le calcul sur des dates ou des durées"));
                };
                let (a, b) = ((am.as_str(), ae.as_str()), (bm.as_str(), be.as_str()));
                let plan = match op {
                    BinaryOp::Add => exact::add(d, &x, a, b, false),
                    BinaryOp::Sub => exact::add(d, &x, a, b, true),
                    BinaryOp::Mul => exact::mul(d, &x, a, b),
                    _ => exact::div(d, &x, a, b),
                };
                let id = self.node(deps, plan);
                (vec![id], Out::Num(format!("{x}_m"), format!("{x}_e")))
            }
            BinaryOp::Contains => {
                let test = match (&l, &r) {
                    (Out::Set(whole), Out::Set(part)) if whole.len() == part.len() => whole
                        .iter()
                        .zip(part)
                        .map(|(w, p)| format!("(({w} & {p}) = {p})"))
                        .collect::<Vec<_>>()
                        .join(" AND "),
                    // The variant's bit in its mask.
                    (Out::Set(whole), Out::Int(part)) => {
                        let mut case = String::from("CASE");
                        for (c, w) in whole.iter().enumerate() {
                            let bit = format!("{part} - {}", c * MASK_BITS);
                            case.push_str(&format!(
                                " WHEN {bit} BETWEEN 0 AND {} THEN ((({w} >> CAST({bit} AS INTEGER)) & 1) = 1)",
                                MASK_BITS - 1
                            ));
                        }
                        format!("{case} END")
                    }
                    // The checker types `contient` on a set only (E0201).
                    _ => return Err(refuse("cette appartenance")),
                };
                let test = format!("({test})");
                bool_node(self, deps, vec![vec![format!("{test} AS {x}_b")]])
            }
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge => {
                let sign = match op {
                    BinaryOp::Eq => "=",
                    BinaryOp::Ne => "<>",
                    BinaryOp::Lt => "<",
                    BinaryOp::Le => "<=",
                    BinaryOp::Gt => ">",
                    _ => ">=",
                };
                let plan = match (&l, &r) {
                    (Out::Num(..), Out::Num(..))
                    | (Out::Date(_), Out::Date(_))
                    | (Out::Dur(..), Out::Dur(..)) => {
                        let (mut plan, c) = self.order(&x, &l, &r)?;
                        plan.push(vec![format!("({c}) {sign} 0 AS {x}_b")]);
                        plan
                    }
                    // Sets: equal when each mask is (NULL when one is).
                    (Out::Set(a), Out::Set(b)) if matches!(op, BinaryOp::Eq | BinaryOp::Ne) => {
                        let equal = a
                            .iter()
                            .zip(b)
                            .map(|(a, b)| format!("{a} = {b}"))
                            .collect::<Vec<_>>()
                            .join(" AND ");
                        let not = if op == BinaryOp::Ne { "NOT " } else { "" };
                        vec![vec![format!("{not}({equal}) AS {x}_b")]]
                    }
                    (a, b) if matches!(op, BinaryOp::Eq | BinaryOp::Ne) => {
                        vec![vec![format!("{} {sign} {} AS {x}_b", scalar(a), scalar(b))]]
                    }
                    // The checker orders no boolean, text, variant or set (E0201).
                    _ => return Err(refuse("cette comparaison")),
                };
                bool_node(self, deps, plan)
            }
        })
    }

    fn call(&mut self, function: Function, args: &[Expr]) -> Result<(Vec<usize>, Out), String> {
        let d = self.p.d;
        let mut compiled = Vec::new();
        for arg in args {
            compiled.push(self.expr(arg)?);
        }
        let mut all_deps: Vec<usize> = compiled.iter().flat_map(|(d, _)| d.clone()).collect();
        match function {
            Function::Min | Function::Max => {
                let mut iter = compiled.into_iter();
                // The checker asks for two arguments at least (E0205).
                let Some((_, mut best)) = iter.next() else {
                    return Err(refuse("min ou max sans argument"));
                };
                let mut deps = all_deps;
                for (_, candidate) in iter {
                    // The engine keeps the first of equal candidates.
                    let x = self.name();
                    let (plan, c) = self.order(&format!("{x}_o"), &candidate, &best)?;
                    let wins = if function == Function::Min { "<" } else { ">" };
                    let pick = |a: &str, b: &str| {
                        format!("CASE WHEN ({c}) IS NULL THEN NULL WHEN ({c}) {wins} 0 THEN {a} ELSE {b} END")
                    };
                    let (chosen_deps, chosen) = {
                        let order = self.node(deps.clone(), plan);
                        self.select(&x, vec![order], &candidate, &best, &pick)?
                    };
                    best = chosen;
                    deps = chosen_deps;
                }
                Ok((deps, best))
            }
            Function::Floor | Function::Ceil | Function::Round | Function::RoundCent => {
                // The checker rounds numbers and amounts only (E0201, E0202).
                let Some((_, Out::Num(m, e))) = compiled.first() else {
                    return Err(refuse("cet arrondi"));
                };
                let (digits, how) = match function {
                    Function::Floor => (0, Rounding::Floor),
                    Function::Ceil => (0, Rounding::Ceil),
                    Function::Round => (0, Rounding::HalfAwayFromZero),
                    _ => (2, Rounding::HalfAwayFromZero),
                };
                let x = self.name();
                let plan = exact::round(d, &x, (m, e), digits, how);
                let id = self.node(std::mem::take(&mut all_deps), plan);
                Ok((vec![id], Out::Num(format!("{x}_m"), format!("{x}_e"))))
            }
        }
    }
}

/// A non-number result as one SQL expression.
fn scalar(out: &Out) -> &str {
    out.parts().first().copied().unwrap_or("NULL")
}

/// The CTEs computing the version's values, conditions and lines' parts after `choix`;
/// returns the last one's name.
pub fn ctes(p: &Parts<'_>, times: &[LineTime], out: &mut String) -> Result<String, String> {
    let version = p.compiled.version;
    // 1. The inputs, read as the engine reads them.
    let mut cols = inputs::columns(p);
    tables::band_columns(p, &mut cols);
    bases::band_columns(p, times, &mut cols);
    let mut from = exact::emit(
        out,
        "choix",
        "formules_entrees",
        &vec![cols],
        "Les entrées des formules, lues comme `clause eval --cases` les lit (NULL : absente ou refusée)",
    );
    // 2. The values, in the version's evaluation order, then the conditions.
    let mut g = Graph {
        p,
        nodes: Vec::new(),
        values: Vec::new(),
        scope: Scope {
            compiled: p.compiled,
            inputs: (0..version.inputs.len()).map(Some).collect(),
            bands: (0..version.band_sets.len())
                .map(|set| tables::band_column(p, set))
                .collect(),
            prefix: String::new(),
        },
    };
    let mut comments: Vec<(usize, Vec<String>)> = Vec::new();
    g.compute_values(&mut comments)?;
    let own_values = g.values.clone();
    let mut conditions = Vec::new();
    for condition in &version.conditions {
        let (deps, out) = g.expr(&condition.expr)?;
        // The checker types a `condition` as a boolean only (E0204).
        let Out::Bool(b) = out else {
            return Err(refuse("cette condition"));
        };
        conditions.push((deps, b, condition));
    }
    let eligible: Vec<String> = conditions
        .iter()
        .map(|(_, b, _)| format!("coalesce({b}, FALSE)"))
        .collect();
    let deps: Vec<usize> = conditions.iter().flat_map(|(d, _, _)| d.clone()).collect();
    let eligible = if eligible.is_empty() {
        "TRUE".to_string()
    } else {
        eligible.join(" AND ")
    };
    // Each condition too, for a line `réservé si` it (NULL: it cannot be evaluated).
    let mut elig_cols = vec![format!("{eligible} AS clause_eligible")];
    elig_cols.extend(
        conditions
            .iter()
            .enumerate()
            .map(|(i, (_, b, _))| format!("{b} AS clause_cond{i}")),
    );
    let elig_node = g.node(deps, vec![elig_cols]);
    for (_, _, condition) in &conditions {
        comments.push((
            elig_node,
            vec![format!(
                "condition {}{} ({})",
                condition.name,
                condition
                    .label
                    .as_ref()
                    .map_or(String::new(), |t| format!(" « {t} »")),
                p.at(condition.origin.span)
            )],
        ));
    }
    // 3. Each line's parts, as `pay` reads them.
    for (l, line) in p.compiled.lines.iter().enumerate() {
        let money = version.values[line.value].ty == Type::Money;
        let (node, amount) = match own_values[line.value].clone() {
            Some((node, Out::Num(m, e))) if money => (vec![node], (m, e)),
            _ => (Vec::new(), ("NULL".to_string(), "NULL".to_string())),
        };
        let plan = super::line_parts::plan(
            p,
            &format!("l{l}"),
            (&line.schedule, line.fixed_share),
            super::periods::advance_of(line),
            &amount,
        );
        g.node(node, plan);
    }
    // 4. The periods of the bases computed from the case's inputs, in their own scope.
    bases::periods(&mut g, times, &mut comments)?;
    // Schedule: each node starts after the nodes it reads.
    let mut end = vec![0usize; g.nodes.len()];
    let mut stages: Plan = Vec::new();
    let mut stage_comments: Vec<Vec<String>> = Vec::new();
    for (id, node) in g.nodes.iter().enumerate() {
        let start = node.deps.iter().map(|d| end[*d]).max().unwrap_or(0);
        end[id] = start + node.plan.len();
        for (i, cols) in node.plan.iter().enumerate() {
            while stages.len() <= start + i {
                stages.push(Vec::new());
                stage_comments.push(Vec::new());
            }
            stages[start + i].extend(cols.iter().cloned());
        }
        if let Some((_, lines)) = comments.iter().find(|(n, _)| *n == id) {
            if let Some(last) = end[id].checked_sub(1) {
                stage_comments[last].extend(lines.iter().cloned());
            }
        }
    }
    for (i, cols) in stages.iter().enumerate() {
        if cols.is_empty() {
            continue;
        }
        let name = format!("formules_{}", i + 1);
        let mut text = String::new();
        comment_lines(&stage_comments[i], &mut text);
        out.push_str(&text);
        out.push_str(&format!("{name} AS (\n  SELECT {from}.*"));
        for col in cols {
            out.push_str(&format!(",\n    {col}"));
        }
        out.push_str(&format!("\n  FROM {from}\n),\n"));
        from = name;
    }
    Ok(from)
}
