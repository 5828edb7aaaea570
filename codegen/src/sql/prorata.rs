//! A contract year shared by days between the values of a line (`au prorata`), as the engine
//! shares it (evaluate/pay.rs, `Payer::year`): the pieces of the year are the value in force
//! on its first day, then each value the contract may be paid that starts inside it (the one
//! in force on that day, `Timeline::within`); when a piece after the first says `au prorata`,
//! the year's amount is `Σ v_i × d_i / T` folded left from zero in rust_decimal (each product,
//! quotient and sum rounded as it rounds them), then rounded to the cent; any number of values,
//! in any year. Otherwise the value in force on the year's first day is paid (`periods`).
//!
//! A mission's envelope paid by an advance at its start (`Schedule::Mission`) shares the part
//! of the year it is paid for: from the mission's start in its first year, from the year's
//! first day after. That amount is split as the last piece's line splits it (`split`: its
//! `part fixe`), and in a first year `au prorata` of the start both parts are multiplied by
//! the share of the year left (`remaining / length`, divided as rust_decimal divides): the
//! fixed part gives the due and the advance (each to the cent), the variable part times the
//! year's achievement the variable payment, as `pay_line` computes them when `Payer::year`
//! returns a shared amount.

use super::exact::{self, Rounding};
use super::time::{date, LineTime};
use super::Parts;
use clause_compiler::evaluate::compiled::{Line, Schedule};
use rust_decimal::Decimal;

/// Whether line `l` may share a year by days: a yearly line (paid by `Payer::year`: advance
/// and balance, each year, each following year, the variable part alone, a mission's envelope
/// from its start) with a value `au prorata` after its first.
pub fn shares(line: &Line, time: &LineTime) -> bool {
    let yearly = match line.schedule {
        Schedule::Annual { .. }
        | Schedule::EachYear
        | Schedule::FollowingYears
        | Schedule::VariableOnly => true,
        // A mission's envelope outside a mission is never paid (`pay_line`: no start).
        Schedule::Mission { .. } => line.mission.is_some(),
        _ => false,
    };
    yearly && time.periods.iter().skip(1).any(|q| q.prorated)
}

/// For each line that `shares` and each contract year `y`: whether the year is shared
/// (`prd{l}y{y}_sh`), whether each value it reads is payable (`_ok`: present, not negative),
/// its amount in cents (`_du`), its advance (`_av`) and its part by the year's achievement
/// (`_nv`, `cent_product`; a mission's envelope: its variable part's).
pub fn columns(p: &Parts<'_>, times: &[LineTime], from: &str, out: &mut String) -> String {
    let c = p.compiled;
    let mut operands = Vec::new();
    let mut plans = Vec::new();
    let mut outputs = Vec::new();
    for (l, line) in c.lines.iter().enumerate() {
        let time = &times[l];
        if !shares(line, time) {
            continue;
        }
        for y in 1..=p.years {
            let x = format!("pr{l}y{y}");
            let mut plan = shared_sum(p, (l, line, time), y, &mut operands);
            // The sum after the last piece (the first, then one per date of effect).
            let s = format!("{x}_s{}", starts(time).len());
            let tail = match (&line.schedule, line.mission) {
                (
                    Schedule::Mission {
                        prorated, variable, ..
                    },
                    Some(m),
                ) => mission_tail(
                    p,
                    (l, line, time),
                    (y, m),
                    (*prorated, *variable),
                    &s,
                    &mut operands,
                ),
                _ => yearly_tail(p, (&x, line), y, &s, &mut operands),
            };
            plan.extend(tail);
            let cents = |o: &str| {
                format!(
                    "{x}_{o}_m * {} AS prd{l}y{y}_{}",
                    exact::p10(p.d, &format!("2 - {x}_{o}_e")),
                    match o {
                        "c" => "du",
                        "ac" => "av",
                        _ => "nv",
                    }
                )
            };
            plan.push(["c", "ac", "nc"].map(cents).to_vec());
            plans.push(plan);
            outputs.extend(["sh", "ok", "du", "av", "nv"].map(|o| format!("prd{l}y{y}_{o}")));
        }
    }
    exact::emit_narrow(
        out,
        p.d,
        from,
        ("prorata", "Année partagée au prorata entre les valeurs qui s'y succèdent : Σ valeur × ses jours / jours de l'année (d'une enveloppe de mission : depuis son démarrage la première année), de gauche à droite depuis zéro (rust_decimal), puis au centime"),
        &exact::Steps {
            operands: &operands,
            plan: &exact::merge(plans),
            outputs: &outputs,
        },
    )
}

/// The dates of effect of a line's periods, in order, once each: a year's pieces after its
/// first start on them.
fn starts(time: &LineTime) -> Vec<chrono::NaiveDate> {
    let mut starts: Vec<chrono::NaiveDate> = time.periods.iter().filter_map(|q| q.from).collect();
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// The first day a line's year `y` is paid for (`Payer::year`'s `start`): a mission's
/// envelope, from the mission's start in its first year; else the year's first day.
fn paid_from(p: &Parts<'_>, line: &Line, y: usize) -> String {
    match (&line.schedule, line.mission) {
        (Schedule::Mission { .. }, Some(m)) => format!(
            "(CASE WHEN fy{m} = {y} THEN v{} ELSE a{} END)",
            p.mission_col(m, "debut"),
            y - 1
        ),
        _ => format!("a{}", y - 1),
    }
}

/// The shared amount of line `l`'s year `y`, `pr{l}y{y}_s{n}` (mantissa `_m`, scale `_e`),
/// with `prd{l}y{y}_sh` and `_ok` and the last piece's period (`_lj`): the pieces from
/// `paid_from` to the year's end, each value times its days over the days paid for, summed
/// from zero. The operands copy what the row gives once (the first day paid for, the period in
/// force on each piece's first day, each period's amount); the steps read them by name, so
/// that no long expression is written twice.
fn shared_sum(
    p: &Parts<'_>,
    (l, line, time): (usize, &Line, &LineTime),
    y: usize,
    operands: &mut Vec<(String, String)>,
) -> exact::Plan {
    let d = p.d;
    let int = d.int();
    let x = format!("pr{l}y{y}");
    let starts = starts(time);
    let (sy, ey) = (format!("{x}_sy"), format!("{x}_ey"));
    // The pieces' first days: the first day paid for, then each date of effect inside.
    let mut days = vec![sy.clone()];
    days.extend(starts.iter().map(|f| date(*f)));
    operands.extend([
        (sy.clone(), paid_from(p, line, y)),
        (ey.clone(), format!("a{y}")),
        (format!("{x}_j0"), time.at(&paid_from(p, line, y))),
    ]);
    for (i, f) in starts.iter().enumerate() {
        let open: Vec<String> = time
            .periods
            .iter()
            .filter(|q| q.from == Some(*f))
            .map(|q| q.open())
            .collect();
        operands.extend([
            (format!("{x}_j{}", i + 1), time.at(&date(*f))),
            (format!("{x}_o{}", i + 1), open.join(" OR ")),
        ]);
    }
    for (j, period) in time.periods.iter().enumerate() {
        let s = &period.suffix;
        operands.extend([
            (format!("{x}_am{j}"), format!("l{l}{s}_am")),
            (format!("{x}_ae{j}"), format!("l{l}{s}_ae")),
            (
                format!("{x}_ok{j}"),
                format!("l{l}{s}_ok AND l{l}{s}_am >= 0"),
            ),
        ]);
    }
    // Whether each piece is in the year (`Timeline::within`).
    let present: Vec<String> = (0..days.len()).map(|i| format!("{x}_h{i}")).collect();
    let mut plan: exact::Plan = vec![(0..days.len())
        .map(|i| {
            if i == 0 {
                return format!("{x}_j0 IS NOT NULL AS {x}_h0");
            }
            let day = &days[i];
            format!("({sy} < {day} AND {day} < {ey} AND ({x}_o{i})) AS {x}_h{i}")
        })
        .collect()];
    let pick = |i: usize, what: &dyn Fn(usize) -> String| {
        let mut case = format!("CASE {x}_j{i}");
        for j in 0..time.periods.len() {
            case.push_str(&format!(" WHEN {j} THEN {}", what(j)));
        }
        case.push_str(" END");
        case
    };
    let mut cols = Vec::new();
    let mut ok = Vec::new();
    let mut shared = Vec::new();
    for (i, day) in days.iter().enumerate() {
        // The next piece's first day, else the year's end.
        let until = if i + 1 == days.len() {
            ey.clone()
        } else {
            let mut case = String::from("CASE");
            for k in i + 1..days.len() {
                case.push_str(&format!(" WHEN {} THEN {}", present[k], days[k]));
            }
            case.push_str(&format!(" ELSE {ey} END"));
            case
        };
        let here = &present[i];
        for (part, name) in [("am", "m"), ("ae", "e")] {
            cols.push(format!(
                "CASE WHEN {here} THEN {} END AS {x}_v{i}{name}",
                pick(i, &|j| format!("{x}_{part}{j}"))
            ));
        }
        cols.push(format!("CAST(({until}) - {day} AS {int}) AS {x}_d{i}"));
        ok.push(format!(
            "(NOT {here} OR coalesce({}, FALSE))",
            pick(i, &|j| format!("{x}_ok{j}"))
        ));
        if i > 0 {
            let before = present[..i].join(" OR ");
            let prorated = pick(i, &|j| time.periods[j].prorated.to_string().to_uppercase());
            shared.push(format!(
                "({here} AND ({before}) AND coalesce({prorated}, FALSE))"
            ));
        }
    }
    // The last piece's period: whose line splits a mission's amount (`mission_tail`).
    let mut last = String::from("CASE");
    for i in (0..days.len()).rev() {
        last.push_str(&format!(" WHEN {} THEN {x}_j{i}", present[i]));
    }
    if shared.is_empty() {
        shared.push("FALSE".into());
    }
    // A mission's year before its first, or of a mission not started: not paid, not shared.
    let paid = match (&line.schedule, line.mission) {
        (Schedule::Mission { .. }, Some(m)) => {
            operands.push((format!("{x}_fy"), format!("coalesce(fy{m} <= {y}, FALSE)")));
            format!("{x}_fy AND ")
        }
        _ => String::new(),
    };
    cols.extend([
        // A difference of dates cast first: Spark's is an `INTERVAL DAY`, which `greatest`
        // does not compare with a number.
        format!("greatest(CAST({ey} - {sy} AS {int}), CAST(1 AS {int})) AS {x}_t"),
        format!(
            "{paid}coalesce({}, FALSE) AS prd{l}y{y}_sh",
            shared.join(" OR ")
        ),
        format!("{} AS prd{l}y{y}_ok", ok.join(" AND ")),
        format!("{last} END AS {x}_lj"),
    ]);
    plan.push(cols);
    // Each value times its days, over the year's days, side by side; then the sum from zero,
    // piece after piece, skipping the absent ones.
    plan.extend(exact::merge(
        (0..days.len())
            .map(|i| {
                exact::mul(
                    d,
                    &format!("{x}_x{i}"),
                    (&format!("{x}_v{i}m"), &format!("{x}_v{i}e")),
                    (&format!("{x}_d{i}"), "0"),
                )
            })
            .collect(),
    ));
    plan.extend(exact::merge(
        (0..days.len())
            .map(|i| {
                exact::div(
                    d,
                    &format!("{x}_q{i}"),
                    (&format!("{x}_x{i}_m"), &format!("{x}_x{i}_e")),
                    (&format!("{x}_t"), "0"),
                )
            })
            .collect(),
    ));
    let zero = format!("CAST(0 AS {int})");
    plan.push(vec![
        format!("CASE WHEN {x}_q0_m IS NOT NULL THEN {x}_q0_m ELSE {zero} END AS {x}_s0_m"),
        format!("CASE WHEN {x}_q0_m IS NOT NULL THEN {x}_q0_e ELSE 0 END AS {x}_s0_e"),
    ]);
    for i in 1..days.len() {
        let (prev, sum, next) = (
            format!("{x}_s{}", i - 1),
            format!("{x}_p{i}"),
            format!("{x}_s{i}"),
        );
        plan.extend(exact::add(
            d,
            &sum,
            (&format!("{prev}_m"), &format!("{prev}_e")),
            (&format!("{x}_q{i}_m"), &format!("{x}_q{i}_e")),
            false,
        ));
        // A piece absent from the year leaves the sum as it was.
        plan.push(vec![
            format!("CASE WHEN {x}_q{i}_m IS NULL THEN {prev}_m ELSE {sum}_m END AS {next}_m"),
            format!("CASE WHEN {x}_q{i}_m IS NULL THEN {prev}_e ELSE {sum}_e END AS {next}_e"),
        ]);
    }
    plan
}

/// A yearly line's payments from its shared amount `s`: `_c` (to the cent), `_ac` (its
/// advance) and `_nc` (times the year's achievement), each `cent_product`.
fn yearly_tail(
    p: &Parts<'_>,
    (x, line): (&str, &Line),
    y: usize,
    s: &str,
    operands: &mut Vec<(String, String)>,
) -> exact::Plan {
    let d = p.d;
    let adv = super::periods::advance_of(line);
    let adv = (p.decimal(adv, adv.scale()), adv.scale().to_string());
    let rate = line.mission.map_or_else(
        || (format!("CAST(0 AS {})", d.int()), "0".to_string()),
        |m| super::contract_years::achievement(p, m, &y.to_string()),
    );
    operands.extend([(format!("{x}_rm"), rate.0), (format!("{x}_re"), rate.1)]);
    let sum = (format!("{s}_m"), format!("{s}_e"));
    let mut plan = exact::merge(vec![
        exact::mul(d, &format!("{x}_a"), (&sum.0, &sum.1), (&adv.0, &adv.1)),
        exact::mul(
            d,
            &format!("{x}_n"),
            (&sum.0, &sum.1),
            (&format!("{x}_rm"), &format!("{x}_re")),
        ),
        to_cent(d, &format!("{x}_c"), &sum),
    ]);
    plan.extend(exact::merge(
        ["a", "n"]
            .map(|o| {
                to_cent(
                    d,
                    &format!("{x}_{o}c"),
                    &(format!("{x}_{o}_m"), format!("{x}_{o}_e")),
                )
            })
            .to_vec(),
    ));
    plan
}

/// `to_cent`: half away from zero, to two decimals.
fn to_cent(d: super::Dialect, x: &str, a: &(String, String)) -> exact::Plan {
    exact::round(d, x, (&a.0, &a.1), 2, Rounding::HalfAwayFromZero)
}

/// A mission envelope's payments from its shared amount `s` (`pay_line`, `Schedule::Mission`,
/// when `Payer::year` shares the year): split as the last piece's line splits it (`{x}_f`
/// fixed, `{x}_v` variable); in the mission's first year, started after the year's first day
/// and paid `au prorata`, each part times `remaining / length` (`{x}_sd`, `day_share`); then
/// `_c` = to_cent(fixed), `_ac` = cent_product(fixed, advance), `_nc` = to_cent(variable × the
/// year's achievement). What the schedule rules out is not computed: no share of the year
/// without `au prorata`, no variable part without `variable selon atteinte`, no product by a
/// fixed share of 1.
fn mission_tail(
    p: &Parts<'_>,
    (l, line, time): (usize, &Line, &LineTime),
    (y, m): (usize, usize),
    (prorated, variable): (bool, bool),
    s: &str,
    operands: &mut Vec<(String, String)>,
) -> exact::Plan {
    let d = p.d;
    let int = d.int();
    let x = format!("pr{l}y{y}");
    let start = format!("v{}", p.mission_col(m, "debut"));
    let pair = |n: &str| (format!("{x}_{n}_m"), format!("{x}_{n}_e"));
    let sum = (format!("{s}_m"), format!("{s}_e"));
    // `split`'s fixed share of each period's own line (1: all fixed; 0: all variable).
    let chain = super::time::stages(p.compiled);
    let shares: Vec<Decimal> = time
        .periods
        .iter()
        .map(|period| {
            let own = period
                .base
                .and_then(|(stage, position)| {
                    chain[stage].lines.iter().find(|b| b.value == position)
                })
                .unwrap_or(line);
            fixed_share(own)
        })
        .collect();
    let mut plan = exact::Plan::new();
    let f = if shares.iter().all(|f| *f == Decimal::ONE) {
        sum.clone()
    } else {
        let mut case = (String::from("CASE"), String::from("CASE"));
        for (j, f) in shares.iter().enumerate() {
            case.0.push_str(&format!(
                " WHEN {x}_lj = {j} THEN {}",
                p.decimal(*f, f.scale())
            ));
            case.1
                .push_str(&format!(" WHEN {x}_lj = {j} THEN {}", f.scale()));
        }
        plan.push(vec![
            format!("{} END AS {x}_fsm", case.0),
            format!("{} END AS {x}_fse", case.1),
        ]);
        plan.extend(exact::mul(
            d,
            &format!("{x}_f"),
            (&sum.0, &sum.1),
            (&format!("{x}_fsm"), &format!("{x}_fse")),
        ));
        pair("f")
    };
    // variable = amount − fixed.
    let v = pair("v");
    if variable {
        plan.extend(exact::add(
            d,
            &format!("{x}_v"),
            (&sum.0, &sum.1),
            (&f.0, &f.1),
            true,
        ));
    }
    // The parts of the year left, in a first year `au prorata` of the start.
    let (ex, vx) = if prorated {
        operands.extend([
            (
                format!("{x}_pro"),
                format!("coalesce(fy{m} = {y} AND {start} > ys{m}, FALSE)"),
            ),
            (format!("{x}_rr"), format!("CAST(ye{m} - {start} AS {int})")),
            (
                format!("{x}_ll"),
                format!("greatest(CAST(ye{m} - ys{m} AS {int}), CAST(1 AS {int}))"),
            ),
        ]);
        // The share does not depend on the amount: computed in the first steps.
        plan = exact::merge(vec![
            exact::div(
                d,
                &format!("{x}_sd"),
                (&format!("{x}_rr"), "0"),
                (&format!("{x}_ll"), "0"),
            ),
            plan,
        ]);
        let sd = pair("sd");
        let mut products = vec![exact::mul(
            d,
            &format!("{x}_fd"),
            (&f.0, &f.1),
            (&sd.0, &sd.1),
        )];
        if variable {
            products.push(exact::mul(
                d,
                &format!("{x}_vd"),
                (&v.0, &v.1),
                (&sd.0, &sd.1),
            ));
        }
        plan.extend(exact::merge(products));
        let choose = |name: &str, part: &(String, String)| {
            let (by_share, whole) = (pair(&format!("{name}d")), part);
            vec![
                format!(
                    "CASE WHEN {x}_pro THEN {} ELSE {} END AS {x}_{name}x_m",
                    by_share.0, whole.0
                ),
                format!(
                    "CASE WHEN {x}_pro THEN {} ELSE {} END AS {x}_{name}x_e",
                    by_share.1, whole.1
                ),
            ]
        };
        let mut picks = choose("f", &f);
        if variable {
            picks.extend(choose("v", &v));
        }
        plan.push(picks);
        (pair("fx"), pair("vx"))
    } else {
        (f, v)
    };
    // Its due and advance; the variable part paid.
    let adv = super::periods::advance_of(line);
    let adv = (p.decimal(adv, adv.scale()), adv.scale().to_string());
    let mut products = vec![
        to_cent(d, &format!("{x}_c"), &ex),
        exact::mul(d, &format!("{x}_a"), (&ex.0, &ex.1), (&adv.0, &adv.1)),
    ];
    if variable {
        let rate = super::contract_years::achievement(p, m, &y.to_string());
        operands.extend([(format!("{x}_rm"), rate.0), (format!("{x}_re"), rate.1)]);
        products.push(exact::mul(
            d,
            &format!("{x}_n"),
            (&vx.0, &vx.1),
            (&format!("{x}_rm"), &format!("{x}_re")),
        ));
    }
    plan.extend(exact::merge(products));
    let mut cents = vec![to_cent(d, &format!("{x}_ac"), &pair("a"))];
    if variable {
        cents.push(to_cent(d, &format!("{x}_nc"), &pair("n")));
    } else {
        cents.push(vec![vec![
            format!("CAST(0 AS {int}) AS {x}_nc_m"),
            format!("0 AS {x}_nc_e"),
        ]]);
    }
    plan.extend(exact::merge(cents));
    plan
}

/// The fixed share `split` gives a line's amount: its `part fixe` for a mission's envelope
/// with a variable part, none for a variable part alone, all of it otherwise.
fn fixed_share(own: &Line) -> Decimal {
    match (&own.schedule, own.fixed_share) {
        (Schedule::Mission { variable: true, .. }, Some(share)) => share,
        (Schedule::VariableOnly, _) => Decimal::ZERO,
        _ => Decimal::ONE,
    }
}
