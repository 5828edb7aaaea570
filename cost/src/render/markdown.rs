//! The costing in Markdown: one `##` section each, tables with aligned numeric columns.

use super::{sections, title};
use crate::report::CostReport;

pub fn render(report: &CostReport) -> String {
    let mut out = format!("# {}\n", escape(&title(report)));
    for section in sections(report, "\u{202f}") {
        out.push_str(&format!("\n## {}\n\n", escape(&section.title)));
        for sentence in &section.sentences {
            out.push_str(&escape(sentence));
            out.push_str("\n\n");
        }
        if let Some(table) = &section.table {
            let line = |cells: &[String]| {
                let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
                format!("| {} |\n", cells.join(" | "))
            };
            out.push_str(&line(&table.headers));
            let rule: Vec<&str> = table
                .numeric
                .iter()
                .map(|&n| if n { "--:" } else { "---" })
                .collect();
            out.push_str(&format!("|{}|\n", rule.join("|")));
            for row in &table.rows {
                out.push_str(&line(row));
            }
            if let Some(total) = &table.total {
                let bold: Vec<String> = total
                    .iter()
                    .map(|c| {
                        if c.is_empty() {
                            String::new()
                        } else {
                            format!("**{}**", escape(c))
                        }
                    })
                    .collect();
                out.push_str(&format!("| {} |\n", bold.join(" | ")));
            }
            out.push('\n');
        }
        for item in &section.items {
            out.push_str(&format!("- {}\n", escape(item)));
        }
    }
    out
}

/// Pipes would end a table cell; `<` could open HTML in a Markdown viewer.
fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace('<', "&lt;")
}
