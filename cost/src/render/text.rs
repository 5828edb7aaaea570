//! The costing for a terminal: sections with aligned columns.

use super::{sections, title, Table};
use crate::report::CostReport;

pub fn render(report: &CostReport) -> String {
    let mut out = String::new();
    let heading = title(report);
    out.push_str(&heading);
    out.push('\n');
    out.push_str(&"=".repeat(heading.chars().count()));
    out.push('\n');
    for section in sections(report, " ") {
        out.push('\n');
        out.push_str(&section.title);
        out.push('\n');
        out.push_str(&"-".repeat(section.title.chars().count()));
        out.push('\n');
        for sentence in &section.sentences {
            out.push_str(sentence);
            out.push('\n');
        }
        if let Some(table) = &section.table {
            out.push_str(&aligned(table));
        }
        for item in &section.items {
            out.push_str("  - ");
            out.push_str(item);
            out.push('\n');
        }
    }
    out
}

/// Columns padded to their widest cell (counted in characters), numbers on the right.
fn aligned(table: &Table) -> String {
    let rows: Vec<&Vec<String>> = std::iter::once(&table.headers)
        .chain(table.rows.iter())
        .chain(table.total.iter())
        .collect();
    let widths: Vec<usize> = (0..table.headers.len())
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |cell| cell.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (index, row) in rows.iter().enumerate() {
        if table.total.is_some() && index == rows.len() - 1 {
            let width = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
            out.push_str(&format!("  {}\n", "-".repeat(width)));
        }
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = widths[c].saturating_sub(cell.chars().count());
                if table.numeric.get(c).copied().unwrap_or(false) {
                    format!("{}{cell}", " ".repeat(pad))
                } else {
                    format!("{cell}{}", " ".repeat(pad))
                }
            })
            .collect();
        out.push_str("  ");
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}
