//! The comparison for a terminal: one line per change, marked `+`, `-` or `~`, wrapped to 100
//! columns (or to the terminal's width, `render_text_width`).

use super::model::*;
use crate::document::words;
use rust_decimal::Decimal;

pub const WIDTH: usize = 100;

/// « +10 000 €, +20 % » (signs always shown).
pub fn delta_text(delta: &Delta) -> String {
    let sign = |d: Decimal| {
        if d.is_sign_negative() && !d.is_zero() {
            "−"
        } else {
            "+"
        }
    };
    let amount = format!("{}{}", sign(delta.amount), words::money(delta.amount.abs()));
    match delta.percent {
        Some(p) => format!("{amount}, {}{}", sign(p), words::percent(p.abs())),
        None => amount,
    }
}

/// The change as one sentence: `subject : before → after (delta)`.
pub fn change_text(change: &Change) -> String {
    match (&change.before, &change.after) {
        (Some(before), Some(after)) => {
            let delta = change
                .delta
                .as_ref()
                .map_or_else(String::new, |d| format!(" ({})", delta_text(d)));
            format!(
                "{} : {} → {}{delta}",
                change.subject, before.text, after.text
            )
        }
        (None, Some(after)) => format!("{} : {}", change.subject, after.text),
        (Some(before), None) => format!("{} : {}", change.subject, before.text),
        (None, None) => change.subject.clone(),
    }
}

/// Wraps `text` at spaces to `width` columns; continuation lines start with `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let body = text.trim_start_matches(' ');
    let mut line = " ".repeat(text.len() - body.len());
    let lead = line.len();
    for word in body.split(' ') {
        let candidate_len = line.chars().count() + 1 + word.chars().count();
        if !line.trim().is_empty() && candidate_len > width {
            lines.push(line.trim_end().to_string());
            line = indent.to_string();
        } else if line.len() > lead {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.trim().is_empty() {
        lines.push(line);
    }
    lines
}

fn push_wrapped(out: &mut String, text: &str, indent: &str, width: usize) {
    for line in wrap(text, width, indent) {
        out.push_str(&line);
        out.push('\n');
    }
}

pub fn version_line(v: &VersionSummary) -> String {
    match &v.status {
        Some(status) => format!("{} ({status})", v.id),
        None => v.id.clone(),
    }
}

pub fn render_text(comparison: &Comparison) -> String {
    render_text_width(comparison, WIDTH)
}

/// The comparison wrapped to `width` columns.
pub fn render_text_width(comparison: &Comparison, width: usize) -> String {
    let mut out = String::new();
    push_wrapped(
        &mut out,
        &format!(
            "Comparaison : {} → {}",
            version_line(&comparison.old),
            version_line(&comparison.new)
        ),
        "    ",
        width,
    );
    push_wrapped(
        &mut out,
        &format!("  avant : {}", comparison.old.title),
        "          ",
        width,
    );
    push_wrapped(
        &mut out,
        &format!("  après : {}", comparison.new.title),
        "          ",
        width,
    );
    if let Some(mapping) = &comparison.band_mapping {
        out.push('\n');
        push_wrapped(
            &mut out,
            &format!("Correspondance des tranches (par {})", mapping.dimension),
            "  ",
            width,
        );
        let range_width = mapping
            .segments
            .iter()
            .map(|s| s.range_text.chars().count())
            .max()
            .unwrap_or(0);
        for s in &mapping.segments {
            let pad = " ".repeat(range_width - s.range_text.chars().count());
            push_wrapped(
                &mut out,
                &format!("  {}{pad}  {} → {}", s.range_text, s.old_label, s.new_label),
                "      ",
                width,
            );
        }
    }
    for category in Category::ALL {
        let changes: Vec<&Change> = comparison.changes_in(category).collect();
        if changes.is_empty() {
            continue;
        }
        out.push('\n');
        out.push_str(category.title());
        out.push('\n');
        for change in changes {
            push_wrapped(
                &mut out,
                &format!("  {} {}", change.nature.mark(), change_text(change)),
                "      ",
                width,
            );
        }
    }
    out.push('\n');
    let count = comparison.changes.len();
    let noun = if count > 1 {
        "changements"
    } else {
        "changement"
    };
    push_wrapped(
        &mut out,
        &format!("{count} {noun} ; {}", comparison.unchanged_text()),
        "  ",
        width,
    );
    out
}
