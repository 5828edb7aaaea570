//! The cells of a batch row read as values: inputs by their declared type, counts, rates and
//! flags read from bytes without allocating, and the separator of a CSV header.

use crate::types::Type;
use crate::value::Value;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The items of a list written in one cell: separated by spaces, `|`, `,` or `;` (a cell holding
/// `,` or `;` is quoted when that is the file's separator).
pub(super) fn list_items(field: &str) -> impl Iterator<Item = &str> {
    field
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | ',' | ';'))
        .filter(|item| !item.is_empty())
}

/// `text.trim()`, without looking for Unicode spaces when the text starts and ends with a
/// visible ASCII character (a batch cell, nearly always).
pub(super) fn trimmed(text: &str) -> &str {
    match text.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        [only] if only.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// An empty cell of an input (`evaluate::select::missing_inputs`).
pub(super) fn missing(version: &crate::ir::Version, input: usize) -> String {
    format!(
        "champ manquant : la version déclare l'entrée `{}`",
        version.inputs[input].name
    )
}

/// A cell read as an input of its declared type: an enumeration by its variant's name, a set as
/// its names separated by `|` (docs/evaluation.md; the generated batches read them alike).
pub(super) fn csv_input(
    version: &crate::ir::Version,
    ty: Type,
    field: &str,
) -> Result<Option<Value>, String> {
    if trimmed(field).is_empty() {
        return Ok(None);
    }
    match ty {
        Type::Count => parse_count(field)
            .map(|n| Some(Value::Count(n)))
            .ok_or_else(|| number_refused(field, "un nombre entier positif")),
        Type::Money => parse_decimal(field)
            .map(|n| Some(Value::Money(n)))
            .ok_or_else(|| number_refused(field, "un montant")),
        Type::Rate => parse_decimal(field)
            .map(|n| Some(Value::Rate(n)))
            .ok_or_else(|| number_refused(field, "un taux")),
        Type::Decimal => parse_decimal(field)
            .map(|n| Some(Value::Decimal(n)))
            .ok_or_else(|| number_refused(field, "un nombre")),
        Type::Bool => parse_bool(field)
            .map(|b| Some(Value::Bool(b)))
            .ok_or_else(|| format!("`true` ou `false` est attendu, pas `{field}`")),
        Type::Date => parse_date(field)
            .map(|d| Some(Value::Date(d)))
            .ok_or_else(|| format!("date invalide `{field}`")),
        Type::Text => Ok(Some(Value::Text(field.to_string()))),
        Type::Enum(e) => csv_variant(version, e, field.trim()).map(|v| Some(Value::Variant(e, v))),
        Type::Set(e) => {
            let mut set = std::collections::BTreeSet::new();
            for item in field.trim().split('|') {
                set.insert(csv_variant(version, e, item.trim())?);
            }
            Ok(Some(Value::Set(e, set)))
        }
        _ => Err("type d'entrée non pris en charge en CSV".into()),
    }
}

/// The words for a cell not read as a number: `what` is expected, unless the cell is written as
/// a number `Decimal` cannot hold exactly (`unheld`), which has its own words: the user did
/// write an amount, too precise to be kept.
pub(super) fn number_refused(field: &str, what: &str) -> String {
    if unheld(field) {
        inexact_number(&format!("`{field}`"))
    } else {
        format!("{what} est attendu, pas `{field}`")
    }
}

/// The refusal of a number written exactly but that `Decimal` would round or cannot hold (shown
/// as the cell or the JSON value is): the same words in every evaluator (docs/evaluation.md).
pub fn inexact_number(shown: &str) -> String {
    format!(
        "un nombre tenu exactement est attendu, pas {shown} : au plus 28 décimales hors zéros de fin, et moins de 2^96 ≈ 7,9 × 10^28 sans la virgule"
    )
}

/// A variant of enumeration `e` named in a CSV field (the generated SQL names the variants
/// too: no suggestion, the list of the names).
fn csv_variant(version: &crate::ir::Version, e: usize, name: &str) -> Result<usize, String> {
    let variants = &version.enums[e].variants;
    variants.iter().position(|v| v.name == name).ok_or_else(|| {
        let known: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        format!(
            "`{name}` n'est pas une valeur de `{}` ; valeurs possibles : {}",
            version.enums[e].name,
            known.join(", ")
        )
    })
}

/// A non-negative whole number (digits only; spaces as thousands separators allowed).
fn parse_count(field: &str) -> Option<Decimal> {
    let field = trimmed(field);
    if !field.is_empty() && field.len() <= 18 && field.bytes().all(|b| b.is_ascii_digit()) {
        return field.parse::<u64>().ok().map(Decimal::from);
    }
    let value = parse_decimal(field)?;
    (value.fract().is_zero() && !value.is_sign_negative()).then_some(value)
}

/// Digits only: a non-negative whole number (the common form of a population column).
pub(super) fn count_of_bytes(field: &[u8]) -> Option<u64> {
    let field = field.trim_ascii();
    if field.is_empty() || field.len() > 18 || !field.iter().all(u8::is_ascii_digit) {
        return std::str::from_utf8(field)
            .ok()
            .and_then(parse_count)
            .and_then(|d| u64::try_from(d).ok());
    }
    Some(
        field
            .iter()
            .fold(0u64, |n, digit| n * 10 + u64::from(digit - b'0')),
    )
}

/// `0.1234` or `0,1234` or `1`: a decimal written with at most 18 digits, read without allocating.
pub(super) fn rate_of_bytes(field: &[u8]) -> Option<Decimal> {
    let field = field.trim_ascii();
    let mut mantissa: i64 = 0;
    let mut scale: Option<u32> = None;
    let mut digits = 0;
    for &byte in field {
        match byte {
            b'0'..=b'9' => {
                digits += 1;
                if digits > 18 {
                    return None;
                }
                mantissa = mantissa * 10 + i64::from(byte - b'0');
                if let Some(s) = scale.as_mut() {
                    *s += 1;
                }
            }
            b'.' | b',' if scale.is_none() => scale = Some(0),
            _ => return None,
        }
    }
    (digits > 0).then(|| Decimal::new(mantissa, scale.unwrap_or(0)))
}

pub(super) fn bool_of_bytes(field: &[u8]) -> Option<bool> {
    match field.trim_ascii() {
        b"true" | b"vrai" | b"1" | b"oui" => Some(true),
        b"false" | b"faux" | b"0" | b"non" | b"" => Some(false),
        _ => None,
    }
}

pub(super) fn parse_bool(field: &str) -> Option<bool> {
    match trimmed(field) {
        "true" | "vrai" | "1" | "oui" => Some(true),
        "false" | "faux" | "0" | "non" | "" => Some(false),
        _ => None,
    }
}

/// The separator a CSV header line uses: the most frequent of `,`, `;` and tab outside quotes
/// (a comma when there is none: a single column). French spreadsheets save with semicolons.
pub fn detect_separator(header: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for byte in header {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let separators = [b',', b';', b'\t'];
    let best = (0..3)
        .max_by_key(|i| (counts[*i], std::cmp::Reverse(*i)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        separators[best]
    }
}

/// A cell of digits with at most one `.` or `,` between digits (`1250`, `0,85`), read from its
/// bytes: the value and scale `Decimal::from_str` gives it (`1.50` keeps its two places). `None`
/// for anything else (a sign, spaces, more than 18 digits), which `parse_decimal` reads as before.
pub(super) fn plain_decimal(bytes: &[u8]) -> Option<Decimal> {
    let (mut mantissa, mut digits, mut scale, mut separator) = (0i64, 0u32, 0u32, false);
    for (index, &byte) in bytes.iter().enumerate() {
        match byte {
            // At most 18 digits, counted before the product (a 19th overflows an `i64`).
            b'0'..=b'9' if digits < 18 => {
                mantissa = mantissa * 10 + i64::from(byte - b'0');
                digits += 1;
                scale += u32::from(separator);
            }
            b'.' | b',' if !separator && index > 0 && index + 1 < bytes.len() => separator = true,
            _ => return None,
        }
    }
    (digits > 0).then(|| Decimal::new(mantissa, scale))
}

/// A decimal written with a dot or a French comma. `None` for a number `Decimal` cannot hold
/// exactly: `Decimal::from_str` rounds one with more significant digits than it keeps or more
/// than 28 decimals (`12,4999999999999999999999999999` would be 12,5), and numbers are exact.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    if let Some(plain) = plain_decimal(trimmed(text).as_bytes()) {
        return Some(plain);
    }
    let cleaned = cleaned(text);
    // `Decimal::from_str` also reads an exponent (`1e3`); a cell or a JSON string is written in
    // digits, as the generated evaluators read it (`_written_decimal`, the SQL's pattern): a
    // spreadsheet's `1,23457E+11` has lost digits, refused rather than read as written.
    if cleaned.contains(['e', 'E']) {
        return None;
    }
    let value = Decimal::from_str(&cleaned).ok()?;
    held_exactly(&cleaned, value).then_some(value)
}

/// A number's text as `Decimal::from_str` reads it: blanks that separate thousands dropped, a
/// French comma made a point.
fn cleaned(text: &str) -> String {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    cleaned.replace(',', ".")
}

/// Whether `text` is written as a decimal (a sign, digits and `_`, one point) that
/// `parse_decimal` refuses: one `Decimal` cannot hold exactly. The generated evaluators draw the
/// same line (`_written_decimal` in the Python runtime, `ok` and `unheld` in SQL).
pub(super) fn unheld(text: &str) -> bool {
    let cleaned = cleaned(text);
    let body = cleaned.strip_prefix(['+', '-']).unwrap_or(&cleaned);
    if body.is_empty() || body.starts_with('_') {
        return false;
    }
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let chars = || whole.chars().chain(fraction.chars());
    !fraction.contains('.')
        && chars().all(|c| c.is_ascii_digit() || c == '_')
        && chars().any(|c| c.is_ascii_digit())
        && parse_decimal(text).is_none()
}

/// Whether `value`, read from `text` (digits, one point, a sign, underscores, an exponent
/// `e`), is the number written: its digits once zeros that only pad are dropped. Zeros past the
/// 28th decimal change nothing (`1.5000…0` is 1,5) and are accepted.
pub(super) fn held_exactly(text: &str, value: Decimal) -> bool {
    let (body, exponent) = match text.split_once(['e', 'E']) {
        Some((body, exponent)) => match exponent.parse::<i64>() {
            Ok(exponent) => (body, exponent),
            Err(_) => return false,
        },
        None => (text, 0),
    };
    let body = body.trim_start_matches(['+', '-']).replace('_', "");
    let (whole, fraction) = body.split_once('.').unwrap_or((&body, ""));
    let mut digits = format!("{whole}{fraction}")
        .trim_start_matches('0')
        .to_string();
    let mut scale = fraction.len() as i64 - exponent;
    while scale > 0 && digits.ends_with('0') {
        digits.pop();
        scale -= 1;
    }
    if digits.is_empty() {
        return value.is_zero();
    }
    if scale < 0 {
        digits.extend(std::iter::repeat_n('0', scale.unsigned_abs() as usize));
        scale = 0;
    }
    let held = value.normalize();
    i64::from(held.scale()) == scale && held.mantissa().unsigned_abs().to_string() == digits
}

/// A date `AAAA-MM-JJ` (a case file's, a batch cell's, `--at`).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = trimmed(text);
    // `AAAA-MM-JJ` read from its bytes (a batch reads millions); any other spelling as before.
    if let Some(date) = iso_date(text.as_bytes()) {
        return date;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// A cell written exactly `AAAA-MM-JJ` (ten bytes, eight digits): `Some` of the date, or of
/// `None` when that day does not exist (`2021-04-31`, `2021-02-29`, month 13, day 0), which
/// chrono's `%Y-%m-%d` refuses too. `None` for any other spelling (`parse_date` reads it).
#[inline]
pub(super) fn iso_date(bytes: &[u8]) -> Option<Option<NaiveDate>> {
    let &[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = bytes else {
        return None;
    };
    // The year's four digits as one word (the first digit in the low byte): each byte is a
    // digit when its high nibble is 3 and adding 6 leaves it 3 (0x3a..0x3f become 0x4_; a byte
    // whose add carries is 0xfa or more, already refused by the first test).
    let word = u32::from_le_bytes([y1, y2, y3, y4]);
    if word & 0xf0f0_f0f0 != 0x3030_3030
        || word.wrapping_add(0x0606_0606) & 0xf0f0_f0f0 != 0x3030_3030
    {
        return None;
    }
    let year = year_of_digits(word & 0x0f0f_0f0f);
    let two = |tens: u8, units: u8| {
        let (tens, units) = (tens.wrapping_sub(b'0'), units.wrapping_sub(b'0'));
        (tens < 10 && units < 10).then(|| u32::from(tens * 10 + units))
    };
    let (month, day) = (two(m1, m2)?, two(d1, d2)?);
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    // The last day of each month (index 0 and 13..: no month), February's in a common year.
    const LAST: [u32; 16] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0, 0, 0];
    let last = LAST[(month & 15) as usize] + u32::from(leap && month == 2);
    if month > 12 || day == 0 || day > last {
        return Some(None);
    }
    // A day that exists, from year 0 to 9999: inside chrono's calendar.
    Some(NaiveDate::from_ymd_opt(year as i32, month, day))
}

/// The year four digits give, each in a byte of `digits` (0..=9, the first in the low byte):
/// pairs of digits combined in one product, then the pairs (two multiplications, not four).
#[inline]
fn year_of_digits(digits: u32) -> u32 {
    // Byte 0: 10 × the first + the second; byte 2: 10 × the third + the fourth (each ≤ 99).
    let pairs = (digits.wrapping_mul(10).wrapping_add(digits >> 8)) & 0x00ff_00ff;
    (pairs.wrapping_mul(100).wrapping_add(pairs >> 16)) & 0xffff
}

/// A cell of digits with at most one `.` or `,` (`0.85`, `1`, `0,5`, `.5`): the mantissa and
/// scale `rate_of_bytes` reads, without trimming (a cell with blanks or any other byte gives
/// `None`, and is read as before). `Ok` when the rate is within [0, 1] (`check_rate`'s test,
/// on integers), else `Err` of the rate, refused by `check_rate` in its words.
#[inline(always)]
pub(super) fn plain_rate(bytes: &[u8]) -> Option<Result<Decimal, Decimal>> {
    // The usual spellings first, a batch reads some twenty-five rates a row: `0.47` (`0,47`),
    // always within [0, 1], and one digit (`1`, `0`). The same mantissa and scale as the loop's.
    let digit = |byte: u8| byte.wrapping_sub(b'0');
    match *bytes {
        [b'0', b'.' | b',', tens, units] if digit(tens) < 10 && digit(units) < 10 => {
            let mantissa = u32::from(digit(tens) * 10 + digit(units));
            Some(Ok(Decimal::from_parts(mantissa, 0, 0, false, 2)))
        }
        [one] if digit(one) < 10 => {
            let rate = Decimal::from_parts(u32::from(digit(one)), 0, 0, false, 0);
            Some(if digit(one) <= 1 { Ok(rate) } else { Err(rate) })
        }
        _ => plain_rate_of_digits(bytes),
    }
}

/// `plain_rate` for a cell of any other length (out of line: the usual spellings are inlined).
#[inline(never)]
fn plain_rate_of_digits(bytes: &[u8]) -> Option<Result<Decimal, Decimal>> {
    // At most 19 bytes: 19 digits at most, below 2^64 whatever they are.
    if bytes.is_empty() || bytes.len() > 19 {
        return None;
    }
    let (mut mantissa, mut point) = (0u64, None);
    for (at, &byte) in bytes.iter().enumerate() {
        let digit = byte.wrapping_sub(b'0');
        if digit < 10 {
            mantissa = mantissa * 10 + u64::from(digit);
        } else if matches!(byte, b'.' | b',') && point.is_none() {
            point = Some(at);
        } else {
            return None;
        }
    }
    let digits = bytes.len() - usize::from(point.is_some());
    if digits == 0 || digits > 18 {
        return None;
    }
    let scale = point.map_or(0, |at| bytes.len() - 1 - at) as u32;
    // Below 10^18: the low 64 bits of the mantissa, built without `Decimal`'s checks.
    let rate = Decimal::from_parts(mantissa as u32, (mantissa >> 32) as u32, 0, false, scale);
    let unit = super::cents::POWERS.get(scale as usize).copied();
    Some(if unit.is_some_and(|unit| mantissa <= unit) {
        Ok(rate)
    } else {
        Err(rate)
    })
}

/// A count written in plain digits (`12500`: a population, nearly always), at most 18 of them:
/// the number `parse_count` reads. `None` for any other spelling, read by `csv_input`.
#[inline]
pub(super) fn plain_count(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() || bytes.len() > 18 {
        return None;
    }
    let mut count = 0u64;
    for &byte in bytes {
        let digit = byte.wrapping_sub(b'0');
        if digit >= 10 {
            return None;
        }
        count = count * 10 + u64::from(digit);
    }
    Some(count)
}

/// Whether a cell is a list of `AAAA-MM-JJ` dates the crises' cell may hold: ASCII only, so that
/// its items are cut at bytes (`list_items` cuts at characters; an ASCII text has the same).
pub(super) fn list_items_of_ascii(cell: &[u8]) -> Option<impl Iterator<Item = &[u8]>> {
    cell.is_ascii().then(|| {
        cell.split(|b| {
            matches!(
                b,
                b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b'|' | b',' | b';'
            )
        })
        .filter(|item| !item.is_empty())
    })
}

/// A JSON number read by its shortest decimal spelling (`0.8` is 8/10, `1e-7` is 10^-7), never
/// through a binary fraction: the generated evaluators read numbers the same way. `None` for
/// one `Decimal` cannot hold exactly (`1.5e-28`, 29 decimals): refused, never rounded.
pub fn json_number(number: &serde_json::Number) -> Option<Decimal> {
    let text = number.to_string();
    let value = Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .ok()?;
    held_exactly(&text, value).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::super::case::check_rate;
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// A rate of plain digits is read as the general reader reads it (value and scale, as
        /// `Decimal` parses it), and refused when out of [0, 1] as `check_rate` refuses it.
        #[test]
        fn a_plain_rate_is_read_as_the_general_reader_reads_it(
            text in prop_oneof!["[0-9]{0,3}[.,]?[0-9]{0,20}", "[0-9.,]{0,6}", "1[.,]0{0,19}1?"]
        ) {
            let general = rate_of_bytes(text.as_bytes())
                .or_else(|| parse_decimal(&text))
                .map(|rate| check_rate(rate, "t").map_err(|_| rate));
            if let Some(plain) = plain_rate(text.as_bytes()) {
                let value = |r: &Result<Decimal, Decimal>| match r { Ok(d) | Err(d) => *d };
                let parsed = Decimal::from_str(&text.replace(',', ".")).ok();
                prop_assert_eq!(Some(value(&plain)), parsed, "{}", text);
                prop_assert_eq!(value(&plain).scale(), parsed.map_or(99, |d| d.scale()));
                prop_assert_eq!(Some(plain), general, "{}", text);
            }
        }
    }

    proptest! {
        /// A count of plain digits is the value the general reader gives (digits around 18 of
        /// them, blanks, signs, points and letters: left to it).
        #[test]
        fn a_plain_count_is_read_as_the_general_reader_reads_it(
            text in prop_oneof!["[0-9]{0,20}", "[0-9 +.,a-]{0,6}", "0{0,19}[1-9]?"]
        ) {
            if let Some(count) = plain_count(text.as_bytes()) {
                prop_assert_eq!(parse_count(&text), Some(Decimal::from(count)), "{}", text);
            }
            // And the row's byte reader (the fast path's) agrees.
            prop_assert_eq!(
                plain_count(text.as_bytes()).is_some_and(|n| count_of_bytes(text.as_bytes()) == Some(n)),
                plain_count(text.as_bytes()).is_some()
            );
        }
    }

    #[test]
    fn a_number_in_scientific_notation_is_refused_in_a_cell() {
        // As the Python, JavaScript and SQL evaluators: digits only, whatever the exponent.
        for text in ["1e3", "1E3", "4e4", "1,5e2", "1.23457E+11", "-2e-1", "1e0"] {
            assert_eq!(parse_decimal(text), None, "{text}");
            assert_eq!(parse_count(text), None, "{text}");
        }
        assert_eq!(parse_decimal("1000"), Some(Decimal::from(1000)));
    }

    #[test]
    fn a_number_decimal_cannot_hold_exactly_is_refused_never_rounded() {
        for text in [
            // 30 significant digits: `Decimal::from_str` reads 12,5.
            "12,4999999999999999999999999999",
            "12.4999999999999999999999999999",
            // Past 2^96 once the decimal digit is kept: read as …034.
            "7922816251426433759354395033.55",
            // 29 decimals: 0 and 0,0000000000000000000000000001 once rounded.
            "0.00000000000000000000000000001",
            "-0,00000000000000000000000000005",
            "1_000.00000000000000000000000000001",
        ] {
            assert_eq!(parse_decimal(text), None, "{text}");
        }
    }

    #[test]
    fn a_number_too_precise_has_its_own_words_a_text_the_cells() {
        let words = number_refused("12,4999999999999999999999999999", "un montant");
        assert!(
            words.starts_with("un nombre tenu exactement est attendu, pas `12,4999999999999999999999999999` : au plus 28 décimales"),
            "{words}"
        );
        for text in [
            "79228162514264337593543950336",
            "-1 000,00000000000000000000000000001",
        ] {
            assert!(unheld(text), "{text}");
        }
        for text in ["douze", "1,2,3", "12 €", "_1", "+", "1e30", "12,5"] {
            assert!(!unheld(text), "{text}");
        }
        assert_eq!(
            number_refused("douze", "un montant"),
            "un montant est attendu, pas `douze`"
        );
    }

    #[test]
    fn zeros_that_only_pad_are_accepted() {
        let cases = [
            ("1.50000000000000000000000000000000", "1.5"),
            (
                "7922816251426433759354395033.50",
                "7922816251426433759354395033.5",
            ),
            (
                "0.0000000000000000000000000001",
                "0.0000000000000000000000000001",
            ),
            ("-0.000000000000000000000000000000", "0"),
            ("00012,25000000000000000000000000000", "12.25"),
            (
                "79228162514264337593543950335",
                "79228162514264337593543950335",
            ),
            ("1 234 567,500000000000000000000000000", "1234567.5"),
        ];
        for (text, value) in cases {
            let read = parse_decimal(text).map(|d| d.normalize());
            assert_eq!(read, Decimal::from_str(value).ok(), "{text}");
        }
    }

    use serde_json::Value as Json;

    fn read(json: &str) -> Option<Decimal> {
        match serde_json::from_str::<Json>(json).ok()? {
            Json::Number(n) => json_number(&n),
            _ => None,
        }
    }

    #[test]
    fn json_numbers_are_read_by_their_shortest_spelling() {
        // 0.8 as a binary double is 0.8000000000000000444…; the case means 8/10.
        assert_eq!(read("0.8"), Decimal::from_str("0.8").ok());
        assert_eq!(read("0.1"), Decimal::from_str("0.1").ok());
        // Exponents used to go through f64 → Decimal, which is not the spelling.
        assert_eq!(read("1e-7"), Decimal::from_str("0.0000001").ok());
        assert_eq!(read("2.5E3"), Decimal::from_str("2500").ok());
        assert_eq!(read("95000"), Decimal::from_str("95000").ok());
    }

    #[test]
    fn json_numbers_decimal_cannot_hold_exactly_are_refused() {
        // 1,5 × 10^-28 has 29 decimals: it would be read 2 × 10^-28.
        assert_eq!(read("1.5e-28"), None);
        assert_eq!(read("1e-29"), None);
        assert_eq!(
            read("1.5e28"),
            Decimal::from_str("15000000000000000000000000000").ok()
        );
        assert_eq!(read("1e30"), None);
    }

    #[test]
    fn json_numbers_with_28_decimals_are_read_exactly() {
        // serde_json's fast float parser read 1e-28 as 1.0000000000000001e-28 (and 1.5e-28 as
        // 1.5000000000000002e-28), a spelling with too many decimals, refused; the workspace
        // turns on `float_roundtrip`, so the double is the nearest one and its shortest
        // spelling is the one written.
        assert_eq!(
            read("1e-28"),
            Decimal::from_str("0.0000000000000000000000000001").ok()
        );
        assert_eq!(
            read("2.5e-27"),
            Decimal::from_str("0.0000000000000000000000000025").ok()
        );
        assert_eq!(read("0.3"), Decimal::from_str("0.3").ok());
    }
}
