//! The amounts: each line's fixed and variable parts per band, the prorated first year, the
//! variable part by achievement, then the yearly funding and the totals per contract year.
//! A decimal is an exact integer mantissa; each product is rounded as rust_decimal rounds it
//! (at most 28 decimals and a mantissa under 2^96, half to even), each payment to the cent
//! (half away from zero).

use super::{comment_lines, Parts};
use clause_compiler::evaluate::compiled::{split, Schedule};
use rust_decimal::{Decimal, RoundingStrategy};

const SCALE_MAX: u32 = 28;

fn cents(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The CTEs after `choix`, ending with `totaux`.
pub fn ctes(p: &Parts<'_>) -> String {
    let c = p.compiled;
    let d = p.d;
    let int = d.int();
    // The common scale of the lines' fixed and variable parts.
    let mut sv = 0;
    let bands = c.static_values.len().max(1);
    let amount = |band: usize, value: usize| c.static_amount(band, value);
    for line in &c.lines {
        for band in 0..bands {
            if let Some(a) = amount(band, line.value) {
                let (f, v) = split(a, line);
                sv = sv.max(f.scale()).max(v.scale());
            }
        }
    }
    let sv = sv.min(SCALE_MAX);
    let pow10 = |e: &str| format!("CAST(rpad('1', CAST({e} AS INTEGER) + 1, '0') AS {int})");
    let mut out = String::new();
    // 1. Per band: each line's parts, its due and advance in cents.
    let mut cols = Vec::new();
    for (l, line) in c.lines.iter().enumerate() {
        let value = &c.version.values[line.value];
        let mut lines = vec![format!(
            "[ligne {l}] {} {}{} ({}) : {}",
            value.kind.keyword(),
            value.name,
            value
                .label
                .as_ref()
                .map_or(String::new(), |t| format!(" « {t} »")),
            c.provenance[line.value],
            line.rule
        )];
        let mut rules: Vec<String> = Vec::new();
        for at in value.payments.iter().map(|r| p.at(r.span)) {
            if !rules.contains(&at) {
                rules.push(at);
            }
        }
        if !rules.is_empty() {
            lines.push(format!("règle de versement : {}", rules.join(", ")));
        }
        lines.extend(value.sources.iter().map(|s| format!("source : {s}")));
        lines.extend(line.hypotheses.iter().map(|h| format!("hypothèse : {h}")));
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
        let mut per = |name: &str, f: &dyn Fn(Decimal) -> String| {
            let mut case = String::from("CASE tranche_n");
            for band in 0..bands {
                match amount(band, line.value) {
                    Some(a) if a >= Decimal::ZERO => {
                        case.push_str(&format!(" WHEN {band} THEN {}", f(a)))
                    }
                    Some(_) => case.push_str(&format!(" WHEN {band} THEN CAST(0 AS {int})")),
                    None => {}
                }
            }
            case.push_str(" END");
            cols.push(format!("{case} AS l{l}_{name}"));
        };
        per("fixe", &|a| p.decimal(split(a, line).0, sv));
        per("var", &|a| p.decimal(split(a, line).1, sv));
        per("du", &|a| p.decimal(cents(split(a, line).0), 2));
        per("av", &|a| p.decimal(cents(split(a, line).0 * advance), 2));
        let mut present = String::from("CASE tranche_n");
        for band in 0..bands {
            if amount(band, line.value).is_some() {
                present.push_str(&format!(" WHEN {band} THEN TRUE"));
            }
        }
        present.push_str(" ELSE FALSE END");
        cols.push(format!("{present} AS l{l}_ok"));
    }
    // Anniversaries of the signature (a0 is the signature).
    let sig = format!("v{}", p.signature());
    for k in 0..=p.years {
        cols.push(format!(
            "{} AS a{k}",
            d.add_months(&sig, &(12 * k).to_string())
        ));
    }
    // Each mission's achievement: its own rate, else the batch's `taux_atteinte`, else 0.
    let general = p
        .cols
        .iter()
        .position(|c| c.header == "taux_atteinte")
        .unwrap_or(0);
    for m in 0..c.version.missions.len() {
        let k = p.mission_col(m, "taux");
        cols.push(format!(
            "CASE WHEN r{k} IS NOT NULL THEN r{k} WHEN r{general} IS NOT NULL THEN r{general} ELSE CAST(0 AS {int}) END AS rm{m}"
        ));
        cols.push(format!(
            "CASE WHEN r{k} IS NOT NULL THEN e{k} WHEN r{general} IS NOT NULL THEN e{general} ELSE 0 END AS em{m}"
        ));
    }
    stage(&mut out, "valeurs", "choix", &cols, &format!("Montants par tranche (mantisses d'échelle {sv} ; du et av : en centimes), anniversaires de la signature, atteintes"));
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
    let mut fits: Vec<(String, String, String)> = Vec::new();
    for (l, line) in c.lines.iter().enumerate() {
        let rate = line
            .mission
            .map_or((format!("CAST(0 AS {int})"), "0".to_string()), |m| {
                (format!("rm{m}"), format!("em{m}"))
            });
        if line.schedule.is_annual() {
            fits.push((
                format!("tv{l}"),
                format!("l{l}_var * {}", rate.0),
                format!("{sv} + {}", rate.1),
            ));
        }
        if let Some(m) = line.mission {
            if matches!(line.schedule, Schedule::Mission { .. }) {
                fits.push((
                    format!("ef{l}"),
                    format!("l{l}_fixe * q{m}"),
                    format!("{}", sv + 28),
                ));
                fits.push((
                    format!("ev{l}"),
                    format!("l{l}_var * q{m}"),
                    format!("{}", sv + 28),
                ));
            }
        }
        if matches!(
            line.schedule,
            Schedule::Mission { .. } | Schedule::VariableOnly
        ) {
            fits.push((
                format!("nv{l}"),
                format!("l{l}_var * {}", rate.0),
                format!("{sv} + {}", rate.1),
            ));
        }
    }
    let last = fit_stages(&mut out, "parts", "arrondi", &fits, &pow10, p);
    let mut fits = Vec::new();
    for (l, line) in c.lines.iter().enumerate() {
        if let (Some(m), Schedule::Mission { advance, .. }) = (line.mission, &line.schedule) {
            fits.push((
                format!("pa{l}"),
                format!("ef{l} * {}", p.decimal(*advance, advance.scale())),
                format!("{}", 28 + advance.scale()),
            ));
            fits.push((
                format!("pv{l}"),
                format!("ev{l} * rm{m}"),
                format!("28 + em{m}"),
            ));
        }
    }
    let last = fit_stages(&mut out, &last, "arrondi_b", &fits, &pow10, p);
    out.push_str(&super::pay_totals::totals(p, &last, sv, &pow10));
    out
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

/// Four stages rounding each product `(name, product, scale)` to a mantissa of scale 28:
/// digits dropped (enough for 28 decimals and for a mantissa under 2^96), half to even.
fn fit_stages(
    out: &mut String,
    from: &str,
    prefix: &str,
    fits: &[(String, String, String)],
    pow10: &dyn Fn(&str) -> String,
    p: &Parts<'_>,
) -> String {
    let d = p.d;
    let max96: u128 = 1 << 96;
    let mut s0 = Vec::new();
    let mut s1 = Vec::new();
    let mut s2 = Vec::new();
    let mut s3 = Vec::new();
    for (name, product, scale) in fits {
        s0.push(format!("{product} AS {name}_p"));
        s0.push(format!("({scale}) AS {name}_s"));
        let mut k96 = format!(
            "CASE WHEN {name}_p IS NULL OR {name}_p < {} THEN 0",
            d.lit(&max96.to_string())
        );
        for k in 1..=10u32 {
            let bound = max96.checked_mul(10u128.pow(k));
            if let Some(bound) = bound.filter(|b| *b < (1u128 << 126)) {
                k96.push_str(&format!(
                    " WHEN {name}_p < {} THEN {k}",
                    d.lit(&bound.to_string())
                ));
            }
        }
        k96.push_str(" ELSE 11 END");
        s1.push(format!("greatest({name}_s - 28, {k96}) AS {name}_r"));
        s2.push(format!(
            "{} AS {name}_q",
            d.idiv(&format!("{name}_p"), &pow10(&format!("{name}_r")))
        ));
        let rem = format!("({name}_p - {name}_q * {})", pow10(&format!("{name}_r")));
        s3.push(format!(
            "({name}_q + CASE WHEN 2 * {rem} > {h} OR (2 * {rem} = {h} AND {name}_q % 2 = 1) THEN 1 ELSE 0 END) * {} AS {name}",
            pow10(&format!("28 - {name}_s + {name}_r")),
            h = pow10(&format!("{name}_r"))
        ));
    }
    let names = [
        format!("{prefix}_produits"),
        format!("{prefix}_chiffres"),
        format!("{prefix}_quotients"),
        format!("{prefix}_fin"),
    ];
    stage(
        out,
        &names[0],
        from,
        &s0,
        "Produits exacts (mantisse, échelle)",
    );
    stage(
        out,
        &names[1],
        &names[0],
        &s1,
        "Chiffres à retirer : 28 décimales au plus, mantisse sous 2^96",
    );
    stage(out, &names[2], &names[1], &s2, "Quotients tronqués");
    stage(
        out,
        &names[3],
        &names[2],
        &s3,
        "Arrondi au pair, ramené à l'échelle 28",
    );
    names[3].clone()
}
