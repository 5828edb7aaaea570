//! Runtime values: exact decimals for money, counts and rates; dates; sets of enum variants.

use crate::types::{EnumId, Type};
use chrono::NaiveDate;
use clause_grammar::ast::{Duration, DurationUnit};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Money(Decimal),
    Count(Decimal),
    /// A rate as a fraction: `75 %` is `0.75`.
    Rate(Decimal),
    Decimal(Decimal),
    Duration(Duration),
    Date(NaiveDate),
    Bool(bool),
    Text(String),
    Variant(EnumId, usize),
    Set(EnumId, BTreeSet<usize>),
}

impl Value {
    pub fn ty(&self) -> Type {
        match self {
            Value::Money(_) => Type::Money,
            Value::Count(_) => Type::Count,
            Value::Rate(_) => Type::Rate,
            Value::Decimal(_) => Type::Decimal,
            Value::Duration(_) => Type::Duration,
            Value::Date(_) => Type::Date,
            Value::Bool(_) => Type::Bool,
            Value::Text(_) => Type::Text,
            Value::Variant(e, _) => Type::Enum(*e),
            Value::Set(e, _) => Type::Set(*e),
        }
    }

    /// The number behind a numeric value (a rate as its fraction).
    pub fn number(&self) -> Option<Decimal> {
        match self {
            Value::Money(d) | Value::Count(d) | Value::Rate(d) | Value::Decimal(d) => Some(*d),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_money(&self) -> Option<Decimal> {
        match self {
            Value::Money(d) => Some(*d),
            _ => None,
        }
    }
}

/// Formats a decimal the French way: `37 500`, `56 250,5`, `0,75`. `grouping` is the thousands
/// separator (a space in sources, a narrow no-break space in published documents).
pub fn french_number(value: Decimal, grouping: &str) -> String {
    let normalized = value.normalize();
    let text = normalized.abs().to_string();
    let (integer, fraction) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let mut grouped = String::new();
    let digits: Vec<char> = integer.chars().collect();
    for (i, digit) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push_str(grouping);
        }
        grouped.push(*digit);
    }
    let sign = if normalized.is_sign_negative() && !normalized.is_zero() {
        "-"
    } else {
        ""
    };
    match fraction {
        Some(f) => format!("{sign}{grouped},{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A money amount as the sources print it: `37 500 €`, `12 345,60 €` (cents shown when present).
pub fn french_money(value: Decimal, grouping: &str) -> String {
    let normalized = value.normalize();
    if normalized.scale() == 0 {
        return format!("{} €", french_number(normalized, grouping));
    }
    let mut cents = normalized;
    if cents.scale() < 2 {
        cents.rescale(2);
    }
    let text = french_number(cents, grouping);
    // `normalize` dropped trailing zeros of the cents: put them back (`12,5` → `12,50`).
    let padded = match text.split_once(',') {
        Some((int, frac)) if frac.len() < 2 => format!("{int},{frac:0<2}"),
        _ => text,
    };
    format!("{padded} €")
}

pub fn french_duration(duration: &Duration) -> String {
    let n = french_number(duration.amount, " ");
    let plural = duration.amount > Decimal::ONE;
    let unit = match duration.unit {
        DurationUnit::Days if plural => "jours",
        DurationUnit::Days => "jour",
        DurationUnit::Months => "mois",
        DurationUnit::Years if plural => "ans",
        DurationUnit::Years => "an",
    };
    format!("{n} {unit}")
}

/// The French month names, January first.
pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// The French long date: `20 juin 2019`, `1er janvier 2025`.
pub fn french_date(date: NaiveDate) -> String {
    use chrono::Datelike;
    let day = if date.day() == 1 {
        "1er".to_string()
    } else {
        date.day().to_string()
    };
    format!("{day} {} {}", MONTHS[date.month0() as usize], date.year())
}

/// A value as a legal team reads it (`50 000 €`, `75 %`, `20 juin 2019`). Enum variants and sets
/// print their identifiers; `names` gives each enumeration's variant names.
pub fn display(value: &Value, names: &dyn Fn(EnumId, usize) -> String) -> String {
    match value {
        Value::Money(d) => french_money(*d, " "),
        Value::Count(d) | Value::Decimal(d) => french_number(*d, " "),
        Value::Rate(d) => format!("{} %", french_number(*d * Decimal::ONE_HUNDRED, " ")),
        Value::Duration(d) => french_duration(d),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::Bool(true) => "vrai".to_string(),
        Value::Bool(false) => "faux".to_string(),
        Value::Text(t) => format!("« {t} »"),
        Value::Variant(e, v) => names(*e, *v),
        Value::Set(e, items) => {
            let parts: Vec<String> = items.iter().map(|v| names(*e, *v)).collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// A count and its noun, in the singular for 0 and 1 as French writes it (`1 erreur`, `0 erreur`,
/// `3 erreurs`).
pub fn plural(count: usize, one: &str, many: &str) -> String {
    if count <= 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_plural_from_two_on() {
        assert_eq!(plural(0, "erreur", "erreurs"), "0 erreur");
        assert_eq!(plural(1, "erreur", "erreurs"), "1 erreur");
        assert_eq!(plural(3, "valeur", "valeurs"), "3 valeurs");
    }
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn french_numbers_group_thousands_and_use_a_decimal_comma() {
        assert_eq!(french_number(d("37500"), " "), "37 500");
        assert_eq!(french_number(d("1234567.50"), " "), "1 234 567,5");
        assert_eq!(french_number(d("0.75"), " "), "0,75");
        assert_eq!(french_number(d("-1000"), " "), "-1 000");
        assert_eq!(french_number(d("999"), " "), "999");
    }

    #[test]
    fn money_shows_cents_only_when_present() {
        assert_eq!(french_money(d("56250"), " "), "56 250 €");
        assert_eq!(french_money(d("12.5"), " "), "12,50 €");
        assert_eq!(french_money(d("12.345"), " "), "12,345 €");
    }

    #[test]
    fn french_long_dates() {
        let date = NaiveDate::from_ymd_opt(2019, 6, 20).unwrap();
        assert_eq!(french_date(date), "20 juin 2019");
        assert_eq!(
            french_date(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()),
            "1er janvier 2025"
        );
    }
}
