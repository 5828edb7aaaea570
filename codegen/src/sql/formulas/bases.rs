//! The periods of a line that a base of the chain pays with an amount computed from the case's
//! inputs (`enveloppe x = 100 € × medecins` in a base that an amendment replaces from its date
//! of effect): the base's values are computed row by row in its own scope, as the engine's
//! `base_stages` computes them — its inputs read by name from this version's, each of its band
//! sets' band chosen by its own bounds — then the line's parts of that period (`l{l}p{j}_…`),
//! split as the base's line splits its amount, with this version's advance. A base's condition
//! that a period is `réservé si` (replaced by this version, or reading values) is computed there
//! too (`h{stage}_cond{i}`).

use super::super::time::{stages, LineTime};
use super::super::{bands, comment_lines, Parts};
use super::{Graph, Out, Scope};
use clause_compiler::types::Type;

/// The stages (index in the chain, root first) whose amounts a period computes from the
/// inputs, or whose conditions a period's `réservé si` reads.
fn computed(times: &[LineTime]) -> Vec<usize> {
    let mut used: Vec<usize> = times
        .iter()
        .flat_map(|t| {
            t.periods.iter().flat_map(|q| {
                q.base
                    .filter(|_| q.computed)
                    .map(|(s, _)| s)
                    .into_iter()
                    .chain(q.conditions.iter().map(|(s, _)| *s))
            })
        })
        .collect();
    used.sort_unstable();
    used.dedup();
    used
}

/// The base conditions the periods read (`h{stage}_cond{i}`): the columns `pay` keeps.
pub fn condition_columns(times: &[LineTime]) -> Vec<String> {
    let mut used: Vec<(usize, usize)> = times
        .iter()
        .flat_map(|t| t.periods.iter().flat_map(|q| q.conditions.iter().copied()))
        .collect();
    used.sort_unstable();
    used.dedup();
    used.into_iter()
        .map(|(s, i)| format!("h{s}_cond{i}"))
        .collect()
}

/// The column of the band of the base `s`'s band set `set`.
fn band_name(s: usize, set: usize) -> String {
    format!("hb{s}_{set}")
}

/// The band of each band set of each computed base (`hb{s}_{set}`), by its own bounds on its
/// dimension, read by name in this version's columns (none: NULL, no band).
pub(super) fn band_columns(p: &Parts<'_>, times: &[LineTime], cols: &mut Vec<String>) {
    let chain = stages(p.compiled);
    for s in computed(times) {
        let base = chain[s].version;
        for (b, set) in base.band_sets.iter().enumerate() {
            let column = set.dimension.and_then(|i| p.col(&base.inputs[i].name));
            let choice = match column {
                Some(k) => bands::choice(p, set, k, "      ", |_, _| String::new()),
                None => "CAST(NULL AS INTEGER)".into(),
            };
            let mut text = String::new();
            comment_lines(
                &[format!(
                    "tranches {} de la base `{}` selon {}",
                    set.name, base.name, set.dimension_name
                )],
                &mut text,
            );
            cols.push(format!(
                "{}\n    {choice} AS {}",
                text.trim_end().replace('\n', "\n    "),
                band_name(s, b)
            ));
        }
    }
}

/// Compiles the values of each computed base in its scope, then the parts of each period that
/// reads one of them.
pub(super) fn periods(
    g: &mut Graph<'_, '_>,
    times: &[LineTime],
    comments: &mut Vec<(usize, Vec<String>)>,
) -> Result<(), String> {
    let p = g.p;
    let c = p.compiled;
    let chain = stages(c);
    let last = chain.len() - 1;
    for s in computed(times) {
        let base = chain[s];
        // `history` is nearest first, the chain root first.
        let ids = last
            .checked_sub(s + 1)
            .and_then(|k| c.history_inputs.get(k))
            .ok_or_else(|| format!("la base `{}` n'a pas d'entrées lues", base.version.name))?;
        let inputs = ids
            .iter()
            .zip(&base.version.inputs)
            .map(|(id, theirs)| id.filter(|&j| c.version.inputs[j].ty == theirs.ty))
            .collect();
        g.scope = Scope {
            compiled: base,
            inputs,
            bands: (0..base.version.band_sets.len())
                .map(|b| band_name(s, b))
                .collect(),
            prefix: format!("h{s}_"),
        };
        g.compute_values(comments)?;
        // Its conditions that a `réservé si` reads (NULL: they cannot be evaluated).
        for column in condition_columns(times) {
            let Some(i) = column
                .strip_prefix(&format!("h{s}_cond"))
                .and_then(|i| i.parse::<usize>().ok())
            else {
                continue;
            };
            let Some(condition) = base.version.conditions.get(i) else {
                continue;
            };
            let (deps, out) = g.expr(&condition.expr)?;
            // The checker types a `condition` as a boolean only (E0204).
            let Out::Bool(b) = out else {
                return Err(super::refuse("cette condition"));
            };
            let node = g.node(deps, vec![vec![format!("{b} AS {column}")]]);
            comments.push((
                node,
                vec![format!(
                    "condition {} de la base `{}` ({})",
                    condition.name,
                    base.version.name,
                    p.at(condition.origin.span)
                )],
            ));
        }
        for (l, line) in c.lines.iter().enumerate() {
            for period in &times[l].periods {
                let Some((stage, position)) = period.base.filter(|_| period.computed) else {
                    continue;
                };
                if stage != s {
                    continue;
                }
                let money = base.version.values[position].ty == Type::Money;
                let (node, amount) = match g.values[position].clone() {
                    Some((node, Out::Num(m, e))) if money => (vec![node], (m, e)),
                    _ => (Vec::new(), ("NULL".to_string(), "NULL".to_string())),
                };
                // Split as the base's line splits its amount (`periods::static_columns`).
                let own = base
                    .lines
                    .iter()
                    .find(|b| b.value == position)
                    .unwrap_or(line);
                let plan = super::super::line_parts::plan(
                    p,
                    &format!("l{l}{}", period.suffix),
                    (&own.schedule, own.fixed_share),
                    super::super::periods::advance_of(line),
                    &amount,
                );
                g.node(node, plan);
            }
        }
    }
    Ok(())
}
