//! Lines with several periods along the amendment chain (evaluate/timeline.rs): the amounts of
//! a base's period by that base's band (`l{l}p{j}_…`), the period in force on each day a
//! payment reads, a contract year shared by days between two values (`au prorata`; the first
//! from the year's start or its own later date), and the one-off payments moved to a later
//! period's first day (evaluate/run.rs, `once`).

use super::exact::{self, Rounding};
use super::time::{date, stages, LineTime, PeriodTime};
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

/// The rules of several periods this target does not carry (an error in French).
pub fn check(p: &Parts<'_>, times: &[LineTime]) -> Result<(), String> {
    let c = p.compiled;
    for (l, line) in c.lines.iter().enumerate() {
        let periods = &times[l].periods;
        let later_prorated = periods.iter().skip(1).any(|q| q.prorated);
        if periods.len() < 2 || !later_prorated {
            continue;
        }
        let shared = shared_year(&times[l]).is_some()
            && matches!(
                line.schedule,
                Schedule::Annual { .. } | Schedule::EachYear | Schedule::FollowingYears
            );
        if !shared {
            let name = &c.version.values[line.value].name;
            return Err(super::time::refuse(
                &c.version.name,
                format!(
                    "la ligne `{name}` partage au prorata une année entre plusieurs valeurs, ce que la cible SQL ne fait que pour une ligne annuelle dont l'année partagée tient deux valeurs, la première commençant avant la seconde"
                ),
            ));
        }
    }
    Ok(())
}

/// A line whose straddled year is shared by days (`au prorata`, two periods): its amount that
/// year, `amount = v0 × d0 / T + v1 × d1 / T` as rust_decimal computes it (evaluate/run.rs,
/// `Payer::year`), then rounded to the cent: `prd{l}_du`, and its advance `prd{l}_av`.
pub fn prorata(p: &Parts<'_>, times: &[LineTime], from: &str, out: &mut String) -> String {
    let c = p.compiled;
    let d = p.d;
    let int = d.int();
    let mut operands = Vec::new();
    let mut plans = Vec::new();
    let mut outputs = Vec::new();
    for (l, line) in c.lines.iter().enumerate() {
        let Some(f1) = shared_year(&times[l]) else {
            continue;
        };
        let periods = &times[l].periods;
        let f = date(f1);
        let pick = |offset: usize| {
            let mut case = format!("CASE yf{l}_1");
            for y in 1..=p.years {
                case.push_str(&format!(" WHEN {y} THEN a{}", y - offset));
            }
            case.push_str(" END");
            case
        };
        let x = format!("pr{l}");
        let (sy, ey) = (pick(1), pick(0));
        // The first value counts from the year's start, or from its own date when it starts
        // inside the year (`Timeline::within`: no value before it).
        let since = match periods[0].from {
            None => format!("({sy})"),
            Some(f0) => format!("greatest({sy}, {})", date(f0)),
        };
        operands.extend([
            (format!("{x}_d0"), format!("CAST({f} - {since} AS {int})")),
            (format!("{x}_d1"), format!("CAST(({ey}) - {f} AS {int})")),
            (format!("{x}_t"), format!("CAST(({ey}) - ({sy}) AS {int})")),
        ]);
        // The first value, and the one in force from the date (`shared_pair`).
        let second = shared_pair(&times[l]).map_or(1, |(_, j)| j);
        for (j, period) in [&periods[0], &periods[second]].into_iter().enumerate() {
            let s = &period.suffix;
            operands.push((format!("{x}_v{j}m"), format!("l{l}{s}_am")));
            operands.push((format!("{x}_v{j}e"), format!("l{l}{s}_ae")));
        }
        let adv = advance_of(line);
        let adv = (p.decimal(adv, adv.scale()), adv.scale().to_string());
        // Each value times its days (`{x}_x{j}`), then over the year's days (`{x}_q{j}`):
        // the two values side by side in each step.
        type Op = fn(super::Dialect, &str, (&str, &str), (&str, &str)) -> exact::Plan;
        // The operands' columns after `{x}_`, `#` standing for the value's index.
        let steps: [(Op, &str, [&str; 3]); 2] = [
            (exact::mul, "x", ["v#m", "v#e", "d#"]),
            (exact::div, "q", ["x#_m", "x#_e", "t"]),
        ];
        let mut plan = exact::Plan::new();
        for (op, out, operands) in steps {
            plan.extend(exact::merge(
                (0..2)
                    .map(|j| {
                        let [m, e, by] =
                            operands.map(|o| format!("{x}_{}", o.replace('#', &j.to_string())));
                        op(d, &format!("{x}_{out}{j}"), (&m, &e), (&by, "0"))
                    })
                    .collect(),
            ));
        }
        plan.extend(exact::add(
            d,
            &format!("{x}_s"),
            (&format!("{x}_q0_m"), &format!("{x}_q0_e")),
            (&format!("{x}_q1_m"), &format!("{x}_q1_e")),
            false,
        ));
        plan.extend(exact::merge(vec![
            exact::mul(
                d,
                &format!("{x}_a"),
                (&format!("{x}_s_m"), &format!("{x}_s_e")),
                (&adv.0, &adv.1),
            ),
            exact::round(
                d,
                &format!("{x}_c"),
                (&format!("{x}_s_m"), &format!("{x}_s_e")),
                2,
                Rounding::HalfAwayFromZero,
            ),
        ]));
        plan.extend(exact::round(
            d,
            &format!("{x}_ac"),
            (&format!("{x}_a_m"), &format!("{x}_a_e")),
            2,
            Rounding::HalfAwayFromZero,
        ));
        let cents = |m: &str, e: &str| format!("{m} * {}", exact::p10(d, &format!("2 - {e}")));
        plan.push(vec![
            format!(
                "{} AS prd{l}_du",
                cents(&format!("{x}_c_m"), &format!("{x}_c_e"))
            ),
            format!(
                "{} AS prd{l}_av",
                cents(&format!("{x}_ac_m"), &format!("{x}_ac_e"))
            ),
        ]);
        plans.push(plan);
        outputs.extend([format!("prd{l}_du"), format!("prd{l}_av")]);
    }
    if outputs.is_empty() {
        return from.to_string();
    }
    let plan = exact::merge(plans);
    exact::emit_narrow(
        out,
        d,
        from,
        ("prorata", "Année partagée au prorata entre deux valeurs : v0 × jours avant la date / jours de l'année + v1 × jours après / jours de l'année (rust_decimal), puis au centime"),
        &exact::Steps {
            operands: &operands,
            plan: &plan,
            outputs: &outputs,
        },
    )
}

/// The date from which a later value of line `l` shares its year by days with the first, when
/// it does, and that value's period: the last of those that start that day (`au prorata`, for
/// every contract: the one in force from it); the other periods (not `au prorata`) start more
/// than a year after it, so that the contract year straddling it holds these two values only.
/// The first value counts from the start or from its own earlier date (a root's `à compter
/// du`, an added line's date of effect): in the shared year, from that date if it falls inside.
pub fn shared_pair(time: &LineTime) -> Option<(chrono::NaiveDate, usize)> {
    let [first, second, ..] = &time.periods[..] else {
        return None;
    };
    let from = second.from?;
    let same_day = |q: &PeriodTime| q.from == Some(from);
    let group = time.periods[1..].iter().take_while(|q| same_day(q)).count();
    let ok = time.periods[1..=group]
        .iter()
        .all(|q| q.prorated && q.open() == "TRUE");
    let apart = time.periods[1 + group..]
        .iter()
        .all(|q| !q.prorated && q.from.is_some_and(|f| (f - from).num_days() > 366));
    (first.from.is_none_or(|f0| f0 < from) && ok && apart).then_some((from, group))
}

/// The date from which line `l`'s later value shares its year by days (`shared_pair`).
pub fn shared_year(time: &LineTime) -> Option<chrono::NaiveDate> {
    shared_pair(time).map(|(from, _)| from)
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
                    super::pay_totals::year_of(p, &date(f))
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
