//! `revalorise a, b de 5 % arrondi`: the names and the rate fill the line, breaking between two
//! names only when the next would not fit (as `versement` rules do).

use super::doc::{concat, fill, indent, text, Doc};
use super::literals;
use clause_grammar::ast::RevalueDef;

/// `continuation`: the indentation of the broken lines (`items::CONTINUATION`).
pub(super) fn revalue(def: &RevalueDef, continuation: usize) -> Doc {
    let rounding = def
        .rounding
        .as_ref()
        .map_or(String::new(), |r| format!(" {}", r.node.french()));
    let rate = format!("de {} %{rounding}", literals::number(&def.percent.node));
    let mut parts = Vec::new();
    for (index, target) in def.targets.iter().enumerate() {
        if index > 0 {
            parts.push(Doc::Line);
        }
        let last = index + 1 == def.targets.len();
        parts.push(text(if last {
            target.node.clone()
        } else {
            format!("{},", target.node)
        }));
    }
    parts.push(Doc::Line);
    parts.push(text(rate));
    concat(vec![text("revalorise "), indent(continuation, fill(parts))])
}
