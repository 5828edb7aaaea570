//! Types every expression (no implicit conversion) and finds the band set each value varies with.

use crate::codes::Code;
use crate::consolidate::Part;
use crate::diagnostic::{Diagnostic, Edit};
use crate::ir::*;
use crate::types::{arithmetic, assignable, comparable, Type};
use clause_grammar::ast::{BinaryOp, Function, UnaryOp, ValueKind};
use clause_grammar::Span;

pub struct Typer<'a> {
    version: &'a mut Version,
    found: &'a mut Vec<Diagnostic>,
}

impl<'a> Typer<'a> {
    pub fn new(version: &'a mut Version, found: &'a mut Vec<Diagnostic>) -> Self {
        Typer { version, found }
    }

    pub fn run(mut self, _parts: &[Part]) {
        let order = self.version.evaluation_order.clone();
        for id in order {
            self.type_value(id);
        }
        for index in 0..self.version.conditions.len() {
            let mut expr = std::mem::replace(
                &mut self.version.conditions[index].expr,
                crate::ir::error_expr(Span::default()),
            );
            let ty = self.infer(&mut expr);
            self.expect_bool(ty, expr.span, "une condition d'éligibilité");
            self.version.conditions[index].expr = expr;
        }
        for index in 0..self.version.assertions.len() {
            let mut expr = std::mem::replace(
                &mut self.version.assertions[index].expr,
                crate::ir::error_expr(Span::default()),
            );
            let ty = self.infer(&mut expr);
            self.expect_bool(ty, expr.span, "une vérification");
            self.band_set_of(&expr);
            self.version.assertions[index].expr = expr;
        }
        for index in 0..self.version.examples.len() {
            self.type_example(index);
        }
    }

    fn type_value(&mut self, id: ValueId) {
        let mut definition = std::mem::replace(
            &mut self.version.values[id].definition,
            Definition::Formula(crate::ir::error_expr(Span::default())),
        );
        let mut grid = None;
        let (ty, band_set) = match &mut definition {
            Definition::Table {
                band_set, entries, ..
            } => (self.entries_type(entries.iter_mut()), Some(*band_set)),
            Definition::Formula(expr) => {
                let ty = self.infer(expr);
                grid = self.grid_of(expr);
                let band_set = if grid.is_some() {
                    None
                } else {
                    self.band_set_of(expr)
                };
                (ty, band_set)
            }
            Definition::Grid(def) => {
                grid = Some(def.axes);
                (self.entries_type(def.cells.iter_mut()), None)
            }
            // A rule table's value depends on its inputs, computed for each case.
            Definition::Rules(rules) => (
                self.entries_type(rules.rules.iter_mut().map(|r| &mut r.value)),
                None,
            ),
        };
        let mut fixed_share = self.version.values[id].fixed_share.take();
        if let Some(fixed) = &mut fixed_share {
            let share_ty = self.infer(&mut fixed.share);
            if share_ty != Type::Rate && share_ty != Type::Error {
                self.found.push(
                    Diagnostic::new(
                        Code::TypeMismatch,
                        format!("la part fixe est un taux, pas {}", share_ty.with_article()),
                        fixed.share.span,
                        share_ty.french(),
                    )
                    .with_help("écrivez un pourcentage : `part fixe 50 %`"),
                );
            }
        }
        let value = &mut self.version.values[id];
        value.definition = definition;
        value.fixed_share = fixed_share;
        value.ty = ty;
        value.band_set = band_set;
        value.grid = grid;
        if value.kind == ValueKind::Envelope && ty != Type::Money && ty != Type::Error {
            let span = value.definition.span();
            let help = if ty == Type::Rate {
                "multipliez le taux par un montant : `75 % × fonctionnement`"
            } else {
                "une enveloppe se définit par un montant en euros"
            };
            self.found.push(
                Diagnostic::new(
                    Code::ExpectedMoney,
                    format!(
                        "l'enveloppe `{}` doit être un montant, pas {}",
                        value.name,
                        ty.with_article()
                    ),
                    span,
                    format!("{} ici", ty.french()),
                )
                .with_secondary(value.name_span, "enveloppe")
                .with_help(help),
            );
        }
    }

    /// The one type of a table's values (`montant` for a table with none).
    fn entries_type<'e>(&mut self, entries: impl Iterator<Item = &'e mut Entry>) -> Type {
        let mut ty = None;
        for entry in entries {
            if let Entry::Value(expr) = entry {
                let entry_ty = self.infer(expr);
                match ty {
                    None => ty = Some(entry_ty),
                    Some(known) if !comparable(known, entry_ty) => {
                        self.mismatch_in_table(known, entry_ty, expr.span)
                    }
                    _ => {}
                }
            }
        }
        ty.unwrap_or(Type::Money)
    }

    /// The two criteria a formula varies with, when it uses a table by two criteria: it may also
    /// use values varying with one of the criteria's band sets, not with another (E0208).
    pub fn grid_of(&mut self, expr: &Expr) -> Option<GridAxes> {
        let mut grids: Vec<(GridAxes, Span)> = Vec::new();
        let mut sets: Vec<(BandSetId, Span)> = Vec::new();
        let values = &self.version.values;
        crate::ir::visit(expr, &mut |e| match &e.kind {
            ExprKind::Value(v) => {
                if let Some(grid) = values[*v].grid {
                    grids.push((grid, e.span));
                }
                if let Some(set) = values[*v].band_set {
                    sets.push((set, e.span));
                }
            }
            ExprKind::Table(set, _) => sets.push((*set, e.span)),
            _ => {}
        });
        let (first, first_span) = *grids.first()?;
        let words = first.words(self.version);
        if let Some((other, span)) = grids.iter().find(|(g, _)| *g != first) {
            let other = other.words(self.version);
            self.found.push(
                Diagnostic::new(
                    Code::MixedBandSets,
                    format!("l'expression mêle les tableaux par {words} et par {other}"),
                    *span,
                    format!("par {other}"),
                )
                .with_secondary(first_span, format!("par {words}")),
            );
        }
        let within = |set: BandSetId| [first.rows, first.columns].contains(&Axis::Bands(set));
        if let Some((set, span)) = sets.iter().find(|(s, _)| !within(*s)) {
            let name = self.version.band_sets[*set].name.clone();
            self.found.push(
                Diagnostic::new(
                    Code::MixedBandSets,
                    format!("l'expression mêle le tableau par {words} et les tranches `{name}`"),
                    *span,
                    format!("par `{name}`"),
                )
                .with_secondary(first_span, format!("par {words}")),
            );
        }
        Some(first)
    }

    fn mismatch_in_table(&mut self, expected: Type, found: Type, span: Span) {
        if found == Type::Error || expected == Type::Error {
            return;
        }
        self.found.push(
            Diagnostic::new(
                Code::TypeMismatch,
                format!(
                    "valeurs de types différents dans un tableau : {} puis {}",
                    expected.with_article(),
                    found.with_article()
                ),
                span,
                found.french(),
            )
            .with_help("toutes les valeurs d'un tableau par tranches ont le même type"),
        );
    }

    fn type_example(&mut self, index: usize) {
        let origin = self.version.examples[index].origin.clone();
        let placeholder = Example {
            label: String::new(),
            inputs: Vec::new(),
            outcome: ExampleOutcome::Values(Vec::new()),
            origin,
        };
        let mut example = std::mem::replace(&mut self.version.examples[index], placeholder);
        for (input, expr) in &mut example.inputs {
            let ty = self.infer(expr);
            let declared = self.version.inputs[*input].ty;
            if !assignable(declared, ty) {
                let name = self.version.inputs[*input].name.clone();
                let input_span = self.version.inputs[*input].name_span;
                self.found.push(
                    Diagnostic::new(
                        Code::ExampleInputType,
                        format!(
                            "l'entrée `{name}` attend {}, pas {}",
                            declared.with_article(),
                            ty.with_article()
                        ),
                        expr.span,
                        ty.french(),
                    )
                    .with_secondary(input_span, format!("déclarée {}", declared.french())),
                );
            }
        }
        if let ExampleOutcome::Values(expected) = &mut example.outcome {
            for item in expected {
                let ty = self.infer(&mut item.expected);
                let value_ty = self.version.values[item.value].ty;
                if !(assignable(value_ty, ty) || value_ty == Type::Decimal && ty == Type::Count) {
                    let name = self.version.values[item.value].name.clone();
                    self.found.push(
                        Diagnostic::new(
                            Code::ExampleInputType,
                            format!(
                                "`{name}` est {}, pas {}",
                                value_ty.with_article(),
                                ty.with_article()
                            ),
                            item.expected.span,
                            ty.french(),
                        )
                        .with_secondary(
                            self.version.values[item.value].name_span,
                            format!("{} ici", value_ty.french()),
                        ),
                    );
                }
            }
        }
        self.version.examples[index] = example;
    }

    fn expect_bool(&mut self, ty: Type, span: Span, what: &str) {
        if ty != Type::Bool && ty != Type::Error {
            self.found.push(
                Diagnostic::new(
                    Code::ExpectedBoolean,
                    format!(
                        "{what} doit être vraie ou fausse, pas {}",
                        ty.with_article()
                    ),
                    span,
                    ty.french(),
                )
                .with_help("écrivez une comparaison (`=`, `≤`, `entre … et …`) ou `contient`"),
            );
        }
    }

    /// The band set an expression varies with; reports a mix of two sets.
    pub fn band_set_of(&mut self, expr: &Expr) -> Option<BandSetId> {
        let mut sets: Vec<(BandSetId, Span)> = Vec::new();
        let values = &self.version.values;
        crate::ir::visit(expr, &mut |e| match &e.kind {
            ExprKind::Value(v) => {
                if let Some(set) = values[*v].band_set {
                    sets.push((set, e.span));
                }
            }
            ExprKind::Table(set, _) => sets.push((*set, e.span)),
            _ => {}
        });
        let (first, first_span) = *sets.first()?;
        if let Some((other, span)) = sets.iter().find(|(s, _)| *s != first) {
            let a = self.version.band_sets[first].name.clone();
            let b = self.version.band_sets[*other].name.clone();
            self.found.push(
                Diagnostic::new(
                    Code::MixedBandSets,
                    format!("l'expression mêle les tranches `{a}` et `{b}`"),
                    *span,
                    format!("par `{b}`"),
                )
                .with_secondary(first_span, format!("par `{a}`")),
            );
        }
        Some(first)
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.found.push(diagnostic);
    }

    pub fn infer(&mut self, expr: &mut Expr) -> Type {
        let ty = self.infer_kind(expr);
        expr.ty = ty;
        ty
    }

    fn infer_kind(&mut self, expr: &mut Expr) -> Type {
        let span = expr.span;
        match &mut expr.kind {
            ExprKind::Literal(value) => value.ty(),
            ExprKind::Input(i) => self.version.inputs[*i].ty,
            ExprKind::Value(v) => self.version.values[*v].ty,
            ExprKind::Error => Type::Error,
            ExprKind::Table(_, entries) => {
                let mut ty = None;
                for entry in entries.iter_mut() {
                    if let Entry::Value(e) = entry {
                        let t = self.infer(e);
                        match ty {
                            None => ty = Some(t),
                            Some(known) if !comparable(known, t) => {
                                self.mismatch_in_table(known, t, e.span)
                            }
                            _ => {}
                        }
                    }
                }
                // A table of `non précisé` only is an amount, as a table that defines a value
                // (`entries_type`): `Type::Error` is the type of an expression the checker
                // reported, and this one has no diagnostic of its own.
                ty.unwrap_or(Type::Money)
            }
            ExprKind::Unary(op, operand) => {
                let op = *op;
                let t = self.infer(operand);
                match op {
                    UnaryOp::Not => {
                        self.expect_bool(t, operand.span, "l'opérande de `non`");
                        Type::Bool
                    }
                    UnaryOp::Neg if t.is_numeric() || t == Type::Duration || t == Type::Error => t,
                    UnaryOp::Neg => {
                        self.found.push(Diagnostic::new(
                            Code::TypeMismatch,
                            format!("on ne peut pas prendre l'opposé d'{}", article_less(t)),
                            span,
                            t.french(),
                        ));
                        Type::Error
                    }
                }
            }
            ExprKind::Binary(op, left, right) => {
                let op = *op;
                let l = self.infer(left);
                let r = self.infer(right);
                self.binary(op, l, r, left.span, right.span, span)
            }
            ExprKind::Between { value, low, high } => {
                let v = self.infer(value);
                let lo = self.infer(low);
                let hi = self.infer(high);
                // `entre` orders, as `<` does: a boolean, a text, a variant or a set has no
                // order (the evaluation would fail on every case).
                if matches!(v, Type::Bool | Type::Text | Type::Enum(_) | Type::Set(_)) {
                    self.found.push(
                        Diagnostic::new(
                            Code::TypeMismatch,
                            format!("`entre` ne s'applique pas à {}", v.with_article()),
                            value.span,
                            v.french(),
                        )
                        .with_help(
                            "`entre … et …` compare des nombres, des montants, des taux, des dates ou des durées ; pour des valeurs admises, écrivez des `=` reliés par `ou` (ou `contient` sur un ensemble)",
                        ),
                    );
                    return Type::Bool;
                }
                for (bound, bound_span) in [(lo, low.span), (hi, high.span)] {
                    if !comparable(v, bound) {
                        self.found.push(
                            Diagnostic::new(
                                Code::TypeMismatch,
                                format!(
                                    "on ne peut pas comparer {} et {}",
                                    v.with_article(),
                                    bound.with_article()
                                ),
                                bound_span,
                                bound.french(),
                            )
                            .with_secondary(value.span, v.french()),
                        );
                    }
                }
                Type::Bool
            }
            ExprKind::Call(function, args) => {
                let function = *function;
                let types: Vec<(Type, Span)> =
                    args.iter_mut().map(|a| (self.infer(a), a.span)).collect();
                self.call(function, &types, span)
            }
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => {
                let c = self.infer(condition);
                self.expect_bool(c, condition.span, "le test d'un `si`");
                let a = self.infer(then);
                let b = self.infer(otherwise);
                if !comparable(a, b) {
                    self.found.push(
                        Diagnostic::new(
                            Code::TypeMismatch,
                            format!(
                                "les deux branches d'un `si` diffèrent : {} et {}",
                                a.with_article(),
                                b.with_article()
                            ),
                            otherwise.span,
                            b.french(),
                        )
                        .with_secondary(then.span, a.french()),
                    );
                    return Type::Error;
                }
                if a == Type::Error {
                    b
                } else {
                    a
                }
            }
        }
    }

    fn binary(
        &mut self,
        op: BinaryOp,
        l: Type,
        r: Type,
        left: Span,
        right: Span,
        whole: Span,
    ) -> Type {
        if l == Type::Error || r == Type::Error {
            return if matches!(
                op,
                BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div
            ) {
                Type::Error
            } else {
                Type::Bool
            };
        }
        match op {
            BinaryOp::And | BinaryOp::Or => {
                self.expect_bool(l, left, &format!("l'opérande de `{}`", op.symbol()));
                self.expect_bool(r, right, &format!("l'opérande de `{}`", op.symbol()));
                Type::Bool
            }
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge => {
                let ordered = !matches!(op, BinaryOp::Eq | BinaryOp::Ne);
                if !comparable(l, r)
                    || (ordered
                        && matches!(l, Type::Bool | Type::Text | Type::Enum(_) | Type::Set(_)))
                {
                    self.found.push(
                        Diagnostic::new(
                            Code::TypeMismatch,
                            format!(
                                "on ne peut pas comparer {} et {}",
                                l.with_article(),
                                r.with_article()
                            ),
                            right,
                            r.french(),
                        )
                        .with_secondary(left, l.french()),
                    );
                }
                Type::Bool
            }
            BinaryOp::Contains => match (l, r) {
                (Type::Set(a), Type::Set(b) | Type::Enum(b)) if a == b => Type::Bool,
                _ => {
                    self.found.push(
                        Diagnostic::new(
                            Code::TypeMismatch,
                            format!(
                                "`contient` s'applique à un ensemble, pas à {}",
                                l.with_article()
                            ),
                            whole,
                            "`contient` impossible",
                        )
                        .with_secondary(left, l.french())
                        .with_secondary(right, r.french()),
                    );
                    Type::Bool
                }
            },
            _ => match arithmetic(op, l, r) {
                Some(result) => {
                    if matches!(op, BinaryOp::Add | BinaryOp::Sub)
                        && matches!(
                            (l, r),
                            (Type::Count, Type::Decimal) | (Type::Decimal, Type::Count)
                        )
                    {
                        self.implicit_rounding(
                            if l == Type::Decimal { left } else { right },
                            whole,
                        );
                    }
                    result
                }
                None => {
                    let verb = match op {
                        BinaryOp::Add => "additionner",
                        BinaryOp::Sub => "soustraire",
                        BinaryOp::Mul => "multiplier",
                        _ => "diviser",
                    };
                    let help = match (l, r) {
                        (Type::Money, Type::Duration) | (Type::Duration, Type::Money) => "un montant et une durée ne s'additionnent pas : exprimez la durée en montant (par exemple un montant annuel × un nombre d'années)",
                        (Type::Money, Type::Count | Type::Rate) | (Type::Count | Type::Rate, Type::Money) => "pour une proportion d'un montant, multipliez : `75 % × fonctionnement`",
                        _ => "Clause ne convertit jamais implicitement : écrivez la conversion voulue",
                    };
                    self.found.push(
                        Diagnostic::new(
                            Code::TypeMismatch,
                            format!(
                                "on ne peut pas {verb} {} et {}",
                                l.with_article(),
                                r.with_article()
                            ),
                            right,
                            r.french(),
                        )
                        .with_secondary(left, l.french())
                        .with_help(help),
                    );
                    Type::Error
                }
            },
        }
    }

    fn implicit_rounding(&mut self, decimal: Span, whole: Span) {
        self.found.push(
            Diagnostic::new(Code::ImplicitRounding, "un nombre décimal est mêlé à un nombre entier sans arrondi explicite", decimal, "décimal")
                .with_secondary(whole, "ce calcul attend un nombre entier")
                .with_help("écrivez l'arrondi voulu : `arrondi inférieur(…)`, `arrondi supérieur(…)` ou `arrondi(…)`")
                .with_fix("arrondir à l'entier inférieur", vec![
                    Edit { span: Span::new(decimal.file, decimal.start, decimal.start), replacement: "arrondi inférieur(".into() },
                    Edit { span: Span::new(decimal.file, decimal.end, decimal.end), replacement: ")".into() },
                ]),
        );
    }

    fn call(&mut self, function: Function, args: &[(Type, Span)], span: Span) -> Type {
        let arity_ok = match function {
            Function::Min | Function::Max => args.len() >= 2,
            _ => args.len() == 1,
        };
        if !arity_ok {
            let expected = if matches!(function, Function::Min | Function::Max) {
                "au moins 2 arguments"
            } else {
                "exactement 1 argument"
            };
            self.found.push(Diagnostic::new(
                Code::WrongArity,
                format!(
                    "`{}` prend {expected}, pas {}",
                    function.french(),
                    args.len()
                ),
                span,
                crate::value::plural(args.len(), "argument", "arguments"),
            ));
            return Type::Error;
        }
        if args.iter().any(|(t, _)| *t == Type::Error) {
            return Type::Error;
        }
        match function {
            Function::Min | Function::Max => {
                let first = args[0].0;
                let has_count = args.iter().any(|(t, _)| *t == Type::Count);
                if let Some((decimal_span, _)) = args
                    .iter()
                    .find(|(t, _)| *t == Type::Decimal)
                    .map(|(_, s)| (*s, ()))
                {
                    if has_count {
                        self.implicit_rounding(decimal_span, span);
                        return Type::Count;
                    }
                }
                for (t, s) in &args[1..] {
                    if !comparable(first, *t)
                        || !first.is_numeric() && first != Type::Date && first != Type::Duration
                    {
                        self.found.push(
                            Diagnostic::new(
                                Code::TypeMismatch,
                                format!(
                                    "`{}` compare des valeurs d'un même type, pas {} et {}",
                                    function.french(),
                                    first.with_article(),
                                    t.with_article()
                                ),
                                *s,
                                t.french(),
                            )
                            .with_secondary(args[0].1, first.french()),
                        );
                        return Type::Error;
                    }
                }
                first
            }
            Function::Floor | Function::Ceil | Function::Round => match args[0].0 {
                Type::Decimal | Type::Count => Type::Count,
                Type::Money => Type::Money,
                other => {
                    self.found.push(Diagnostic::new(
                        Code::TypeMismatch,
                        format!(
                            "`{}` arrondit un nombre ou un montant, pas {}",
                            function.french(),
                            other.with_article()
                        ),
                        args[0].1,
                        other.french(),
                    ));
                    Type::Error
                }
            },
            Function::RoundCent => match args[0].0 {
                Type::Money => Type::Money,
                other => {
                    self.found.push(Diagnostic::new(
                        Code::ExpectedMoney,
                        format!(
                            "`arrondi au centime` s'applique à un montant, pas à {}",
                            article_less(other)
                        ),
                        args[0].1,
                        other.french(),
                    ));
                    Type::Error
                }
            },
        }
    }
}

fn article_less(ty: Type) -> String {
    ty.with_article()
}
