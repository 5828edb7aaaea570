//! One row per costed contract, in file order: both totals and the difference. RFC 4180
//! (comma, decimal point) by default, or the French spreadsheet dialect (semicolon, decimal
//! comma, UTF-8 with BOM) that French Excel and LibreOffice open as numbers.

use crate::report::CostReport;
use clause_compiler::evaluate::result::euros;

/// The two CSV dialects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Rfc4180,
    French,
}

pub fn render(report: &CostReport, dialect: Dialect) -> String {
    let separator = match dialect {
        Dialect::Rfc4180 => ',',
        Dialect::French => ';',
    };
    let number = |text: String| match dialect {
        Dialect::Rfc4180 => text,
        Dialect::French => text.replace('.', ","),
    };
    let mut out = String::new();
    if dialect == Dialect::French {
        out.push('\u{feff}');
    }
    let header = [
        "ligne",
        "contrat",
        "tranche_avant",
        "tranche_apres",
        "total_avant",
        "total_apres",
        "ecart",
    ];
    out.push_str(&header.join(&separator.to_string()));
    out.push_str("\r\n");
    for contract in &report.contracts {
        let cells = [
            contract.line.to_string(),
            quote(&contract.id, separator),
            quote(report.old_band(contract).unwrap_or(""), separator),
            quote(report.new_band(contract).unwrap_or(""), separator),
            number(euros(contract.old_total)),
            number(euros(contract.new_total)),
            number(euros(contract.difference())),
        ];
        out.push_str(&cells.join(&separator.to_string()));
        out.push_str("\r\n");
    }
    out
}

/// A field quoted when it holds the separator, a quote or a line break (RFC 4180 § 2).
fn quote(field: &str, separator: char) -> String {
    if field.contains([separator, '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}
