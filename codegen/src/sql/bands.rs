//! The band a row falls in, chosen as the engine chooses it (`BandSet::band_of`): the first band
//! whose bounds hold the dimension, compared exactly. A whole-number dimension is compared as
//! its integer value (`v{k}`); a decimal or a rate as its split parts (`neg`, `w`, `f`), never as
//! a DOUBLE.

use super::exact::lit;
use super::Parts;
use clause_compiler::ir::{Band, BandSet};
use rust_decimal::Decimal;

/// The CASE that gives the index of the band of `set` holding the input of column `k`, with a
/// comment before each band (`comment(b)`), NULL when none does.
pub(crate) fn choice(
    p: &Parts<'_>,
    set: &BandSet,
    k: usize,
    indent: &str,
    comment: impl Fn(usize, &Band) -> String,
) -> String {
    let scale = bound_scale(set);
    let mut case = String::from("CASE");
    for (b, band) in set.bands.iter().enumerate() {
        for line in comment(b, band).lines() {
            case.push_str(&format!("\n{indent}{line}"));
        }
        let cond = if set.whole {
            whole_test(p, band, k)
        } else {
            exact_test(p, band, k, scale)
        };
        case.push_str(&format!("\n{indent}WHEN {cond} THEN {b}"));
    }
    case.push_str(&format!("\n{}END", &indent[indent.len().min(2)..]));
    case
}

/// A whole-number band: its bounds are the closed whole numbers it holds.
fn whole_test(p: &Parts<'_>, band: &Band, k: usize) -> String {
    let mut cond = format!("v{k} >= {}", p.decimal(band.low, 0));
    if let Some(high) = band.high {
        cond.push_str(&format!(" AND v{k} <= {}", p.decimal(high, 0)));
    }
    cond
}

/// The largest number of decimals of a bound of `set`: the scale at which every bound is an
/// integer.
fn bound_scale(set: &BandSet) -> u32 {
    set.bands
        .iter()
        .flat_map(|b| std::iter::once(b.low).chain(b.high))
        .map(|d| d.normalize().scale())
        .max()
        .unwrap_or(0)
}

/// A band of a decimal or rate dimension. With `F = floor(x × 10^s)` and `E` whether
/// `x × 10^s` is whole, for a bound `c` whole at scale `s` (`C = c × 10^s`):
/// `x >= c` is `F >= C`, `x > c` is `F > C OR (F = C AND NOT E)`, `x <= c` is
/// `F < C OR (F = C AND E)`, `x < c` is `F < C`.
fn exact_test(p: &Parts<'_>, band: &Band, k: usize, scale: u32) -> String {
    let (floor, exact) = floor_at(p, k, scale);
    let c = |d: Decimal| p.decimal(d, scale);
    let low = c(band.low);
    let mut cond = if band.low_open {
        format!("({floor} > {low} OR ({floor} = {low} AND NOT {exact}))")
    } else {
        format!("{floor} >= {low}")
    };
    if let Some(high) = band.high {
        let high = c(high);
        if band.high_open {
            cond.push_str(&format!(" AND {floor} < {high}"));
        } else {
            cond.push_str(&format!(
                " AND ({floor} < {high} OR ({floor} = {high} AND {exact}))"
            ));
        }
    }
    format!("ok{k} AND {cond}")
}

/// `floor(x × 10^scale)` and whether `x × 10^scale` is whole, for the decimal of column `k`
/// (its sign `neg{k}`, whole digits `w{k}` and decimals `f{k}`). A whole part too long for the
/// integer type is held at 10^(36 - scale), beyond every bound: the band it falls in is the same.
fn floor_at(p: &Parts<'_>, k: usize, scale: u32) -> (String, String) {
    let cap = 36u32.saturating_sub(scale).max(1);
    let whole = format!(
        "CASE WHEN length(ltrim(w{k}, '0')) > {cap} THEN '1' || repeat('0', {cap}) ELSE ltrim(w{k}, '0') END"
    );
    let digits = if scale == 0 {
        whole
    } else {
        format!("({whole}) || rpad(left(f{k}, {scale}), {scale}, '0')")
    };
    let magnitude = format!("CAST(coalesce(nullif({digits}, ''), '0') AS {})", p.d.int());
    let rest = format!("(rtrim(substr(f{k}, {}), '0') <> '')", scale + 1);
    let one = lit(p.d, 1);
    let floor = format!(
        "(CASE WHEN neg{k} THEN -{magnitude} - CASE WHEN {rest} THEN {one} ELSE {} END ELSE {magnitude} END)",
        lit(p.d, 0)
    );
    (floor, format!("(NOT {rest})"))
}
