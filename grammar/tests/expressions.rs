//! How expressions read: a conditional's `sinon` branch takes the rest of the expression (so a
//! conditional is always its expression's last operand), and brackets end it.

use clause_grammar::ast::{Definition, Expr, ExprKind, ItemKind};
use clause_grammar::{parse, FileId};

/// The formula of the one value in `accord a { … }`, as a bracketed string.
fn reading(formula: &str) -> String {
    let text = format!("accord a {{\n  entrée c : booléen\n  valeur v = {formula}\n}}\n");
    let parsed = parse(FileId(0), &text);
    let tree = parsed.file.expect("the formula parses");
    let value = tree.declarations[0]
        .items
        .iter()
        .find_map(|item| match &item.kind {
            ItemKind::Value(def) => Some(def),
            _ => None,
        })
        .expect("a value");
    let Definition::Formula(expr) = &value.definition else {
        panic!("not a formula");
    };
    show(expr)
}

fn show(expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::Binary(op, left, right) => {
            format!("({} {} {})", show(left), op.symbol(), show(right))
        }
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => {
            format!(
                "(si {} alors {} sinon {})",
                show(condition),
                show(then),
                show(otherwise)
            )
        }
        ExprKind::Paren(inner) => show(inner),
        ExprKind::Money(amount) => format!("{amount}€"),
        ExprKind::Number(n) => n.to_string(),
        ExprKind::Name(name) => name.clone(),
        other => format!("{other:?}"),
    }
}

#[test]
fn the_sinon_branch_takes_the_rest_of_the_expression() {
    assert_eq!(
        reading("1 € + si c alors 2 € sinon 3 € × 2"),
        "(1€ + (si c alors 2€ sinon (3€ × 2)))"
    );
    assert_eq!(
        reading("si c alors 1 € sinon si c alors 2 € sinon 3 € + 4 €"),
        "(si c alors 1€ sinon (si c alors 2€ sinon (3€ + 4€)))"
    );
}

#[test]
fn brackets_end_a_conditional() {
    assert_eq!(
        reading("(si c alors 2 € sinon 3 €) × 2"),
        "((si c alors 2€ sinon 3€) × 2)"
    );
}
