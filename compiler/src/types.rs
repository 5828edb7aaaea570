//! The types of Clause values and the arithmetic rules between them (no implicit conversion).

use clause_grammar::ast::BinaryOp;

/// Index of an enumeration in its version.
pub type EnumId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Type {
    /// Euros, exact decimal.
    Money,
    /// An integer count (inhabitants, patients).
    Count,
    /// A rate (`75 %`), held as a fraction.
    Rate,
    /// A unitless decimal (`0,5`, a rate times a count).
    Decimal,
    Duration,
    Date,
    Bool,
    Text,
    Enum(EnumId),
    Set(EnumId),
    /// The type of an expression that already has an error: never reported again.
    Error,
}

impl Type {
    /// The type's name in French, as messages print it.
    pub fn french(self) -> &'static str {
        match self {
            Type::Money => "montant",
            Type::Count => "nombre",
            Type::Rate => "taux",
            Type::Decimal => "décimal",
            Type::Duration => "durée",
            Type::Date => "date",
            Type::Bool => "booléen",
            Type::Text => "texte",
            Type::Enum(_) => "énumération",
            Type::Set(_) => "ensemble",
            Type::Error => "erreur",
        }
    }

    /// With an article, for sentences: « un montant », « une durée ».
    pub fn with_article(self) -> String {
        match self {
            Type::Duration | Type::Date | Type::Enum(_) => format!("une {}", self.french()),
            _ => format!("un {}", self.french()),
        }
    }

    pub fn is_numeric(self) -> bool {
        matches!(self, Type::Money | Type::Count | Type::Rate | Type::Decimal)
    }
}

/// The result type of an arithmetic operator, or `None` when the operands do not mix.
pub fn arithmetic(op: BinaryOp, left: Type, right: Type) -> Option<Type> {
    use Type::*;
    if left == Error || right == Error {
        return Some(Error);
    }
    match op {
        BinaryOp::Add | BinaryOp::Sub => match (left, right) {
            (Money, Money) => Some(Money),
            (Count, Count) => Some(Count),
            (Rate, Rate) => Some(Rate),
            (Decimal, Decimal) | (Count, Decimal) | (Decimal, Count) => Some(Decimal),
            (Duration, Duration) => Some(Duration),
            (Date, Duration) => Some(Date),
            _ => None,
        },
        BinaryOp::Mul => match (left, right) {
            (Money, Rate | Count | Decimal) | (Rate | Count | Decimal, Money) => Some(Money),
            (Count, Count) => Some(Count),
            (Rate, Rate) => Some(Rate),
            (Rate, Decimal) | (Decimal, Rate) => Some(Rate),
            // A rate of a count is no longer a whole count: it must be rounded explicitly.
            (Rate, Count)
            | (Count, Rate)
            | (Count, Decimal)
            | (Decimal, Count)
            | (Decimal, Decimal) => Some(Decimal),
            (Duration, Count) | (Count, Duration) => Some(Duration),
            _ => None,
        },
        BinaryOp::Div => match (left, right) {
            (Money, Money) => Some(Decimal),
            (Money, Count | Decimal) => Some(Money),
            (Count | Decimal, Count | Decimal) => Some(Decimal),
            (Rate, Count | Decimal) => Some(Rate),
            (Rate, Rate) => Some(Decimal),
            _ => None,
        },
        _ => None,
    }
}

/// Whether two types can be compared with `<`, `=`…
pub fn comparable(left: Type, right: Type) -> bool {
    use Type::*;
    left == right
        || left == Error
        || right == Error
        || matches!((left, right), (Count, Decimal) | (Decimal, Count))
}

/// Whether a value of type `found` may stand where `expected` is declared.
pub fn assignable(expected: Type, found: Type) -> bool {
    expected == found
        || found == Type::Error
        || expected == Type::Error
        || (expected == Type::Decimal && found == Type::Count)
}
