//! The last step: `financement_annee_pleine` (the yearly funding of every engaged mission in place, the variable
//! part at the achievement of year 1) and each contract year's payments, in cents, counted
//! only when paid by the end of the contract.

use super::periods;
use super::time::{date, LineTime};
use super::Parts;
use clause_compiler::evaluate::compiled::{Line, Schedule};

pub fn totals(p: &Parts<'_>, from: &str, times: &[LineTime]) -> String {
    let c = p.compiled;
    let d = p.d;
    let int = d.int();
    // A case that fails a condition of the version is paid nothing.
    let engaged = |mission: Option<usize>| engaged(p, mission);
    // financement_annee_pleine, at scale 28.
    let annual = annual_lines(p);
    let total = if annual.is_empty() {
        format!("CAST(NULL AS {})", d.text_type())
    } else {
        let missing: Vec<String> = annual
            .iter()
            .map(|l| format!("({} AND NOT l{l}_ok)", engaged(c.lines[*l].mission)))
            .collect();
        format!(
            "CASE WHEN clause_eligible AND NOT ({}) THEN {} END",
            missing.join(" OR "),
            euros(p, "clause_total_m", "clause_total_e")
        )
    };
    let mut cols = vec![format!("{total} AS financement_annee_pleine")];
    for y in 1..=p.years {
        let mut terms = Vec::new();
        for (l, line) in c.lines.iter().enumerate() {
            let time = &times[l];
            let term = match time.single() {
                Some(_) => single_term(p, l, y, time),
                None => multi_term(p, l, y, time),
            };
            if let Some(term) = term {
                let mut head = vec![format!(
                    "[ligne {l}] {} ({})",
                    c.version.values[line.value].name,
                    p.at(c.version.values[line.value].origin.span)
                )];
                head.extend(time.comments.iter().cloned());
                let mut text = String::new();
                super::comment_lines(&head, &mut text);
                terms.push(format!(
                    "{}\n      {term}",
                    text.trim_end().replace('\n', "\n      ")
                ));
            }
        }
        let sum = if terms.is_empty() {
            format!("CAST(0 AS {int})")
        } else {
            terms.join("\n      + ")
        };
        cols.push(format!(
            "CASE WHEN fin IS NOT NULL THEN {} END AS annee_{y}",
            euros_cents(p, &format!("(\n      {sum})"))
        ));
    }
    let mut out = format!(
        "-- Financement annuel et totaux par année de contrat\ntotaux AS (\n  SELECT {from}.*"
    );
    for col in cols {
        out.push_str(&format!(",\n    {col}"));
    }
    out.push_str(&format!("\n  FROM {from}\n)\n"));
    out
}

/// Cents as the CSV writes euros: a point, two decimals.
fn euros_cents(p: &Parts<'_>, x: &str) -> String {
    let d = p.d;
    format!(
        "{} || '.' || lpad({}, 2, '0')",
        d.text(&d.idiv(x, "100")),
        d.text(&format!("{x} % 100"))
    )
}

/// A number (mantissa ≥ 0, scale) as the CSV writes euros: at least two decimals, no
/// trailing zero beyond them.
fn euros(p: &Parts<'_>, m: &str, e: &str) -> String {
    let d = p.d;
    let unit = super::exact::p10(d, e);
    let whole = d.idiv(m, &unit);
    let frac = format!(
        "rtrim(lpad({}, CAST({e} AS INTEGER), '0'), '0')",
        d.text(&format!("{m} % {unit}"))
    );
    format!(
        "{} || '.' || CASE WHEN length({frac}) < 2 THEN rpad({frac}, 2, '0') ELSE {frac} END",
        d.text(&whole)
    )
}

/// The full-year funding as the engine adds it up: each annual line's contribution (fixed
/// part + variable part × achievement, a rust_decimal sum), then the running total line after
/// line, each sum rounded as rust_decimal rounds it. Columns `clause_total_m`, `_e`.
pub fn annual_sum(p: &Parts<'_>, from: &str, out: &mut String) -> String {
    let c = p.compiled;
    let d = p.d;
    let engaged = |mission: Option<usize>| engaged(p, mission);
    let annual = annual_lines(p);
    // The operands, then the sums on them alone (`exact::emit_narrow`).
    let mut operands = Vec::new();
    let mut contributions = Vec::new();
    for l in &annual {
        let counted = format!("{} AND l{l}_ok", engaged(c.lines[*l].mission));
        for (name, column) in [
            ("fm", format!("l{l}_fixe")),
            ("fe", format!("l{l}_fe")),
            ("vm", format!("tv{l}_m")),
            ("ve", format!("tv{l}_e")),
        ] {
            operands.push((
                format!("co{l}_{name}"),
                format!("CASE WHEN {counted} THEN {column} ELSE 0 END"),
            ));
        }
        contributions.push(super::exact::add(
            d,
            &format!("ca{l}"),
            (&format!("co{l}_fm"), &format!("co{l}_fe")),
            (&format!("co{l}_vm"), &format!("co{l}_ve")),
            false,
        ));
    }
    let mut plan = super::exact::merge(contributions);
    let mut total = ("CAST(0 AS INTEGER)".to_string(), "0".to_string());
    for (i, l) in annual.iter().enumerate() {
        let c = (format!("ca{l}_m"), format!("ca{l}_e"));
        if i == 0 {
            total = c;
            continue;
        }
        let x = format!("ct{l}");
        plan.extend(super::exact::add(
            d,
            &x,
            (&total.0, &total.1),
            (&c.0, &c.1),
            false,
        ));
        total = (format!("{x}_m"), format!("{x}_e"));
    }
    plan.push(vec![
        format!("{} AS clause_total_m", total.0),
        format!("{} AS clause_total_e", total.1),
    ]);
    super::exact::emit_narrow(
        out,
        d,
        from,
        ("somme", "financement_annee_pleine : chaque contribution (part fixe + part variable × atteinte), puis le total ligne après ligne, chaque somme arrondie comme rust_decimal l'arrondit"),
        &super::exact::Steps {
            operands: &operands,
            plan: &plan,
            outputs: &["clause_total_m".into(), "clause_total_e".into()],
        },
    )
}

/// Whether a line of `mission` is paid to this row: the case meets the version's conditions
/// and, for a mission, engages it.
fn engaged(p: &Parts<'_>, mission: Option<usize>) -> String {
    mission.map_or("clause_eligible".to_string(), |m| {
        format!("clause_eligible AND v{}", p.mission_col(m, "engage"))
    })
}

/// The lines paid every contract year (`Schedule::is_annual`).
fn annual_lines(p: &Parts<'_>) -> Vec<usize> {
    (0..p.compiled.lines.len())
        .filter(|l| p.compiled.lines[*l].schedule.is_annual())
        .collect()
}

/// Whether a payment on `date` is made (by the end of the contract).
fn paid(date: &str, amount: &str) -> String {
    format!("CASE WHEN {date} <= fin THEN {amount} ELSE 0 END")
}

/// The day a line's payments count from: its mission's start, else the signature; and the
/// contract year of that day.
fn start_of(p: &Parts<'_>, line: &Line) -> (String, String) {
    let sig = format!("v{}", p.signature());
    let start = line
        .mission
        .map_or(sig, |m| format!("v{}", p.mission_col(m, "debut")));
    let first = line.mission.map_or("1".to_string(), |m| format!("fy{m}"));
    (start, first)
}

/// Year `y`'s term of a line paid by the value in force on a day (a yearly payment, a
/// mission's): its columns `l{l}{s}_…`, paid when `open(day)` holds for the day it reads.
fn day_term(
    p: &Parts<'_>,
    (l, y, s): (usize, usize, &str),
    open: &dyn Fn(&str) -> String,
    shared: bool,
) -> Option<String> {
    let c = p.compiled;
    let d = p.d;
    let cent = |x: &str| {
        d.idiv(
            &format!("{x} + {}", d.lit("50000000000000000000000000")),
            &super::exact::p10(d, "26"),
        )
    };
    let line = &c.lines[l];
    // A shared year reads several values: whether each is payable is `open`'s (`prd…_ok`).
    let eng = if shared {
        engaged(p, line.mission)
    } else {
        format!("{} AND l{l}{s}_ok", engaged(p, line.mission))
    };
    let (start, first) = start_of(p, line);
    // The line in force on the first day of year y (`a{y-1}`).
    let year_open = open(&format!("a{}", y - 1));
    // The year shared by days: its amount (`prorata`).
    let (du, av) = if shared {
        (format!("prd{l}y{y}_du"), format!("prd{l}y{y}_av"))
    } else {
        (format!("l{l}{s}_du"), format!("l{l}{s}_av"))
    };
    match &line.schedule {
        Schedule::Annual { balance, .. } => {
            let mut t = paid(&format!("a{}", y - 1), &av);
            if *balance {
                t = format!("{t} + {}", paid(&format!("a{y}"), &format!("{du} - {av}")));
            }
            Some(format!("CASE WHEN {eng} AND {year_open} THEN {t} ELSE 0 END"))
        }
        Schedule::Mission {
            prorated,
            balance,
            variable,
            ..
        } => line.mission.map(|m| {
            let pro = if *prorated {
                format!("fy{m} = {y} AND v{} > ys{m}", p.mission_col(m, "debut"))
            } else {
                "FALSE".into()
            };
            let (du, av, var) = if shared {
                // The year shared by days: its parts, prorated first year included (`prorata`).
                let [du, av, var] = ["du", "av", "nv"].map(|o| format!("prd{l}y{y}_{o}"));
                (du, av, var)
            } else {
                (
                    format!(
                        "CASE WHEN {pro} THEN {} ELSE l{l}{s}_du END",
                        cent(&format!("ef{l}{s}"))
                    ),
                    format!(
                        "CASE WHEN {pro} THEN {} ELSE l{l}{s}_av END",
                        cent(&format!("pa{l}{s}"))
                    ),
                    format!(
                        "CASE WHEN {pro} THEN {} ELSE {} END",
                        cent(&format!("pv{l}{s}")),
                        cent(&format!("nv{l}{s}y{y}"))
                    ),
                )
            };
            let from = format!("CASE WHEN fy{m} = {y} THEN {start} ELSE a{} END", y - 1);
            let mut end = Vec::new();
            if *balance {
                end.push(format!("({du}) - ({av})"));
            }
            if *variable {
                end.push(format!("({var})"));
            }
            let mut t = paid(&format!("({from})"), &format!("({av})"));
            if !end.is_empty() {
                t = format!("{t} + {}", paid(&format!("a{y}"), &end.join(" + ")));
            }
            let open = open(&format!("({from})"));
            format!("CASE WHEN {eng} AND {start} IS NOT NULL AND fy{m} <= {y} AND {open} THEN {t} ELSE 0 END")
        }),
        Schedule::FollowingYears => Some(format!(
            "CASE WHEN {eng} AND {start} IS NOT NULL AND {first} < {y} AND {year_open} THEN {} ELSE 0 END",
            paid(&format!("a{}", y - 1), &du)
        )),
        Schedule::EachYear => Some(format!(
            "CASE WHEN {eng} AND {year_open} THEN {} ELSE 0 END",
            paid(&format!("a{y}"), &du)
        )),
        Schedule::VariableOnly => {
            // A shared year: its amount × the year's achievement (`prorata`).
            let due = if shared {
                format!("prd{l}y{y}_nv")
            } else {
                cent(&format!("nv{l}{s}y{y}"))
            };
            Some(format!(
                "CASE WHEN {eng} AND {year_open} THEN {} ELSE 0 END",
                paid(&format!("a{y}"), &due)
            ))
        }
        // Each crisis of the cell `crises` in year y: the value in force on its day, paid that
        // day (evaluate/pay.rs, `EachCrisis`). Each term is made in a projection, then summed:
        // Spark aggregates no expression that reads both the subquery's rows and the outer row.
        // Spark sums over the array of the row's crises instead (`Parts::crisis_dates_spark`:
        // a correlated subquery there copies the whole chain of steps).
        Schedule::EachCrisis => p.crisis_dates().map(|crises| {
            let term = format!(
                "CASE WHEN {} = {y} AND {} THEN {} ELSE 0 END",
                super::contract_years::year_of(p, "clause_crise"),
                open("clause_crise"),
                paid("clause_crise", &du)
            );
            let sum = match p.crisis_dates_spark() {
                Some(dates) => format!(
                    "coalesce(aggregate({dates}, {zero}, (clause_somme, clause_crise) -> CAST(clause_somme + ({term}) AS {int})), {zero})",
                    zero = p.d.lit("0"),
                    int = p.d.int()
                ),
                None => format!(
                    "(SELECT coalesce(sum(clause_terme), 0) FROM (SELECT {term} AS clause_terme FROM ({crises}) AS clause_crises) AS clause_termes)"
                ),
            };
            format!("CASE WHEN {eng} THEN {sum} ELSE 0 END")
        }),
        _ => None,
    }
}

/// Year `y`'s term of a line of one period, this version's amounts.
fn single_term(p: &Parts<'_>, l: usize, y: usize, time: &LineTime) -> Option<String> {
    let c = p.compiled;
    let line = &c.lines[l];
    let eng = format!("{} AND l{l}_ok", engaged(p, line.mission));
    let sig = format!("v{}", p.signature());
    let (start, first) = start_of(p, line);
    // The contract year of the line's first day (`periodes`).
    let yf = format!("yf{l}");
    let term = match &line.schedule {
        // A one-off payment: on its day when the line is in force then, else on the
        // line's first day (evaluate/run.rs, `once`), in that day's contract year.
        Schedule::AtSignature => Some(match time.from() {
            None if y == 1 => format!("CASE WHEN {eng} THEN l{l}_du ELSE 0 END"),
            None => "0".into(),
            Some(f) => {
                let f = date(f);
                let on_sig = if y == 1 { format!("l{l}_du") } else { "0".into() };
                format!(
                    "CASE WHEN NOT ({eng}) THEN 0 WHEN {f} <= {sig} THEN {on_sig} WHEN {yf} = {y} THEN {} ELSE 0 END",
                    paid(&f, &format!("l{l}_du"))
                )
            }
        }),
        Schedule::FirstYear => Some(match time.from() {
            None => format!(
                "CASE WHEN {eng} AND {start} IS NOT NULL AND {first} = {y} THEN {} ELSE 0 END",
                paid(&start, &format!("l{l}_du"))
            ),
            Some(f) => {
                let f = date(f);
                format!(
                    "CASE WHEN NOT ({eng}) OR {start} IS NULL THEN 0 WHEN {f} <= {start} THEN CASE WHEN {first} = {y} THEN {} ELSE 0 END WHEN {yf} = {y} THEN {} ELSE 0 END",
                    paid(&start, &format!("l{l}_du")),
                    paid(&f, &format!("l{l}_du"))
                )
            }
        }),
        // Paid on the validation of the letter of intent: year 0, which the CSV does
        // not show; a line taking effect after the letter is paid on its first day.
        Schedule::LetterOfIntent => time.from().map(|f| {
            let f = date(f);
            let letter = format!("v{}", p.col("lettre_intention").unwrap_or(0));
            format!(
                "CASE WHEN {eng} AND {letter} IS NOT NULL AND {f} > {letter} AND {yf} = {y} THEN {} ELSE 0 END",
                paid(&f, &format!("l{l}_du"))
            )
        }),
        _ => day_term(p, (l, y, ""), &|day: &str| time.in_force(day), false),
    };
    match (term, time.refused()) {
        (Some(term), Some(refused)) => Some(format!("CASE WHEN {refused} THEN 0 ELSE {term} END")),
        (term, _) => term,
    }
}

/// Year `y`'s term of a line of several periods (`periods`): the value in force on the day
/// each payment reads, the year straddled `au prorata` shared by days.
fn multi_term(p: &Parts<'_>, l: usize, y: usize, time: &LineTime) -> Option<String> {
    let c = p.compiled;
    let line = &c.lines[l];
    let eng = engaged(p, line.mission);
    let sig = format!("v{}", p.signature());
    let (start, first) = start_of(p, line);
    match &line.schedule {
        Schedule::AtSignature => Some(periods::once(l, time, y, (&sig, Some("1")), &eng)),
        Schedule::FirstYear => Some(periods::once(l, time, y, (&start, Some(&first)), &eng)),
        Schedule::LetterOfIntent => {
            let letter = format!("v{}", p.col("lettre_intention").unwrap_or(0));
            Some(periods::once(l, time, y, (&letter, None), &eng))
        }
        _ => {
            // The year shared by days (`prorata`), when the line may share one.
            let shared = super::prorata::shares(line, time).then(|| {
                let ok = format!("prd{l}y{y}_ok");
                let term = day_term(p, (l, y, ""), &|_: &str| ok.clone(), true)
                    .unwrap_or_else(|| "0".into());
                (format!("prd{l}y{y}_sh"), term)
            });
            periods::by_day(
                time,
                &|s: &str, open: &dyn Fn(&str) -> String| day_term(p, (l, y, s), open, false),
                shared,
            )
        }
    }
}
