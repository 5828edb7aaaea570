//! What a node of a formula gives: SQL expressions (columns or constants), one per part of
//! its type, NULL for an error. A set and a duration take several parts, so that a choice, a
//! table or a value handles each type by its parts alike.

/// The variants a set's bit mask holds: a BIGINT's bits but the sign bit, rounded down so
/// that `1 << v` stays positive on every engine.
pub(in crate::sql) const MASK_BITS: usize = 62;

/// The masks of a set over `variants` variants (at least one).
pub(in crate::sql) fn masks(variants: usize) -> usize {
    variants.div_ceil(MASK_BITS).max(1)
}

/// The unit of a duration as an integer column, as the engine's `DurationUnit`.
pub(super) const DAYS: u8 = 0;
pub(super) const MONTHS: u8 = 1;
pub(super) const YEARS: u8 = 2;

#[derive(Debug, Clone)]
pub(super) enum Out {
    /// A number: mantissa and scale.
    Num(String, String),
    Bool(String),
    Date(String),
    Text(String),
    /// A variant: its index.
    Int(String),
    /// A set of variants: one bit mask per 62 variants (bit v of mask c: variant 62 c + v).
    Set(Vec<String>),
    /// A duration as the engine holds it (`Duration`): its amount (mantissa, scale) and its
    /// unit (`DAYS`, `MONTHS`, `YEARS`), never converted but by an operation that mixes units.
    Dur(String, String, String),
}

impl Out {
    /// Its parts, in order.
    pub(super) fn parts(&self) -> Vec<&str> {
        match self {
            Out::Num(m, e) => vec![m, e],
            Out::Bool(s) | Out::Date(s) | Out::Text(s) | Out::Int(s) => vec![s],
            Out::Set(masks) => masks.iter().map(String::as_str).collect(),
            Out::Dur(m, e, u) => vec![m, e, u],
        }
    }

    /// The suffix of the column of each part.
    pub(super) fn suffixes(&self) -> Vec<String> {
        match self {
            Out::Num(..) => vec!["m".into(), "e".into()],
            Out::Bool(_) => vec!["b".into()],
            Out::Date(_) => vec!["d".into()],
            Out::Text(_) => vec!["t".into()],
            Out::Int(_) => vec!["i".into()],
            Out::Set(masks) => (0..masks.len()).map(|c| format!("s{c}")).collect(),
            Out::Dur(..) => vec!["m".into(), "e".into(), "u".into()],
        }
    }

    /// The same type with these parts.
    pub(super) fn rebuilt(&self, parts: Vec<String>) -> Out {
        let mut it = parts.into_iter();
        let mut next = || it.next().unwrap_or_else(|| "NULL".into());
        match self {
            Out::Num(..) => Out::Num(next(), next()),
            Out::Bool(_) => Out::Bool(next()),
            Out::Date(_) => Out::Date(next()),
            Out::Text(_) => Out::Text(next()),
            Out::Int(_) => Out::Int(next()),
            Out::Set(masks) => Out::Set(masks.iter().map(|_| next()).collect()),
            Out::Dur(..) => Out::Dur(next(), next(), next()),
        }
    }

    /// The columns `{x}_{suffix}` of each part: their names and the same type reading them.
    pub(super) fn named(&self, x: &str) -> (Vec<String>, Out) {
        let names: Vec<String> = self.suffixes().iter().map(|s| format!("{x}_{s}")).collect();
        (names.clone(), self.rebuilt(names))
    }

    /// Whether two results are of the same shape (a choice between them is one result).
    pub(super) fn same_shape(&self, other: &Out) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
            && self.parts().len() == other.parts().len()
    }
}
