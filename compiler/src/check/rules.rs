//! E0312 / E0313: the gaps and overlaps of each table of rules over two inputs, each named as a
//! region of the product space (`rule_sweep`), an overlap with the rules it holds; within each
//! input's declared domain (that of a band set over it), `[0, ∞)` otherwise.

use super::rule_sweep::{faults, Rect};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::interval::Interval;
use crate::ir::{Definition, RuleTableDef, Version};

pub fn check_rule_tables(version: &Version, diagnostics: &mut Vec<Diagnostic>) {
    for value in &version.values {
        if let Definition::Rules(table) = &value.definition {
            check_table(version, table, diagnostics);
        }
    }
}

fn check_table(version: &Version, table: &RuleTableDef, diagnostics: &mut Vec<Diagnostic>) {
    let rules: Vec<[Interval; 2]> = table.rules.iter().map(|r| r.ranges).collect();
    let domains = table.inputs.map(|input| domain_of(version, input));
    for rect in faults(&rules, domains, table.whole) {
        let region = region_words(version, table, &rect);
        if rect.rules.is_empty() {
            let (x, y) = (
                rect.x.words(table.percent[0]),
                rect.y.words(table.percent[1]),
            );
            diagnostics.push(
                Diagnostic::new(
                    Code::RuleGap,
                    format!("{region} : aucune règle"),
                    table.header,
                    "aucune règle pour cette région",
                )
                .with_note("une table de règles donne une règle, et une seule, pour chaque couple de valeurs de ses entrées")
                .with_help(format!("ajoutez une règle : « {x}, {y} : … »")),
            );
        } else {
            let numbers: Vec<String> = rect.rules.iter().map(|k| (k + 1).to_string()).collect();
            let last = *rect.rules.last().unwrap_or(&0);
            let mut d = Diagnostic::new(
                Code::RuleOverlap,
                format!("{region} : règles {}", french_list(&numbers)),
                table.rules[last].span,
                format!("règle {}", last + 1),
            );
            for &k in &rect.rules[..rect.rules.len() - 1] {
                d = d.with_secondary(table.rules[k].span, format!("règle {}", k + 1));
            }
            diagnostics.push(
                d.with_note("une table de règles donne une règle, et une seule, pour chaque couple de valeurs de ses entrées")
                    .with_help("resserrez les intervalles pour qu'une seule règle couvre cette région"),
            );
        }
    }
}

/// The values of an input: the domain a band set over it declares (`selon atteinte, de 0 % à
/// 100 %`, § 6.4), else `[0, ∞)`.
fn domain_of(version: &Version, input: usize) -> Interval {
    version
        .band_sets
        .iter()
        .find(|set| set.dimension == Some(input) && set.domain_span.is_some())
        .map_or(Interval::NATURAL, |set| set.domain)
}

/// « habitants de 40 000 à moins de 80 000 × atteinte de 50 % à moins de 80 % ».
fn region_words(version: &Version, table: &RuleTableDef, rect: &Rect) -> String {
    let name = |k: usize| version.input_name(table.inputs[k]).to_owned();
    format!(
        "{} × {}",
        axis_words(&name(0), &rect.x, table.percent[0]),
        axis_words(&name(1), &rect.y, table.percent[1])
    )
}

/// « habitants de 40 000 à moins de 80 000 », « habitants = 80 000 » (a single value).
fn axis_words(name: &str, interval: &Interval, percent: bool) -> String {
    let single = interval.high.is_some_and(|h| h.value == interval.low.value);
    let words = interval.words(percent);
    if single {
        format!("{name} = {words}")
    } else {
        format!("{name} {words}")
    }
}

/// « 1 et 2 », « 1, 2 et 3 ».
fn french_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} et {last}", init.join(", ")),
    }
}
