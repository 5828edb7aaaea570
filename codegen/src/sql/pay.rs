//! The amounts: each line's fixed and variable parts per band, the prorated first year, the
//! variable part by achievement, then the yearly funding and the totals per contract year.
//! A decimal is an exact integer mantissa; each product is rounded as rust_decimal rounds it
//! (at most 28 decimals and a mantissa under 2^96, half to even), each payment to the cent
//! (half away from zero).

use super::contract_years::achievement;
use super::{comment_lines, exact, Parts};
use crate::headings;
use clause_compiler::evaluate::compiled::Schedule;
use rust_decimal::Decimal;

/// The CTEs after `choix`, ending with `totaux`.
pub fn ctes(p: &Parts<'_>) -> Result<String, String> {
    let c = p.compiled;
    let d = p.d;
    let int = d.int();
    let bands = c.static_values.len().max(1);
    let amount = |band: usize, value: usize| c.static_amount(band, value);
    let pow10 = |e: &str| exact::p10(d, e);
    let mut out = String::new();
    // 0. Each line's period in time.
    let times: Vec<_> = (0..c.lines.len())
        .map(|l| super::time::line_time(p, l))
        .collect();
    // Values computed from each case's inputs, this version's or a base's (a period's amount
    // or condition): the lines' parts come from `formulas`.
    let dynamic = c.needs_inputs
        || times.iter().any(|t| {
            t.periods
                .iter()
                .any(|q| q.computed || !q.conditions.is_empty())
        });
    // 1. Per band: each line's parts, its due and advance in cents.
    let mut cols = Vec::new();
    for (l, line) in c.lines.iter().enumerate() {
        if dynamic {
            // Computed row by row (`formulas`), commented there.
            break;
        }
        let value = &c.version.values[line.value];
        let mut lines = headings::line(
            l,
            value,
            &c.provenance[line.value],
            &line.rule,
            value.payments.iter().map(|r| p.at(r.span)),
            &line.hypotheses,
        );
        let advance = match line.schedule {
            Schedule::Annual { advance, .. } | Schedule::Mission { advance, .. } => advance,
            _ => Decimal::ONE,
        };
        let band_name = |band: usize| {
            c.band_set
                .and_then(|set| c.version.band_sets[set].bands.get(band))
                .map_or_else(
                    || "sans tranche".to_string(),
                    |b| format!("tranche {}", b.name),
                )
        };
        let mut shown = Vec::new();
        for band in 0..bands {
            if let Some(a) = amount(band, line.value) {
                shown.push(format!("{} : {a} €", band_name(band)));
            } else {
                shown.push(format!("{} : non précisé", band_name(band)));
            }
        }
        lines.push(shown.join(", "));
        let mut text = String::new();
        comment_lines(&lines, &mut text);
        for t in text.lines() {
            cols.push(format!("__COMMENT__{t}"));
        }
        super::periods::static_columns(
            p,
            (c, "tranche_n", line.value),
            line,
            advance,
            &format!("l{l}"),
            &mut cols,
        );
    }
    if !dynamic {
        cols.push("TRUE AS clause_eligible".into());
    }
    // The amounts of a base's period, by that base's band (`tranches_bases`).
    super::periods::base_columns(p, &times, &mut cols);
    // Anniversaries of the signature (a0 is the signature).
    let sig = format!("v{}", p.signature());
    for k in 0..=p.years {
        cols.push(format!("{} AS a{k}", p.shift(&sig, &(12 * k).to_string())));
    }
    let mut from = if dynamic {
        let last = super::formulas::ctes(p, &times, &mut out)?;
        // What the next steps read: the row as `choix` has it, each line's parts, the
        // conditions; the formulas' intermediate columns stay behind (PostgreSQL allows 1 664
        // columns in a row).
        let mut keep = p.choix_columns();
        for (l, time) in times.iter().enumerate() {
            let suffixes = std::iter::once("").chain(
                time.periods
                    .iter()
                    .filter(|q| q.computed)
                    .map(|q| q.suffix.as_str()),
            );
            for suffix in suffixes {
                keep.extend(
                    ["fixe", "fe", "var", "ve", "du", "av", "am", "ae", "ok"]
                        .map(|part| format!("l{l}{suffix}_{part}")),
                );
            }
        }
        keep.push("clause_eligible".into());
        keep.extend(super::formulas::base_conditions(&times));
        keep.extend((0..c.version.conditions.len()).map(|i| format!("clause_cond{i}")));
        out.push_str(&format!(
            "-- Les valeurs calculées que la suite lit (parts de chaque ligne, conditions)\nformules_resultats AS (\n  SELECT {}\n  FROM {last}\n),\n",
            keep.join(", ")
        ));
        "formules_resultats".to_string()
    } else {
        "choix".to_string()
    };
    let bases = super::periods::base_bands(p, &times);
    if !bases.is_empty() {
        stage(
            &mut out,
            "tranches_bases",
            &from,
            &bases,
            "La tranche de chaque base dont une ligne paie une période",
        );
        from = "tranches_bases".into();
    }
    stage(&mut out, "valeurs", &from, &cols, "Montants par tranche (mantisse et échelle de chaque part ; du et av : en centimes), anniversaires de la signature, atteintes");
    // 2. Each mission's first contract year and the share of it from its start.
    let mut cols = Vec::new();
    for m in 0..c.version.missions.len() {
        let start = format!("v{}", p.mission_col(m, "debut"));
        let count: Vec<String> = (1..=p.years)
            .map(|k| format!("CASE WHEN a{k} <= {start} THEN 1 ELSE 0 END"))
            .collect();
        cols.push(format!(
            "CASE WHEN {start} IS NOT NULL THEN 1 + {} END AS fy{m}",
            if count.is_empty() {
                "0".into()
            } else {
                count.join(" + ")
            }
        ));
    }
    stage(
        &mut out,
        "annees",
        "valeurs",
        &cols,
        "Première année de contrat de chaque mission (1 + anniversaires passés à son début)",
    );
    let mut cols = Vec::new();
    for m in 0..c.version.missions.len() {
        let start = format!("v{}", p.mission_col(m, "debut"));
        let pick = |offset: usize| {
            if p.years == 0 {
                return "CAST(NULL AS DATE)".to_string();
            }
            let mut case = format!("CASE fy{m}");
            for y in 1..=p.years {
                case.push_str(&format!(" WHEN {y} THEN a{}", y - offset));
            }
            case.push_str(" END");
            case
        };
        cols.push(format!("{} AS ys{m}", pick(1)));
        cols.push(format!("{} AS ye{m}", pick(0)));
        let _ = start;
    }
    stage(
        &mut out,
        "bornes",
        "annees",
        &cols,
        "Bornes de la première année de chaque mission",
    );
    // Share of the first year: days from the start (included) to the anniversary (excluded)
    // over the days of that year, at 28 decimals, half to even (ties cannot occur: 365 and 366
    // have prime factors other than 2 and 5).
    let e28 = pow10("28");
    let mut cols = Vec::new();
    for m in 0..c.version.missions.len() {
        let start = format!("v{}", p.mission_col(m, "debut"));
        let (num, den) = (
            format!("CAST(ye{m} - {start} AS {int}) * {e28}"),
            format!("CAST(ye{m} - ys{m} AS {int})"),
        );
        let q = d.idiv(&format!("2 * {num} + {den}"), &format!("2 * {den}"));
        cols.push(format!(
            "CASE WHEN {start} > ys{m} THEN {q} ELSE {e28} END AS q{m}"
        ));
    }
    stage(
        &mut out,
        "parts",
        "bornes",
        &cols,
        "Part de la première année (échelle 28)",
    );
    // 3. Products, then rounded as the engine rounds.
    let zero = (format!("CAST(0 AS {int})"), "0".to_string());
    let mut fits: Vec<Fit> = Vec::new();
    for (l, line, s) in suffixes(c, &times) {
        let rate = |y: usize| {
            line.mission
                .map_or(zero.clone(), |m| achievement(p, m, &y.to_string()))
        };
        let (fixe, var) = (
            (format!("l{l}{s}_fixe"), format!("l{l}{s}_fe")),
            (format!("l{l}{s}_var"), format!("l{l}{s}_ve")),
        );
        if line.schedule.is_annual() && s.is_empty() {
            fits.push((format!("tv{l}"), var.clone(), rate(1)));
        }
        if let Some(m) = line.mission {
            if matches!(line.schedule, Schedule::Mission { .. }) {
                let share = (format!("q{m}"), "28".to_string());
                fits.push((format!("ef{l}{s}"), fixe.clone(), share.clone()));
                fits.push((format!("ev{l}{s}"), var.clone(), share));
            }
        }
        if matches!(
            line.schedule,
            Schedule::Mission { .. } | Schedule::VariableOnly
        ) {
            // The variable part of each contract year, at that year's achievement.
            for y in 1..=p.years {
                fits.push((format!("nv{l}{s}y{y}"), var.clone(), rate(y)));
            }
        }
    }
    let last = fit_stages(&mut out, "parts", "arrondi", &fits, p);
    let mut fits = Vec::new();
    for (l, line, s) in suffixes(c, &times) {
        if let (Some(m), Schedule::Mission { advance, .. }) = (line.mission, &line.schedule) {
            fits.push((
                format!("pa{l}{s}"),
                (format!("ef{l}{s}_m"), format!("ef{l}{s}_e")),
                (
                    p.decimal(*advance, advance.scale()),
                    advance.scale().to_string(),
                ),
            ));
            fits.push((
                format!("pv{l}{s}"),
                (format!("ev{l}{s}_m"), format!("ev{l}{s}_e")),
                achievement(p, m, &format!("fy{m}")),
            ));
        }
    }
    let last = fit_stages(&mut out, &last, "arrondi_b", &fits, p);
    let last = super::pay_totals::annual_sum(p, &last, &mut out);
    // The contract year of each dated line's first day (a one-off payment moved to it).
    let mut cols: Vec<String> = times
        .iter()
        .enumerate()
        .filter_map(|(l, time)| {
            time.from().map(|f| {
                format!(
                    "{} AS yf{l}",
                    super::contract_years::year_of(p, &super::time::date(f))
                )
            })
        })
        .collect();
    cols.extend(super::periods::first_years(p, &times));
    stage(
        &mut out,
        "periodes",
        &last,
        &cols,
        "Année de contrat du premier jour de chaque ligne datée (1 + anniversaires passés ce jour-là)",
    );
    let last = super::prorata::columns(p, &times, "periodes", &mut out);
    out.push_str(&super::pay_totals::totals(p, &last, &times));
    Ok(out)
}

fn stage(out: &mut String, name: &str, from: &str, cols: &[String], comment: &str) {
    out.push_str(&format!("-- {comment}\n{name} AS (\n  SELECT {from}.*"));
    // A comment goes after the comma, above the column it describes.
    let mut comma = false;
    for col in cols {
        if !comma {
            out.push(',');
        }
        if let Some(text) = col.strip_prefix("__COMMENT__") {
            comma = true;
            out.push_str(&format!("\n    {text}"));
        } else {
            comma = false;
            out.push_str(&format!("\n    {col}"));
        }
    }
    out.push_str(&format!("\n  FROM {from}\n),\n"));
}

/// A product to round: its name, then its operands as (mantissa, scale) under 2^96.
type Fit = (String, (String, String), (String, String));

/// Stages rounding each product as rust_decimal rounds it (`exact::mul`), then the result as a
/// mantissa of scale 28 (`name`) for the payments' cents.
fn fit_stages(out: &mut String, from: &str, prefix: &str, fits: &[Fit], p: &Parts<'_>) -> String {
    let d = p.d;
    let mut plans = Vec::new();
    let mut operands = Vec::new();
    let mut outputs = Vec::new();
    for (name, a, b) in fits {
        for (suffix, expr) in [("am", &a.0), ("ae", &a.1), ("bm", &b.0), ("be", &b.1)] {
            operands.push((format!("{name}_{suffix}"), expr.clone()));
        }
        let mut plan = exact::mul(
            d,
            name,
            (&format!("{name}_am"), &format!("{name}_ae")),
            (&format!("{name}_bm"), &format!("{name}_be")),
        );
        plan.push(vec![format!(
            "{name}_m * {} AS {name}",
            exact::p10(d, &format!("28 - {name}_e"))
        )]);
        plans.push(plan);
        // A year's variable part (`nv…`) is read at scale 28 only: its mantissa and scale
        // stay in the step (PostgreSQL allows 1 664 columns in a row).
        if !name.starts_with("nv") {
            outputs.extend([format!("{name}_m"), format!("{name}_e")]);
        }
        outputs.push(name.clone());
    }
    let plan = exact::merge(plans);
    exact::emit_narrow(
        out,
        d,
        from,
        (prefix, "Produits arrondis comme rust_decimal les arrondit (mantisse sous 2^96, 28 décimales au plus), ramenés à l'échelle 28"),
        &exact::Steps {
            operands: &operands,
            plan: &plan,
            outputs: &outputs,
        },
    )
}

/// Each line with the suffix of each set of its columns: "" (this version's amounts), then
/// `p{j}` for a base's period (`periods`).
fn suffixes<'a>(
    c: &'a clause_compiler::evaluate::CompiledVersion<'a>,
    times: &[super::time::LineTime],
) -> Vec<(usize, &'a clause_compiler::evaluate::compiled::Line, String)> {
    let mut out = Vec::new();
    for (l, line) in c.lines.iter().enumerate() {
        out.push((l, line, String::new()));
        for period in times[l].periods.iter().filter(|q| q.base.is_some()) {
            out.push((l, line, period.suffix.clone()));
        }
    }
    out
}
