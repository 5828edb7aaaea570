//! The reference document as CSV for spreadsheets, in two dialects: RFC 4180 for machines
//! (comma, decimal point, no BOM) and the French spreadsheet one for the published files
//! (semicolon, decimal comma, UTF-8 with BOM), which French Excel and LibreOffice open in
//! columns with numbers as numbers. Two files: the funding lines (long format) and the mission
//! calendar. The identifiers come first (for joins), then the labels a reader reads: the line, its
//! mission and the band, as the documents name them. A table without rows gives no file
//! (`None`): a CSV holding only a header is nothing to publish.

use super::model::*;
use rust_decimal::Decimal;

pub const FUNDING_COLUMNS: [&str; 7] = [
    "version",
    "ligne",
    "tranche",
    "montant",
    "libelle_ligne",
    "libelle_mission",
    "libelle_tranche",
];
pub const CALENDAR_COLUMNS: [&str; 6] = [
    "version",
    "mission",
    "nature",
    "demarrage_mois",
    "deploiement_mois",
    "libelle_mission",
];

/// How a CSV is spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// RFC 4180: `,` separator, `.` decimal point, no BOM.
    #[default]
    Rfc4180,
    /// French spreadsheets: `;` separator, `,` decimal comma, UTF-8 with BOM (without it,
    /// Excel reads the file as Windows-1252 and breaks the accents).
    French,
}

impl Dialect {
    pub fn separator(self) -> char {
        match self {
            Dialect::Rfc4180 => ',',
            Dialect::French => ';',
        }
    }

    /// What the file starts with: the byte order mark for the French dialect.
    pub fn preamble(self) -> &'static str {
        match self {
            Dialect::Rfc4180 => "",
            Dialect::French => "\u{feff}",
        }
    }

    /// A decimal as a spreadsheet of this dialect reads a number: `12.5` or `12,5`, no
    /// thousands separator.
    pub fn number(self, value: Decimal) -> String {
        let text = value.normalize().to_string();
        match self {
            Dialect::Rfc4180 => text,
            Dialect::French => text.replace('.', ","),
        }
    }

    /// Quotes a field when it holds the separator, a quote or a line break (RFC 4180 rules,
    /// with this dialect's separator).
    pub fn field(self, text: &str) -> String {
        if text.contains([self.separator(), '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        }
    }

    /// One line: fields quoted as needed, joined by the separator.
    fn line(self, fields: &[String]) -> String {
        let quoted: Vec<String> = fields.iter().map(|f| self.field(f)).collect();
        format!("{}\n", quoted.join(&self.separator().to_string()))
    }

    /// A whole file: preamble, header, rows; `None` without rows.
    fn table(self, header: &[&str], rows: Vec<Vec<String>>) -> Option<String> {
        if rows.is_empty() {
            return None;
        }
        let header: Vec<String> = header.iter().map(|h| (*h).to_string()).collect();
        let mut out = format!("{}{}", self.preamble(), self.line(&header));
        for row in rows {
            out.push_str(&self.line(&row));
        }
        Some(out)
    }
}

/// `version,ligne,tranche,montant,libelle_ligne,libelle_mission,libelle_tranche`: one row per
/// envelope and band (yearly lines first, then the others); an empty amount where the sources
/// leave it `non précisé`, an empty mission for a line outside any.
pub fn render_funding_csv(doc: &Document, dialect: Dialect) -> Option<String> {
    let mut rows = Vec::new();
    for table in doc.funding.iter().chain(&doc.other_payments) {
        // (identifier, label) of each column.
        let bands: Vec<(&str, &str)> = match table
            .band_set
            .as_ref()
            .and_then(|name| doc.band_sets.iter().find(|s| &s.name == name))
        {
            Some(set) => set
                .bands
                .iter()
                .map(|b| (b.name.as_str(), b.label.as_str()))
                .collect(),
            None => vec![("", "")],
        };
        for group in &table.groups {
            let mission = group.mission.as_ref().map_or("", |m| m.label.as_str());
            for row in &group.rows {
                for ((band, band_label), cell) in bands.iter().zip(&row.cells) {
                    rows.push(vec![
                        doc.id.clone(),
                        row.name.clone(),
                        (*band).to_string(),
                        cell.amount()
                            .map_or_else(String::new, |d| dialect.number(d)),
                        row.label.clone(),
                        mission.to_string(),
                        (*band_label).to_string(),
                    ]);
                }
            }
        }
    }
    dialect.table(&FUNDING_COLUMNS, rows)
}

/// `version,mission,nature,demarrage_mois,deploiement_mois,libelle_mission`: months after the
/// event of the deadline; empty when the deadline is free or not stated.
pub fn render_calendar_csv(doc: &Document, dialect: Dialect) -> Option<String> {
    let months = |d: &Deadline| d.months.map_or_else(String::new, |m| dialect.number(m));
    let rows = doc
        .calendar
        .iter()
        .map(|row| {
            let nature = if row.mandatory {
                "socle"
            } else {
                "optionnelle"
            };
            vec![
                doc.id.clone(),
                row.mission.clone(),
                nature.to_string(),
                months(&row.start),
                months(&row.effective),
                row.label.clone(),
            ]
        })
        .collect();
    dialect.table(&CALENDAR_COLUMNS, rows)
}

/// `version,ligne,critere_1,valeur_1,critere_2,valeur_2,montant`: the cells of the tables by
/// two criteria (`two_way.rs`), one row per cell; `None` for a version without such tables.
pub fn render_two_way_csv(doc: &Document, dialect: Dialect) -> Option<String> {
    let rows = super::two_way::records(doc)
        .into_iter()
        .map(|mut record| {
            if dialect == Dialect::French {
                record[6] = record[6].replace('.', ",");
            }
            record
        })
        .collect();
    dialect.table(&super::two_way::CSV_COLUMNS, rows)
}

/// `version,tranches,seuil,position,valeur,tranche,ligne,montant,hypothese`: the values at the
/// band boundaries (`boundaries.rs`), one row per value near a bound and line; `None` for a
/// version without bands.
pub fn render_boundaries_csv(doc: &Document, dialect: Dialect) -> Option<String> {
    // The bound, the value and the amount are numbers: the dialect's decimal mark.
    const NUMBERS: [usize; 3] = [2, 4, 7];
    let rows = super::boundaries::records(doc)
        .into_iter()
        .map(|record| {
            record
                .into_iter()
                .enumerate()
                .map(|(index, field)| match dialect {
                    Dialect::French if NUMBERS.contains(&index) => field.replace('.', ","),
                    _ => field,
                })
                .collect()
        })
        .collect();
    dialect.table(&super::boundaries::CSV_COLUMNS, rows)
}
