//! The comment that heads each band, value and payment line in every generated evaluator
//! (Python, JavaScript, SQL): its name, its clause (`file:line`), its sources and hypotheses.
//! Worded here once, so that a reader of any target finds the same words for the same clause.

use clause_compiler::ir::{Band, BandSet, Citation, ValueItem};

/// ` « label »` after a name, or nothing.
fn labelled(label: Option<&String>) -> String {
    label.map_or(String::new(), |l| format!(" « {l} »"))
}

/// The `source : …` and `hypothèse : …` lines after a heading.
fn sourced(mut lines: Vec<String>, sources: &[Citation], hypotheses: &[String]) -> Vec<String> {
    lines.extend(sources.iter().map(|s| format!("source : {s}")));
    lines.extend(hypotheses.iter().map(|h| format!("hypothèse : {h}")));
    lines
}

/// A band's range in words: whole numbers as closed bounds, decimals and rates as written.
pub fn band_range(set: &BandSet, band: &Band) -> String {
    match band.high {
        _ if !set.whole => band.interval().words(band.percent),
        Some(high) => format!("de {} à {high} inclus", band.low),
        None => format!("à partir de {}", band.low),
    }
}

/// `tranche NAME « label » : dimension range (file:line)`, then its sources and hypotheses.
pub fn band(set: &BandSet, band: &Band, at: String) -> Vec<String> {
    let heading = format!(
        "tranche {}{} : {} {} ({at})",
        band.name,
        labelled(band.label.as_ref()),
        set.dimension_name,
        band_range(set, band),
    );
    sourced(vec![heading], &band.sources, &band.hypotheses)
}

/// `[id] kind NAME « label » (file:line)`, `of_base` naming the base of an amendment that
/// defines it (or empty), then its sources and hypotheses.
pub fn value(id: usize, value: &ValueItem, of_base: &str, at: &str) -> Vec<String> {
    let heading = format!(
        "[{id}] {} {}{} {of_base}({at})",
        value.kind.keyword(),
        value.name,
        labelled(value.label.as_ref()),
    );
    sourced(vec![heading], &value.sources, &value.hypotheses)
}

/// `[ligne N] kind NAME « label » (file:line) : rule`, the clauses of its payment rules
/// (`rules_at`, each once), then its sources and the line's hypotheses.
pub fn line(
    index: usize,
    value: &ValueItem,
    at: &str,
    rule: &str,
    rules_at: impl IntoIterator<Item = String>,
    hypotheses: &[String],
) -> Vec<String> {
    let mut lines = vec![format!(
        "[ligne {index}] {} {}{} ({at}) : {rule}",
        value.kind.keyword(),
        value.name,
        labelled(value.label.as_ref()),
    )];
    let mut rules: Vec<String> = Vec::new();
    for at in rules_at {
        if !rules.contains(&at) {
            rules.push(at);
        }
    }
    if !rules.is_empty() {
        lines.push(format!("règle de versement : {}", rules.join(", ")));
    }
    sourced(lines, &value.sources, hypotheses)
}
