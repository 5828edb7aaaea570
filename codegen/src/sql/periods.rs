//! Lines with several periods along the amendment chain (evaluate/timeline.rs): the amounts of
//! a base's period by that base's band (`l{l}p{j}_…`), the period in force on each day a
//! payment reads (a contract year shared by days: `prorata`), and the one-off payments moved
//! to a later period's first day (evaluate/run.rs, `once`).

use super::time::{date, stages, LineTime};
use super::{comment_lines, Parts};
use clause_compiler::evaluate::compiled::{split, Line, Schedule};
use clause_compiler::evaluate::CompiledVersion;
use rust_decimal::{Decimal, RoundingStrategy};

fn cents(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The advance of a line's schedule (1 when it has none).
pub fn advance_of(line: &Line) -> Decimal {
    match line.schedule {
        Schedule::Annual { advance, .. } | Schedule::Mission { advance, .. } => advance,
        _ => Decimal::ONE,
    }
}

/// The parts of a line's amount per band of `stage` (chosen by the column `band`), each at
/// its own scale: `{x}_fixe`/`_fe`, `_var`/`_ve` (split as `split_line` splits), `_du` and
/// `_av` in cents (the advance of this version's line), `_am`/`_ae` (the amount) and `_ok`.
pub fn static_columns(
    p: &Parts<'_>,
    (stage, band, value): (&CompiledVersion<'_>, &str, usize),
    split_line: &Line,
    advance: Decimal,
    x: &str,
    cols: &mut Vec<String>,
) {
    let int = p.d.int();
    let bands = stage.static_values.len().max(1);
    let amount = |b: usize| stage.static_amount(b, value);
    let mut per = |name: &str, f: &dyn Fn(Decimal) -> String, negative: bool| {
        let mut case = format!("CASE {band}");
        for b in 0..bands {
            match amount(b) {
                Some(a) if a >= Decimal::ZERO || negative => {
                    case.push_str(&format!(" WHEN {b} THEN {}", f(a)))
                }
                Some(_) => case.push_str(&format!(" WHEN {b} THEN CAST(0 AS {int})")),
                None => {}
            }
        }
        case.push_str(" END");
        cols.push(format!("{case} AS {x}_{name}"));
    };
    let mantissa = |v: Decimal| p.decimal(v, v.scale());
    let scale = |v: Decimal| v.scale().to_string();
    per("fixe", &|a| mantissa(split(a, split_line).0), false);
    per("fe", &|a| scale(split(a, split_line).0), false);
    per("var", &|a| mantissa(split(a, split_line).1), false);
    per("ve", &|a| scale(split(a, split_line).1), false);
    per(
        "du",
        &|a| p.decimal(cents(split(a, split_line).0), 2),
        false,
    );
    per(
        "av",
        &|a| p.decimal(cents(split(a, split_line).0 * advance), 2),
        false,
    );
    per("am", &mantissa, true);
    per("ae", &scale, true);
    let mut present = format!("CASE {band}");
    for b in 0..bands {
        if amount(b).is_some() {
            present.push_str(&format!(" WHEN {b} THEN TRUE"));
        }
    }
    present.push_str(" ELSE FALSE END");
    cols.push(format!("{present} AS {x}_ok"));
}

/// The band of each base whose amounts a period reads (`tranche_h{s}`), chosen by that base's
/// own bands on its dimension (read by name), as the engine chooses it.
pub fn base_bands(p: &Parts<'_>, times: &[LineTime]) -> Vec<String> {
    let c = p.compiled;
    let chain = stages(c);
    let mut used: Vec<usize> = times
        .iter()
        .flat_map(|t| t.periods.iter().filter_map(|q| q.base.map(|(s, _)| s)))
        .collect();
    used.sort_unstable();
    used.dedup();
    used.into_iter()
        .map(|s| {
            let base = chain[s];
            let choice = match base.band_set {
                None => "0".to_string(),
                Some(set) => {
                    let set = &base.version.band_sets[set];
                    let column = set
                        .dimension
                        .and_then(|i| p.col(&base.version.inputs[i].name));
                    match column {
                        None => "NULL".into(),
                        Some(k) => super::bands::choice(p, set, k, "      ", |_, _| String::new()),
                    }
                }
            };
            let mut text = String::new();
            comment_lines(
                &[format!(
                    "tranche de la base `{}` (ses propres tranches, sur la même entrée)",
                    base.version.name
                )],
                &mut text,
            );
            format!(
                "{}\n    {choice} AS tranche_h{s}",
                text.trim_end().replace('\n', "\n    ")
            )
        })
        .collect()
}

/// The columns of each base's period of each line (in `valeurs`), with their comments.
pub fn base_columns(p: &Parts<'_>, times: &[LineTime], cols: &mut Vec<String>) {
    let c = p.compiled;
    let chain = stages(c);
    for (l, line) in c.lines.iter().enumerate() {
        for period in &times[l].periods {
            // A base's amounts computed from the inputs come from `formulas::bases`.
            let Some((s, position)) = period.base.filter(|_| !period.computed) else {
                continue;
            };
            let base = chain[s];
            let own = base
                .lines
                .iter()
                .find(|b| b.value == position)
                .unwrap_or(line);
            let mut text = String::new();
            comment_lines(
                &[format!(
                    "[ligne {l}, période {}] {} de `{}` ({}) : {}",
                    period.suffix.trim_start_matches('p'),
                    base.version.values[position].name,
                    base.version.name,
                    base.provenance[position],
                    own.rule
                )],
                &mut text,
            );
            for t in text.lines() {
                cols.push(format!("__COMMENT__{t}"));
            }
            static_columns(
                p,
                (base, &format!("tranche_h{s}"), position),
                own,
                advance_of(line),
                &format!("l{l}{}", period.suffix),
                cols,
            );
        }
    }
}

/// The contract year of each period's first day (`yf{l}_{j}`), for lines of several periods.
pub fn first_years(p: &Parts<'_>, times: &[LineTime]) -> Vec<String> {
    let mut cols = Vec::new();
    for (l, time) in times.iter().enumerate() {
        if time.single().is_some() {
            continue;
        }
        for (j, period) in time.periods.iter().enumerate() {
            if let Some(f) = period.from {
                cols.push(format!(
                    "{} AS yf{l}_{j}",
                    super::contract_years::year_of(p, &date(f))
                ));
            }
        }
    }
    cols
}

/// A period's term from its columns' suffix and the predicate "in force on this day".
pub type PeriodTerm<'a> = dyn Fn(&str, &dyn Fn(&str) -> String) -> Option<String> + 'a;

/// A year's term of a line of several periods paid by the period in force on a day: the sum
/// over the periods of the term of each, open when it is the one in force (`term(suffix,
/// open)`); the year straddled `au prorata` takes the shared amount instead (`shared`).
pub fn by_day(
    time: &LineTime,
    term: &PeriodTerm<'_>,
    shared: Option<(String, String)>,
) -> Option<String> {
    let mut terms = Vec::new();
    for (j, period) in time.periods.iter().enumerate() {
        let at = |day: &str| format!("coalesce(({}) = {j}, FALSE)", time.at(day));
        terms.push(term(&period.suffix, &at)?);
    }
    let sum = terms.join("\n        + ");
    Some(match shared {
        None => sum,
        Some((when, then)) => format!("CASE WHEN {when} THEN {then} ELSE {sum} END"),
    })
}

/// A one-off payment of a line of several periods whose event falls on `day` (in contract
/// year `day_year`; `None`: a year the CSV does not show): the value in force that day, else
/// the first later period's, paid on its first day (evaluate/run.rs, `once`).
pub fn once(
    l: usize,
    time: &LineTime,
    y: usize,
    (day, day_year): (&str, Option<&str>),
    engaged: &str,
) -> String {
    let paid = |d: &str, amount: &str| format!("CASE WHEN {d} <= fin THEN {amount} ELSE 0 END");
    let at = time.at(day);
    let mut case = format!("CASE WHEN NOT ({engaged}) OR {day} IS NULL THEN 0");
    let on_day = match day_year {
        Some(year) => {
            let mut pick = format!("CASE ({at})");
            for (j, period) in time.periods.iter().enumerate() {
                let s = &period.suffix;
                pick.push_str(&format!(
                    " WHEN {j} THEN CASE WHEN l{l}{s}_ok THEN {} ELSE 0 END",
                    paid(day, &format!("l{l}{s}_du"))
                ));
            }
            pick.push_str(" ELSE 0 END");
            format!("CASE WHEN {year} = {y} THEN {pick} ELSE 0 END")
        }
        None => "0".into(),
    };
    case.push_str(&format!(" WHEN ({at}) IS NOT NULL THEN {on_day}"));
    for (j, period) in time.periods.iter().enumerate() {
        let Some(f) = period.from else {
            continue;
        };
        let (f, s) = (date(f), &period.suffix);
        case.push_str(&format!(
            " WHEN {} AND {f} > {day} THEN CASE WHEN yf{l}_{j} = {y} AND l{l}{s}_ok THEN {} ELSE 0 END",
            period.open(),
            paid(&f, &format!("l{l}{s}_du"))
        ));
    }
    case.push_str(" ELSE 0 END");
    case
}
