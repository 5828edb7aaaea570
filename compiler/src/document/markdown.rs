//! The reference document as Markdown (CommonMark tables), to paste into notes and wikis. Text
//! from the sources is escaped: `<`, `>` and `&` as entities, Markdown's marks with a backslash.

use super::model::*;
use super::words;
use std::fmt::Write;

/// Escapes text from the sources for a Markdown paragraph or table cell.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '|' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            // An underscore inside a word (`001_836.txt`) is no emphasis in CommonMark.
            '_' => {
                let inside = i > 0
                    && chars[i - 1].is_alphanumeric()
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                if !inside {
                    out.push('\\');
                }
                out.push('_');
            }
            _ => out.push(c),
        }
    }
    out
}

/// An identifier in a code span (identifiers are words: no backtick can occur).
pub fn code(identifier: &str) -> String {
    format!("`{}`", identifier.replace('`', "'"))
}

/// A discreet reference: the identifier a reader needs to find the clause in the sources,
/// never a title. Every identifier on a published page is inside one (tested).
pub fn reference(identifier: &str) -> String {
    format!("<sub>réf. {}</sub>", code(identifier))
}

/// A table; the columns in `numeric` are right-aligned.
pub fn table(
    out: &mut String,
    header: &[String],
    numeric: std::ops::Range<usize>,
    rows: &[Vec<String>],
) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let marks: Vec<&str> = (0..header.len())
        .map(|i| if numeric.contains(&i) { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", marks.join("|"));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
}

fn cell(c: &Cell) -> String {
    match c {
        Cell::Hole => format!("*{}*", words::HOLE),
        other => words::cell(other),
    }
}

fn refs(numbers: &[usize]) -> String {
    if numbers.is_empty() {
        String::new()
    } else {
        format!(" ({})", words::hypothesis_refs(numbers))
    }
}

pub fn render_markdown(doc: &Document) -> String {
    let mut out = String::new();
    let title = doc.title.as_deref().map_or_else(|| doc.id.clone(), escape);
    let _ = writeln!(out, "# {title}\n");
    let mut summary = escape(&doc.kind);
    if let Some(status) = &doc.status {
        let _ = write!(summary, " — statut : **{}**", escape(status));
    }
    let _ = write!(summary, " {}", reference(&doc.id));
    for base in &doc.bases {
        let _ = write!(summary, " {}", reference(base));
    }
    let _ = writeln!(out, "{summary}\n");
    header(&mut out, doc);
    bands(&mut out, doc);
    boundaries(&mut out, doc);
    funding(&mut out, doc);
    two_way(&mut out, doc);
    calendar(&mut out, doc);
    payment_rules(&mut out, doc);
    derived(&mut out, doc);
    inputs(&mut out, doc);
    checks(&mut out, "Vérifications", &doc.assertions);
    checks(&mut out, "Exemples", &doc.examples);
    hypotheses(&mut out, doc);
    references(&mut out, doc);
    out.truncate(out.trim_end().len());
    out.push('\n');
    words::french_typography(&out)
}

/// The values at the band boundaries (`boundaries.rs`), under their own heading.
fn boundaries(out: &mut String, doc: &Document) {
    use super::boundaries::{grid, NO_BANDS};
    out.push_str("## Valeurs aux seuils\n\n");
    if doc.boundaries.is_empty() {
        let _ = writeln!(out, "{NO_BANDS}\n");
    }
    for t in &doc.boundaries {
        let _ = writeln!(
            out,
            "Tranches {} selon {} : juste en dessous, au seuil et juste au-dessus de chaque borne.\n",
            code(&t.band_set),
            code(&t.dimension)
        );
        let (header, rows) = grid(t);
        let header: Vec<String> = header.iter().map(|h| escape(h)).collect();
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| match c.as_str() {
                        words::HOLE => format!("*{}*", words::HOLE),
                        _ => escape(c),
                    })
                    .collect()
            })
            .collect();
        table(out, &header, 4..4 + t.lines.len(), &rows);
    }
}

fn header(out: &mut String, doc: &Document) {
    if doc.facts.is_empty() && doc.sources.is_empty() {
        return;
    }
    // The provenance column only says something for a consolidated version.
    let with_provenance = doc
        .facts
        .iter()
        .map(|f| &f.provenance)
        .chain(doc.sources.iter().map(|s| &s.provenance))
        .any(|p| p.setter.is_some());
    let line = |label: &str, text: &str, provenance: &Provenance| {
        let mut row = vec![label.to_string(), escape(text)];
        if with_provenance {
            row.push(escape(&words::provenance(provenance)));
        }
        row
    };
    let mut rows: Vec<Vec<String>> = doc
        .facts
        .iter()
        .map(|f| line(f.label, &f.text, &f.provenance))
        .collect();
    for source in &doc.sources {
        rows.push(line("Source", &source.text, &source.provenance));
    }
    let mut header = vec!["En-tête".to_string(), "Valeur".to_string()];
    if with_provenance {
        header.push("Provenance".to_string());
    }
    table(out, &header, 0..0, &rows);
}

fn bands(out: &mut String, doc: &Document) {
    for set in &doc.band_sets {
        let _ = writeln!(
            out,
            "## Tranches (selon {}) {}\n",
            escape(set.dimension_label.as_deref().unwrap_or(&set.dimension)),
            reference(&set.name)
        );
        let rows: Vec<Vec<String>> = set
            .bands
            .iter()
            .map(|b| {
                vec![
                    format!("{} {}", escape(&b.label), reference(&b.name)),
                    format!("{}{}", escape(&b.range_text), refs(&b.hypotheses)),
                ]
            })
            .collect();
        table(
            out,
            &["Tranche".to_string(), escape(&capitalised(&set.dimension))],
            0..0,
            &rows,
        );
    }
}

fn capitalised(text: &str) -> String {
    words::capitalise(text)
}

fn funding_rows(table: &FundingTable, with_timing: bool) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let blank = |n: usize| vec![String::new(); n];
    for group in &table.groups {
        if let Some(mission) = &group.mission {
            let mut row = vec![format!(
                "**Mission « {} »** ({})",
                escape(&mission.label),
                escape(&mission.nature)
            )];
            row.extend(blank(table.columns.len() + 1 + usize::from(with_timing)));
            rows.push(row);
        }
        for line in &group.rows {
            let indent = if group.mission.is_some() {
                "  ↳ "
            } else {
                ""
            };
            let mut label = format!("{indent}{}{}", escape(&line.label), refs(&line.hypotheses));
            if let Some(formula) = &line.formula {
                let _ = write!(label, " — *calculé : {}*", escape(formula));
            }
            let mut row = vec![label];
            if with_timing {
                row.push(escape(&line.timing));
            }
            row.extend(line.cells.iter().map(cell));
            row.push(escape(&words::provenance(&line.provenance)));
            rows.push(row);
        }
    }
    rows
}

fn funding(out: &mut String, doc: &Document) {
    for table_doc in &doc.funding {
        let _ = writeln!(out, "## Financement annuel maximum par tranche\n");
        let mut header = vec!["Ligne de financement".to_string()];
        header.extend(table_doc.columns.iter().map(|c| escape(c)));
        header.push("Provenance".to_string());
        let mut rows = funding_rows(table_doc, false);
        if let Some(total) = &table_doc.total {
            let mut row = vec![format!("**{}**", escape(&total.label))];
            row.extend(total.cells.iter().map(|c| format!("**{}**", cell(c))));
            row.push("calculé".to_string());
            rows.push(row);
        }
        table(out, &header, 1..table_doc.columns.len() + 1, &rows);
        if let Some(total) = &table_doc.total {
            let _ = writeln!(out, "{}\n", escape(&total.note));
        }
    }
    for table_doc in &doc.other_payments {
        let _ = writeln!(
            out,
            "## Versements ponctuels, conditionnels ou selon l'année du contrat\n"
        );
        let _ = writeln!(
            out,
            "Ces montants ne sont pas comptés dans le total annuel.\n"
        );
        let mut header = vec!["Ligne de financement".to_string(), "Versement".to_string()];
        header.extend(table_doc.columns.iter().map(|c| escape(c)));
        header.push("Provenance".to_string());
        table(
            out,
            &header,
            2..table_doc.columns.len() + 2,
            &funding_rows(table_doc, true),
        );
    }
}

fn calendar(out: &mut String, doc: &Document) {
    if doc.calendar.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Calendrier des missions\n");
    let rows: Vec<Vec<String>> = doc
        .calendar
        .iter()
        .map(|m| {
            let deadline = |d: &Deadline| {
                if d.is_hole {
                    format!("*{}*", escape(&d.text))
                } else {
                    escape(&d.text)
                }
            };
            vec![
                format!("{}{}", escape(&m.label), refs(&m.hypotheses)),
                escape(&m.nature),
                deadline(&m.start),
                deadline(&m.effective),
                escape(&words::provenance(&m.provenance)),
            ]
        })
        .collect();
    table(
        out,
        &[
            "Mission".into(),
            "Nature".into(),
            "Démarrage".into(),
            "Déploiement effectif".into(),
            "Provenance".into(),
        ],
        0..0,
        &rows,
    );
    let with_indicators: Vec<&CalendarRow> = doc
        .calendar
        .iter()
        .filter(|m| !m.indicators.is_empty())
        .collect();
    if !with_indicators.is_empty() {
        let _ = writeln!(out, "Indicateurs :\n");
        for mission in with_indicators {
            let list = mission
                .indicators
                .iter()
                .map(|i| escape(i))
                .collect::<Vec<_>>()
                .join(" ; ");
            let _ = writeln!(out, "- {} : {list}", escape(&mission.label));
        }
        out.push('\n');
    }
}

fn payment_rules(out: &mut String, doc: &Document) {
    if doc.payment_rules.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Modalités de versement\n");
    for rule in doc.factored_payment_rules() {
        let mut line = format!("- {}", escape(rule.text));
        if let Some(fixed) = rule.fixed_share {
            let _ = write!(line, " ; {}{}", escape(fixed), refs(rule.hypotheses));
        }
        let labels: Vec<String> = rule.labels.iter().map(|l| escape(l)).collect();
        let _ = writeln!(
            out,
            "{line}.\n  S’applique à : {}.",
            super::prose::enumerate(&labels)
        );
    }
    out.push('\n');
}

fn derived(out: &mut String, doc: &Document) {
    if doc.derived.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Montants dérivés\n");
    for value in &doc.derived {
        let _ = writeln!(
            out,
            "**{}**{} {} = {}\n",
            escape(&value.label),
            refs(&value.hypotheses),
            reference(&value.name),
            escape(&value.formula)
        );
        if value.columns.is_empty() {
            let _ = writeln!(
                out,
                "Valeur : {}\n",
                value.cells.first().map_or_else(String::new, cell)
            );
        } else {
            let header: Vec<String> = value.columns.iter().map(|c| escape(c)).collect();
            table(
                out,
                &header,
                0..header.len(),
                &[value.cells.iter().map(cell).collect()],
            );
        }
        let provenance = words::provenance(&value.provenance);
        if !provenance.is_empty() {
            let _ = writeln!(out, "Provenance : {}\n", escape(&provenance));
        }
    }
}

fn inputs(out: &mut String, doc: &Document) {
    if !doc.inputs.is_empty() {
        let _ = writeln!(out, "## Entrées d'un cas\n");
        let rows: Vec<Vec<String>> = doc
            .inputs
            .iter()
            .map(|i| {
                vec![
                    format!(
                        "{} {}",
                        escape(i.label.as_deref().unwrap_or("")),
                        reference(&i.name)
                    ),
                    escape(&i.type_name),
                ]
            })
            .collect();
        table(out, &["Entrée".into(), "Type".into()], 0..0, &rows);
    }
    if !doc.conditions.is_empty() {
        let _ = writeln!(out, "## Conditions d'éligibilité\n");
        for condition in &doc.conditions {
            let label = condition
                .label
                .as_deref()
                .map_or_else(|| reference(&condition.name), escape);
            let _ = writeln!(out, "- **{label}** : {}", escape(&condition.text));
        }
        out.push('\n');
    }
}

fn checks(out: &mut String, title: &str, items: &[CheckDoc]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {title}\n");
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|c| {
            let mark = match c.verdict {
                Verdict::Verified | Verdict::PerCase => "✓",
                Verdict::Failed => "✗",
                Verdict::Unverifiable => "?",
            };
            let verdict = match &c.detail {
                Some(detail) => format!("{mark} {} ({})", c.verdict.french(), escape(detail)),
                None => format!("{mark} {}", c.verdict.french()),
            };
            vec![escape(&c.label), escape(&c.statement), verdict]
        })
        .collect();
    table(
        out,
        &["Énoncé".into(), "Détail".into(), "Résultat".into()],
        0..0,
        &rows,
    );
}

/// The full list of the references cited, at the end of the document.
fn references(out: &mut String, doc: &Document) {
    if doc.references.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Références\n");
    for (i, entry) in doc.references.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, escape(entry));
    }
    out.push('\n');
}

fn hypotheses(out: &mut String, doc: &Document) {
    if doc.hypotheses.is_empty() && doc.holes.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Hypothèses et lacunes\n");
    if !doc.hypotheses.is_empty() {
        let _ = writeln!(
            out,
            "Hypothèses : choix de modélisation que les sources ne disent pas.\n"
        );
        for h in &doc.hypotheses {
            let concerns = h
                .concerns
                .iter()
                .map(|c| escape(c))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                out,
                "- **H{}** {} — concerne : {concerns}",
                h.number,
                escape(&h.text)
            );
        }
        out.push('\n');
    }
    if !doc.holes.is_empty() {
        let _ = writeln!(
            out,
            "Lacunes : valeurs que les sources ne précisent pas (*{}*).\n",
            words::HOLE
        );
        for hole in &doc.holes {
            let _ = writeln!(out, "- {}", escape(hole));
        }
        out.push('\n');
    }
}

/// The tables by two criteria and the tables of rules (`two_way.rs`): nothing for a version
/// without such tables.
fn two_way(out: &mut String, doc: &Document) {
    use super::two_way::grid;
    if !doc.two_way.is_empty() {
        out.push_str("## Tableaux à deux critères\n\n");
    }
    for t in &doc.two_way {
        let _ = writeln!(
            out,
            "{} ({}) : par {} (lignes) et {} (colonnes).\n",
            escape(&t.label),
            code(&t.name),
            code(&t.criteria[0]),
            code(&t.criteria[1])
        );
        let (header, rows) = grid(t);
        let header: Vec<String> = header.iter().map(|h| escape(h)).collect();
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| escape(c)).collect())
            .collect();
        table(out, &header, 1..header.len(), &rows);
    }
    if !doc.rule_tables.is_empty() {
        out.push_str("## Tables de règles\n\n");
    }
    for t in &doc.rule_tables {
        let _ = writeln!(
            out,
            "{} ({}) : une règle par ligne, selon {} et {}.\n",
            escape(&t.label),
            code(&t.name),
            code(&t.inputs[0]),
            code(&t.inputs[1])
        );
        let header = vec![escape(&t.inputs[0]), escape(&t.inputs[1]), "Valeur".into()];
        let rows: Vec<Vec<String>> = t
            .rules
            .iter()
            .map(|r| r.iter().map(|c| escape(c)).collect())
            .collect();
        table(out, &header, 2..3, &rows);
    }
}
