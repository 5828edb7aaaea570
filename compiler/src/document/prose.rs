//! Formulas in words for published pages: a reader sees « 75 % de « Rémunération du
//! fonctionnement » » and « au moins un médecin généraliste, un infirmier et un pharmacien »,
//! never the identifiers the agreement's author typed (those stay in the discreet references).

use super::words;
use crate::ir::{BaseRead, Entry, Expr, ExprKind, ValueId, Version};
use crate::value::Value;
use clause_grammar::ast::{BinaryOp, Function, UnaryOp};

/// An expression of `version` in French words, typeset for print.
pub fn in_words(version: &Version, expr: &Expr) -> String {
    Prose {
        version,
        line: None,
    }
    .expr(expr, false)
}

/// The amount of the line `line` in words: its own value in the base (`line de la base`) is
/// « montant de « Titre de la base » ».
pub fn line_in_words(version: &Version, expr: &Expr, line: &str) -> String {
    Prose {
        version,
        line: Some(line),
    }
    .expr(expr, false)
}

/// A base of `version` as a published page names it: its title (« « Accord … » »), else « la
/// base » (a page names no identifier).
pub fn base_title(version: &Version, base: &str) -> String {
    version
        .bases
        .iter()
        .find(|b| b.name == base)
        .and_then(|b| b.title.as_deref())
        .map_or_else(|| "la base".to_string(), quoted)
}

/// Joins items as French prose does: « a », « a et b », « a, b et c ».
pub fn enumerate(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} et {last}", init.join(", ")),
    }
}

/// A label as it reads inside a sentence: first letter lower-cased unless it starts an
/// acronym (« ESP », « SNP »).
pub fn in_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => {
            format!("{}{}", first.to_lowercase(), &label[first.len_utf8()..])
        }
        _ => label.to_string(),
    }
}

struct Prose<'v> {
    version: &'v Version,
    /// The line whose amount is described, if any.
    line: Option<&'v str>,
}

impl Prose<'_> {
    /// `x de la base` as the amendment says it, the base named by its title: « montant de
    /// « Accord … » » for the described line itself, « « Prévention » de « Accord … » » else.
    fn base_read(&self, read: &BaseRead) -> String {
        let base = base_title(self.version, &read.base);
        if self.line == Some(read.line.as_str()) {
            return format!("montant de {base}");
        }
        let label = self
            .version
            .value_named(&read.line)
            .map(|id| &self.version.values[id])
            .and_then(|v| v.label.as_deref())
            .unwrap_or(&read.line);
        format!("{} de {base}", quoted(label))
    }

    /// `nested`: the expression is an operand, so a sum or a condition is put in parentheses.
    fn expr(&self, expr: &Expr, nested: bool) -> String {
        let version = self.version;
        if let Some(read) = version.base_reads.iter().find(|r| r.span == expr.span) {
            return self.base_read(read);
        }
        match &expr.kind {
            ExprKind::Literal(value) => self.literal(value),
            ExprKind::Input(id) => {
                let input = &version.inputs[*id];
                quoted(input.label.as_deref().unwrap_or(&input.name))
            }
            ExprKind::Value(id) => quoted(&value_title(version, *id)),
            ExprKind::Table(set, entries) => {
                let bands = &version.band_sets[*set].bands;
                let figures: Vec<String> = entries
                    .iter()
                    .zip(bands)
                    .map(|(entry, band)| {
                        let figure = match entry {
                            Entry::Value(e) => self.expr(e, true),
                            Entry::Hole(_) => words::HOLE.to_string(),
                            Entry::Missing => "—".to_string(),
                        };
                        let label = band.label.as_deref().unwrap_or(&band.name);
                        format!("{figure} en {}", in_sentence(label))
                    })
                    .collect();
                format!("selon la tranche : {}", enumerate(&figures))
            }
            ExprKind::Unary(UnaryOp::Neg, inner) => format!("−{}", self.expr(inner, true)),
            ExprKind::Unary(UnaryOp::Not, inner) => format!("non ({})", self.expr(inner, false)),
            ExprKind::Binary(op, left, right) => {
                let text = self.binary(*op, left, right);
                let bare = matches!(op, BinaryOp::Mul | BinaryOp::Div | BinaryOp::Contains);
                if nested && !bare {
                    format!("({text})")
                } else {
                    text
                }
            }
            ExprKind::Between { value, low, high } => format!(
                "{} entre {} et {}",
                self.expr(value, true),
                self.expr(low, true),
                self.expr(high, true)
            ),
            ExprKind::Call(function, args) => self.call(*function, args),
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => format!(
                "si {}, {}, sinon {}",
                self.expr(condition, false),
                self.expr(then, false),
                self.expr(otherwise, false)
            ),
            ExprKind::Error => "?".to_string(),
        }
    }

    fn literal(&self, value: &Value) -> String {
        match value {
            Value::Set(e, members) => enumerate(
                &members
                    .iter()
                    .map(|v| self.variant(*e, *v))
                    .collect::<Vec<_>>(),
            ),
            Value::Variant(e, v) => self.variant(*e, *v),
            Value::Bool(true) => "oui".to_string(),
            Value::Bool(false) => "non".to_string(),
            Value::Text(text) => format!("«\u{A0}{text}\u{A0}»"),
            other => words::value(other),
        }
    }

    fn variant(&self, e: usize, v: usize) -> String {
        let variant = &self.version.enums[e].variants[v];
        in_sentence(variant.label.as_deref().unwrap_or(&variant.name))
    }

    fn binary(&self, op: BinaryOp, left: &Expr, right: &Expr) -> String {
        // A rate of an amount reads « 75 % de … », as the sources write it.
        if op == BinaryOp::Mul {
            if let ExprKind::Literal(rate @ Value::Rate(_)) = &left.kind {
                return format!("{} de {}", words::value(rate), self.expr(right, true));
            }
        }
        if op == BinaryOp::Add {
            let mut terms = Vec::new();
            flatten_sum(left, &mut terms);
            flatten_sum(right, &mut terms);
            if terms.len() > 2 {
                let words: Vec<String> = terms.iter().map(|t| self.expr(t, true)).collect();
                return format!("somme de {}", enumerate(&words));
            }
        }
        if op == BinaryOp::Contains {
            if let ExprKind::Literal(Value::Set(e, members)) = &right.kind {
                let each: Vec<String> = members
                    .iter()
                    .map(|v| format!("un {}", self.variant(*e, *v)))
                    .collect();
                return format!(
                    "{} compte au moins {}",
                    self.expr(left, true),
                    enumerate(&each)
                );
            }
        }
        let word = match op {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "−",
            BinaryOp::Mul => "×",
            BinaryOp::Div => "÷",
            BinaryOp::Eq => "vaut",
            BinaryOp::Ne => "diffère de",
            BinaryOp::Lt => "est inférieur à",
            BinaryOp::Le => "est au plus",
            BinaryOp::Gt => "dépasse",
            BinaryOp::Ge => "est au moins",
            BinaryOp::And => "et",
            BinaryOp::Or => "ou",
            BinaryOp::Contains => "comprend",
        };
        format!(
            "{} {word} {}",
            self.expr(left, true),
            self.expr(right, true)
        )
    }

    fn call(&self, function: Function, args: &[Expr]) -> String {
        let each: Vec<String> = args.iter().map(|a| self.expr(a, true)).collect();
        let all = enumerate(&each);
        match function {
            Function::Min => format!("le plus petit de {all}"),
            Function::Max => format!("le plus grand de {all}"),
            Function::Floor => format!("{all} arrondi à l’entier inférieur"),
            Function::Ceil => format!("{all} arrondi à l’entier supérieur"),
            Function::Round => format!("{all} arrondi à l’entier"),
            Function::RoundCent => format!("{all} arrondi au centime"),
        }
    }
}

/// How a formula or an example names a value: its label, preceded by its mission's when another
/// value of the version bears the same label (« Accès facilité à un médecin traitant — Moyens »
/// and « Prévention — Moyens », not twice « Moyens »).
pub fn value_title(version: &Version, id: ValueId) -> String {
    let value = &version.values[id];
    let label = value.label.as_deref().unwrap_or(&value.name);
    let shared = version
        .values
        .iter()
        .enumerate()
        .any(|(other, v)| other != id && v.label.as_deref() == Some(label));
    match value.mission.map(|m| &version.missions[m]) {
        Some(mission) if shared => {
            let mission = mission.label.as_deref().unwrap_or(&mission.name);
            if mission == label {
                label.to_string()
            } else {
                format!("{mission} — {label}")
            }
        }
        _ => label.to_string(),
    }
}

/// A name in French quotes with no-break spaces: « Prévention ».
fn quoted(label: &str) -> String {
    format!("«\u{A0}{label}\u{A0}»")
}

fn flatten_sum<'e>(expr: &'e Expr, terms: &mut Vec<&'e Expr>) {
    match &expr.kind {
        ExprKind::Binary(BinaryOp::Add, left, right) => {
            flatten_sum(left, terms);
            flatten_sum(right, terms);
        }
        _ => terms.push(expr),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_labels_read_as_french_prose() {
        let items = ["a", "b", "c"].map(String::from);
        assert_eq!(enumerate(&items), "a, b et c");
        assert_eq!(enumerate(&items[..1]), "a");
        assert_eq!(in_sentence("Médecin généraliste"), "médecin généraliste");
        assert_eq!(in_sentence("ESP"), "ESP");
    }
}
