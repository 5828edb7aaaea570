//! The expressions of a generated agreement: amounts, money formulas over the names defined so
//! far, conditions, and free expressions (type errors and the like), each rendered as Clause text.

use arbitrary::Arbitrary;

const INPUTS: [&str; 3] = ["habitants", "professionnels", "ouverture"];

const VALUES: [&str; 6] = [
    "fonctionnement",
    "prevention",
    "parcours",
    "total",
    "bonus",
    "reste",
];

#[derive(Debug, Arbitrary)]
pub(crate) enum Amount {
    Euros(u32),
    Cents(u64),
    Huge(u8),
}

/// A money expression over the envelopes and values defined before it: well typed, so that
/// most agreements check and reach the evaluator.
#[derive(Debug, Arbitrary)]
pub(crate) enum Money {
    Amount(Amount),
    Name(u8),
    Add(Box<Money>, Box<Money>),
    Sub(Box<Money>, Box<Money>),
    Rate(Box<Money>, u16),
    Times(Box<Money>, u8),
    Min(Box<Money>, Box<Money>),
    Max(Box<Money>, Box<Money>),
    Round(u8, Box<Money>),
    If(Box<Condition>, Box<Money>, Box<Money>),
    /// Anything: type errors and the like.
    Wild(Box<Expr>),
}

#[derive(Debug, Arbitrary)]
pub(crate) enum Condition {
    Compare(Box<Money>, u8, Box<Money>),
    Inhabitants(u8, u32),
    Between(Box<Money>, Box<Money>, Box<Money>),
    And(Box<Condition>, Box<Condition>),
    Or(Box<Condition>, Box<Condition>),
    Not(Box<Condition>),
}

#[derive(Debug, Arbitrary)]
pub(crate) enum Expr {
    Amount(Amount),
    Rate(u16),
    Number(u32),
    Input(u8),
    Value(u8),
    Binary(Box<Expr>, u8, Box<Expr>),
    Call(u8, Vec<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Between(Box<Expr>, Box<Expr>, Box<Expr>),
    Table(Vec<Expr>),
}

/// The names defined so far, in order: what a formula may refer to.
pub(crate) struct Scope {
    pub(crate) names: Vec<String>,
}

impl Scope {
    pub(crate) fn name(&self, index: u8) -> Option<&str> {
        self.names
            .get(usize::from(index) % self.names.len().max(1))
            .map(String::as_str)
    }
}

impl Money {
    pub(crate) fn render(&self, scope: &Scope, depth: usize) -> String {
        if depth > 6 {
            return "1 €".into();
        }
        let next = depth + 1;
        match self {
            Money::Amount(a) => a.render(),
            Money::Name(n) => scope
                .name(*n)
                .map_or_else(|| "2 500 €".into(), str::to_string),
            Money::Add(l, r) => format!("({} + {})", l.render(scope, next), r.render(scope, next)),
            Money::Sub(l, r) => format!("({} - {})", l.render(scope, next), r.render(scope, next)),
            Money::Rate(m, rate) => format!("{} % × {}", rate % 300, m.render(scope, next)),
            Money::Times(m, n) => format!("{} × {n}", m.render(scope, next)),
            Money::Min(l, r) => {
                format!("min({}, {})", l.render(scope, next), r.render(scope, next))
            }
            Money::Max(l, r) => {
                format!("max({}, {})", l.render(scope, next), r.render(scope, next))
            }
            Money::Round(f, m) => {
                let f = [
                    "arrondi",
                    "arrondi inférieur",
                    "arrondi supérieur",
                    "arrondi au centime",
                ][usize::from(*f) % 4];
                format!("{f}({})", m.render(scope, next))
            }
            Money::If(c, t, e) => format!(
                "(si {} alors {} sinon {})",
                c.render(scope, next),
                t.render(scope, next),
                e.render(scope, next)
            ),
            Money::Wild(e) => e.render(next),
        }
    }
}

impl Condition {
    pub(crate) fn render(&self, scope: &Scope, depth: usize) -> String {
        if depth > 6 {
            return "vrai".into();
        }
        let next = depth + 1;
        match self {
            Condition::Compare(l, op, r) => {
                let op = ["=", "≠", "<", "≤", ">", "≥"][usize::from(*op) % 6];
                format!("{} {op} {}", l.render(scope, next), r.render(scope, next))
            }
            Condition::Inhabitants(op, n) => {
                let op = ["<", "≥"][usize::from(*op) % 2];
                format!("habitants {op} {n}")
            }
            Condition::Between(x, l, h) => {
                format!(
                    "{} entre {} et {}",
                    x.render(scope, next),
                    l.render(scope, next),
                    h.render(scope, next)
                )
            }
            Condition::And(l, r) => {
                format!("({} et {})", l.render(scope, next), r.render(scope, next))
            }
            Condition::Or(l, r) => {
                format!("({} ou {})", l.render(scope, next), r.render(scope, next))
            }
            Condition::Not(c) => format!("non ({})", c.render(scope, next)),
        }
    }
}

impl Amount {
    pub(crate) fn render(&self) -> String {
        match self {
            Amount::Euros(e) => format!("{e} €"),
            Amount::Cents(c) => format!("{},{:02} €", c / 100, c % 100),
            Amount::Huge(n) => format!("1{} €", "0".repeat(usize::from(n % 21))),
        }
    }
}

impl Expr {
    pub(crate) fn render(&self, depth: usize) -> String {
        if depth > 8 {
            return "1".into();
        }
        match self {
            Expr::Amount(a) => a.render(),
            Expr::Rate(r) => format!("{} %", r % 1000),
            Expr::Number(n) => n.to_string(),
            Expr::Input(i) => INPUTS[usize::from(*i) % INPUTS.len()].into(),
            Expr::Value(v) => VALUES[usize::from(*v) % VALUES.len()].into(),
            Expr::Binary(l, op, r) => {
                let op =
                    ["+", "-", "×", "/", "=", "<", "≤", "≠", "et", "ou"][usize::from(*op) % 10];
                format!("({} {op} {})", l.render(depth + 1), r.render(depth + 1))
            }
            Expr::Call(f, args) => {
                let f = [
                    "min",
                    "max",
                    "arrondi",
                    "arrondi inférieur",
                    "arrondi supérieur",
                    "arrondi au centime",
                ][usize::from(*f) % 6];
                let args: Vec<String> = args.iter().take(3).map(|a| a.render(depth + 1)).collect();
                format!("{f}({})", args.join(", "))
            }
            Expr::If(c, t, e) => {
                format!(
                    "(si {} alors {} sinon {})",
                    c.render(depth + 1),
                    t.render(depth + 1),
                    e.render(depth + 1)
                )
            }
            Expr::Between(x, low, high) => {
                format!(
                    "({} entre {} et {})",
                    x.render(depth + 1),
                    low.render(depth + 1),
                    high.render(depth + 1)
                )
            }
            Expr::Table(items) => {
                let items: Vec<String> =
                    items.iter().take(5).map(|a| a.render(depth + 1)).collect();
                format!("[{}]", items.join(", "))
            }
        }
    }
}
