//! Canonical spelling of literals: numbers with French digit grouping, strings, durations, dates.

use chrono::NaiveDate;
use clause_grammar::ast::{BandRange, Duration, DurationUnit, Text};
use rust_decimal::Decimal;

/// Integer parts of this many digits or more are grouped by three; shorter ones (years, `1500`)
/// read better whole.
const GROUPING_FROM_DIGITS: usize = 5;

/// `40000.50` is written `40 000,5`: a plain space between groups of three, a decimal comma, no
/// trailing zero.
pub(crate) fn number(value: &Decimal) -> String {
    let plain = value.normalize().to_string();
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (integer, fraction) = match digits.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (digits, None),
    };
    let mut out = String::from(sign);
    if integer.len() >= GROUPING_FROM_DIGITS {
        let first = integer.len() % 3;
        for (index, digit) in integer.chars().enumerate() {
            if index > 0 && (index + 3 - first) % 3 == 0 {
                out.push(' ');
            }
            out.push(digit);
        }
    } else {
        out.push_str(integer);
    }
    if let Some(fraction) = fraction {
        out.push(',');
        out.push_str(fraction);
    }
    out
}

/// A string literal with `"`, `\` and line ends escaped again.
pub(crate) fn string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `6 mois`, `1 an`, `5 ans`, `1 jour`, `30 jours`: the unit agrees with the amount.
pub(crate) fn duration(value: &Duration) -> String {
    let plural = value.amount >= Decimal::TWO;
    let unit = match (value.unit, plural) {
        (DurationUnit::Months, _) => "mois",
        (DurationUnit::Years, false) => "an",
        (DurationUnit::Years, true) => "ans",
        (DurationUnit::Days, false) => "jour",
        (DurationUnit::Days, true) => "jours",
    };
    format!("{} {unit}", number(&value.amount))
}

pub(crate) fn date(value: &NaiveDate) -> String {
    value.format("%Y-%m-%d").to_string()
}

/// `réservé …`: a line's rule of eligibility.
pub(crate) fn reserved(rule: &clause_grammar::ast::Reservation) -> String {
    use clause_grammar::ast::Reservation;
    match rule {
        Reservation::SignedBefore(date) => format!("réservé aux contrats signés avant le {date}"),
        Reservation::SignedAfter(date) => format!("réservé aux contrats signés après le {date}"),
        Reservation::If(name) => format!("réservé si {}", name.node),
    }
}

/// `à compter du DATE [au prorata]`: the date of effect of an operation.
pub(crate) fn effect(effect: &clause_grammar::ast::LineEffect) -> String {
    let prorated = if effect.prorated { " au prorata" } else { "" };
    format!("à compter du {}{prorated}", effect.date)
}

/// The lines in time under a value (`réservé …`, `à compter du …`) with their spans.
pub(crate) fn in_time(
    reserved: &[clause_grammar::Spanned<clause_grammar::ast::Reservation>],
    effect: Option<&clause_grammar::Spanned<clause_grammar::ast::LineEffect>>,
) -> Vec<(clause_grammar::Span, String)> {
    let rules = reserved.iter().map(|r| (r.span, self::reserved(&r.node)));
    rules
        .chain(effect.map(|e| (e.span, self::effect(&e.node))))
        .collect()
}

/// A band range in its canonical spelling, each bound with `%` when the range is in percent
/// and with its `(hypothèse "…")` when it has one (`hypotheses` in the order of the bounds).
pub(crate) fn band_range(range: &BandRange, percent: bool, hypotheses: &[Option<Text>]) -> String {
    band_range_in(range, if percent { " %" } else { "" }, hypotheses)
}

/// The unit a range's bounds are written with: `" %"`, `" €"` or nothing.
pub(crate) fn bound_unit(percent: bool, euro: bool) -> &'static str {
    match (percent, euro) {
        (true, _) => " %",
        (false, true) => " €",
        _ => "",
    }
}

/// A band range, each bound followed by `unit` (`bound_unit`).
pub(crate) fn band_range_in(range: &BandRange, unit: &str, hypotheses: &[Option<Text>]) -> String {
    let n = |i: usize, v: &Decimal| {
        let mut out = number(v);
        out.push_str(unit);
        if let Some(Some(h)) = hypotheses.get(i) {
            out.push_str(&format!(" (hypothèse {})", string(&h.node)));
        }
        out
    };
    match range {
        BandRange::Below(a) => format!("moins de {}", n(0, a)),
        BandRange::UpTo(a) => format!("jusqu'à {}", n(0, a)),
        BandRange::FromToBelow(a, b) => format!("de {} à moins de {}", n(0, a), n(1, b)),
        BandRange::FromTo(a, b) => format!("de {} à {}", n(0, a), n(1, b)),
        BandRange::AboveTo(a, b) => format!("de plus de {} à {}", n(0, a), n(1, b)),
        BandRange::AboveToBelow(a, b) => {
            format!("de plus de {} à moins de {}", n(0, a), n(1, b))
        }
        BandRange::From(a) => format!("à partir de {}", n(0, a)),
        BandRange::Above(a) => format!("plus de {}", n(0, a)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn n(text: &str) -> String {
        number(&Decimal::from_str(text).unwrap_or_default())
    }

    #[test]
    fn groups_large_numbers_by_three() {
        assert_eq!(n("40000"), "40 000");
        assert_eq!(n("175000"), "175 000");
        assert_eq!(n("1000000"), "1 000 000");
        assert_eq!(n("12345678.25"), "12 345 678,25");
        assert_eq!(n("2019"), "2019");
        assert_eq!(n("0.50"), "0,5");
        assert_eq!(n("75"), "75");
        assert_eq!(n("0"), "0");
    }

    #[test]
    fn escapes_strings() {
        assert_eq!(string("a \"b\" \\ c\nd"), r#""a \"b\" \\ c\nd""#);
    }
}
