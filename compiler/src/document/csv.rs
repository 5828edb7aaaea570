//! The reference document as CSV for spreadsheets: UTF-8, one header line, amounts as plain
//! decimals with a dot. Two files: the funding lines (long format) and the mission calendar.

use super::model::*;

pub const FUNDING_HEADER: &str = "version,ligne,tranche,montant";
pub const CALENDAR_HEADER: &str = "version,mission,nature,demarrage_mois,deploiement_mois";

/// Quotes a field when it holds a comma, a quote or a line break (RFC 4180).
pub fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn amount(cell: &Cell) -> String {
    cell.amount()
        .map_or_else(String::new, |d| d.normalize().to_string())
}

/// `version,ligne,tranche,montant`: one row per envelope and band (yearly lines first, then the
/// others); an empty amount where the sources leave it `non précisé`.
pub fn render_funding_csv(doc: &Document) -> String {
    let mut out = format!("{FUNDING_HEADER}\n");
    for table in doc.funding.iter().chain(&doc.other_payments) {
        let bands: Vec<String> = match table
            .band_set
            .as_ref()
            .and_then(|name| doc.band_sets.iter().find(|s| &s.name == name))
        {
            Some(set) => set.bands.iter().map(|b| b.name.clone()).collect(),
            None => vec![String::new()],
        };
        for row in table.groups.iter().flat_map(|g| &g.rows) {
            for (band, cell) in bands.iter().zip(&row.cells) {
                out.push_str(&format!(
                    "{},{},{},{}\n",
                    field(&doc.id),
                    field(&row.name),
                    field(band),
                    amount(cell)
                ));
            }
        }
    }
    out
}

/// `version,mission,nature,demarrage_mois,deploiement_mois`: months after the event of the
/// deadline; empty when the deadline is free or not stated.
pub fn render_calendar_csv(doc: &Document) -> String {
    let mut out = format!("{CALENDAR_HEADER}\n");
    let months = |d: &Deadline| {
        d.months
            .map_or_else(String::new, |m| m.normalize().to_string())
    };
    for row in &doc.calendar {
        let nature = if row.mandatory {
            "socle"
        } else {
            "optionnelle"
        };
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            field(&doc.id),
            field(&row.mission),
            nature,
            months(&row.start),
            months(&row.effective)
        ));
    }
    out
}

/// The tables in one stream (for `clause doc --format csv` on stdout): funding, a blank line,
/// calendar, a blank line, the values at the band boundaries.
pub fn render_csv(doc: &Document) -> String {
    format!(
        "{}\n{}\n{}",
        render_funding_csv(doc),
        render_calendar_csv(doc),
        render_boundaries_csv(doc)
    )
}

/// `version,tranches,seuil,position,valeur,tranche,ligne,montant,hypothese`: the values at the
/// band boundaries (`boundaries.rs`), one row per value near a bound and line.
pub fn render_boundaries_csv(doc: &Document) -> String {
    let mut out = format!("{}\n", super::boundaries::CSV_HEADER);
    for record in super::boundaries::records(doc) {
        let fields: Vec<String> = record.iter().map(|f| field(f)).collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}
