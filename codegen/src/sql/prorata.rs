//! A contract year shared by days between the values of a line (`au prorata`), as the engine
//! shares it (evaluate/pay.rs, `Payer::year`): the pieces of the year are the value in force
//! on its first day, then each value the contract may be paid that starts inside it (the one
//! in force on that day, `Timeline::within`); when a piece after the first says `au prorata`,
//! the year's amount is `Σ v_i × d_i / T` folded left from zero in rust_decimal (each product,
//! quotient and sum rounded as it rounds them), then rounded to the cent; any number of values,
//! in any year. Otherwise the value in force on the year's first day is paid (`periods`).

use super::exact::{self, Rounding};
use super::time::{date, LineTime};
use super::Parts;
use clause_compiler::evaluate::compiled::{Line, Schedule};

/// Whether line `l` may share a year by days: a yearly line (paid by `Payer::year`: advance
/// and balance, each year, each following year, the variable part alone) with a value `au
/// prorata` after its first.
pub fn shares(line: &Line, time: &LineTime) -> bool {
    matches!(
        line.schedule,
        Schedule::Annual { .. }
            | Schedule::EachYear
            | Schedule::FollowingYears
            | Schedule::VariableOnly
    ) && time.periods.iter().skip(1).any(|q| q.prorated)
}

/// The rules of several periods this target does not carry (an error in French): a value `au
/// prorata` after the first of a mission's envelope paid by an advance at its start (its
/// prorated first year, fixed and variable parts, by a shared year: not carried yet). A yearly
/// line shares its years by days (`columns`); a one-off payment or a crisis's reads the value
/// in force on its day, as the engine's `once` and `on` do (no prorata).
pub fn check(p: &Parts<'_>, times: &[LineTime]) -> Result<(), String> {
    let c = p.compiled;
    for (l, line) in c.lines.iter().enumerate() {
        let later_prorated = times[l].periods.iter().skip(1).any(|q| q.prorated);
        // A one-off payment and a crisis's read the value in force on their day (`once`,
        // `on`): no prorata.
        let carried = shares(line, &times[l])
            || matches!(
                line.schedule,
                Schedule::AtSignature
                    | Schedule::FirstYear
                    | Schedule::LetterOfIntent
                    | Schedule::EachCrisis
            );
        if later_prorated && !carried {
            let name = &c.version.values[line.value].name;
            return Err(super::time::refuse(
                &c.version.name,
                format!(
                    "la ligne `{name}` partage au prorata une année entre plusieurs valeurs, ce que la cible SQL ne fait que pour une ligne annuelle (`chaque année`, `chaque année suivante`, avance et solde, `variable selon atteinte` seule), un versement ponctuel ou à chaque crise"
                ),
            ));
        }
    }
    Ok(())
}

/// For each line that `shares` and each contract year `y`: whether the year is shared
/// (`prd{l}y{y}_sh`), whether each value it reads is payable (`_ok`: present, not negative),
/// its amount in cents (`_du`), its advance (`_av`) and its part by the year's achievement
/// (`_nv`, `cent_product`).
pub fn columns(p: &Parts<'_>, times: &[LineTime], from: &str, out: &mut String) -> String {
    let c = p.compiled;
    let d = p.d;
    let int = d.int();
    let mut operands = Vec::new();
    let mut plans = Vec::new();
    let mut outputs = Vec::new();
    for (l, line) in c.lines.iter().enumerate() {
        let time = &times[l];
        if !shares(line, time) {
            continue;
        }
        let mut starts: Vec<chrono::NaiveDate> =
            time.periods.iter().filter_map(|q| q.from).collect();
        starts.sort_unstable();
        starts.dedup();
        let adv = super::periods::advance_of(line);
        let adv = (p.decimal(adv, adv.scale()), adv.scale().to_string());
        for y in 1..=p.years {
            let x = format!("pr{l}y{y}");
            let (sy, ey) = (format!("a{}", y - 1), format!("a{y}"));
            // The pieces' first days: the year's, then each date of effect inside it.
            let mut days = vec![sy.clone()];
            days.extend(starts.iter().map(|f| date(*f)));
            let present: Vec<String> = days
                .iter()
                .enumerate()
                .map(|(i, day)| {
                    if i == 0 {
                        return format!("({}) IS NOT NULL", time.at(day));
                    }
                    let f = starts[i - 1];
                    let open: Vec<String> = time
                        .periods
                        .iter()
                        .filter(|q| q.from == Some(f))
                        .map(|q| q.open())
                        .collect();
                    format!(
                        "({sy} < {day} AND {day} < {ey} AND ({}))",
                        open.join(" OR ")
                    )
                })
                .collect();
            let pick = |i: usize, what: &dyn Fn(usize) -> String| {
                let mut case = format!("CASE ({})", time.at(&days[i]));
                for j in 0..time.periods.len() {
                    case.push_str(&format!(" WHEN {j} THEN {}", what(j)));
                }
                case.push_str(" END");
                case
            };
            let suffix = |j: usize| time.periods[j].suffix.clone();
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
                let value = |part: &str| {
                    format!(
                        "CASE WHEN {here} THEN {} END",
                        pick(i, &|j| format!("l{l}{}_{part}", suffix(j)))
                    )
                };
                operands.extend([
                    (format!("{x}_v{i}m"), value("am")),
                    (format!("{x}_v{i}e"), value("ae")),
                    (
                        format!("{x}_d{i}"),
                        format!("CAST(({until}) - {day} AS {int})"),
                    ),
                ]);
                ok.push(format!(
                    "(NOT {here} OR coalesce({}, FALSE))",
                    pick(i, &|j| {
                        let s = suffix(j);
                        format!("l{l}{s}_ok AND l{l}{s}_am >= 0")
                    })
                ));
                if i > 0 {
                    let before = present[..i].join(" OR ");
                    let prorated =
                        pick(i, &|j| time.periods[j].prorated.to_string().to_uppercase());
                    shared.push(format!(
                        "({here} AND ({before}) AND coalesce({prorated}, FALSE))"
                    ));
                }
            }
            if shared.is_empty() {
                shared.push("FALSE".into());
            }
            operands.extend([
                (
                    format!("{x}_t"),
                    // A difference of dates cast first: Spark's is an `INTERVAL DAY`, which
                    // `greatest` does not compare with a number.
                    format!("greatest(CAST(({ey}) - ({sy}) AS {int}), CAST(1 AS {int}))"),
                ),
                (
                    format!("prd{l}y{y}_sh"),
                    format!("coalesce({}, FALSE)", shared.join(" OR ")),
                ),
                (format!("prd{l}y{y}_ok"), ok.join(" AND ")),
            ]);
            // Each value times its days, over the year's days, side by side; then the sum
            // from zero, piece after piece, skipping the absent ones.
            let mut plan = exact::Plan::new();
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
                    format!(
                        "CASE WHEN {x}_q{i}_m IS NULL THEN {prev}_m ELSE {sum}_m END AS {next}_m"
                    ),
                    format!(
                        "CASE WHEN {x}_q{i}_m IS NULL THEN {prev}_e ELSE {sum}_e END AS {next}_e"
                    ),
                ]);
            }
            let s = format!("{x}_s{}", days.len() - 1);
            let rate = line.mission.map_or_else(
                || (format!("CAST(0 AS {int})"), "0".to_string()),
                |m| super::pay::achievement(p, m, &y.to_string()),
            );
            operands.extend([(format!("{x}_rm"), rate.0), (format!("{x}_re"), rate.1)]);
            plan.extend(exact::merge(vec![
                exact::mul(
                    d,
                    &format!("{x}_a"),
                    (&format!("{s}_m"), &format!("{s}_e")),
                    (&adv.0, &adv.1),
                ),
                exact::mul(
                    d,
                    &format!("{x}_n"),
                    (&format!("{s}_m"), &format!("{s}_e")),
                    (&format!("{x}_rm"), &format!("{x}_re")),
                ),
                exact::round(
                    d,
                    &format!("{x}_c"),
                    (&format!("{s}_m"), &format!("{s}_e")),
                    2,
                    Rounding::HalfAwayFromZero,
                ),
            ]));
            plan.extend(exact::merge(
                ["a", "n"]
                    .map(|o| {
                        exact::round(
                            d,
                            &format!("{x}_{o}c"),
                            (&format!("{x}_{o}_m"), &format!("{x}_{o}_e")),
                            2,
                            Rounding::HalfAwayFromZero,
                        )
                    })
                    .to_vec(),
            ));
            let cents = |m: &str, e: &str| format!("{m} * {}", exact::p10(d, &format!("2 - {e}")));
            plan.push(vec![
                format!(
                    "{} AS prd{l}y{y}_du",
                    cents(&format!("{x}_c_m"), &format!("{x}_c_e"))
                ),
                format!(
                    "{} AS prd{l}y{y}_av",
                    cents(&format!("{x}_ac_m"), &format!("{x}_ac_e"))
                ),
                format!(
                    "{} AS prd{l}y{y}_nv",
                    cents(&format!("{x}_nc_m"), &format!("{x}_nc_e"))
                ),
            ]);
            plans.push(plan);
            outputs.extend(["sh", "ok", "du", "av", "nv"].map(|o| format!("prd{l}y{y}_{o}")));
        }
    }
    exact::emit_narrow(
        out,
        d,
        from,
        ("prorata", "Année partagée au prorata entre les valeurs qui s'y succèdent : Σ valeur × ses jours / jours de l'année, de gauche à droite depuis zéro (rust_decimal), puis au centime"),
        &exact::Steps {
            operands: &operands,
            plan: &exact::merge(plans),
            outputs: &outputs,
        },
    )
}
