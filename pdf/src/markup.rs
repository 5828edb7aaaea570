//! The typst source of a published document. Every text from the sources enters as a typst
//! string literal (`#"…"`), so no character of a label can be read as markup.

use chrono::Datelike;
use clause_compiler::diff::columns::amount_columns;
use clause_compiler::diff::text::delta_text;
use clause_compiler::diff::{Category, Comparison};
use clause_compiler::document::words::{self, french_typography};
use clause_compiler::document::{Cell, Document, FundingTable};
use std::fmt::Write;

/// A typst string literal of `text`, with French typography applied.
fn lit(text: &str) -> String {
    let mut out = String::from("\"");
    for c in french_typography(text).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Content holding `text`.
fn content(text: &str) -> String {
    format!("[#{}]", lit(text))
}

fn strong(text: &str) -> String {
    format!("[#strong({})]", lit(text))
}

/// A discreet reference: the identifier in small grey type.
fn reference(id: &str) -> String {
    format!(
        "#text(size: 7pt, fill: luma(110))[#{}]",
        lit(&format!("réf. {id}"))
    )
}

fn heading(out: &mut String, level: u8, text: &str) {
    let _ = writeln!(out, "#heading(level: {level})[#{}]", lit(text));
}

fn paragraph(out: &mut String, text: &str) {
    let _ = writeln!(out, "#par[#{}]\n", lit(text));
}

fn cell(c: &Cell) -> String {
    match c {
        Cell::Hole => format!("[#emph({})]", lit(words::HOLE)),
        other => content(&words::cell(other)),
    }
}

/// The page: A4, embedded serif font, French, the version's title and the page number in the
/// footer, metadata title and date.
fn preamble(title: &str, date: Option<chrono::NaiveDate>) -> String {
    let date = date.map_or_else(
        || "none".to_string(),
        |d| {
            format!(
                "datetime(year: {}, month: {}, day: {})",
                d.year(),
                d.month(),
                d.day()
            )
        },
    );
    format!(
        r#"#set document(title: {title}, date: {date})
#set text(font: "Libertinus Serif", lang: "fr", size: 9.5pt)
#set page(paper: "a4", margin: (x: 15mm, top: 15mm, bottom: 20mm),
  footer: context [#set text(size: 8pt, fill: luma(90)); #{title} #h(1fr) page #counter(page).display() sur #counter(page).final().first()])
#set table(stroke: 0.5pt + luma(170), inset: 4pt)
#show heading: set block(sticky: true)
#show table: set block(breakable: true)
#set par(justify: false)
"#,
        title = lit(title)
    )
}

/// A table: header repeated on each page, rows never split.
fn table(out: &mut String, headers: &[String], numeric_from: usize, rows: &[Vec<String>]) {
    let columns: Vec<&str> = (0..headers.len())
        .map(|i| if i == 0 { "2fr" } else { "1fr" })
        .collect();
    let align: Vec<&str> = (0..headers.len())
        .map(|i| if i >= numeric_from { "right" } else { "left" })
        .collect();
    let _ = writeln!(
        out,
        "#table(columns: ({},), align: ({},),",
        columns.join(", "),
        align.join(", ")
    );
    let header: Vec<String> = headers.iter().map(|h| strong(h)).collect();
    let _ = writeln!(out, "  table.header({}),", header.join(", "));
    for row in rows {
        let _ = writeln!(out, "  {},", row.join(", "));
    }
    out.push_str(")\n\n");
}

/// The tables by two criteria (rows: the first criterion, columns: the second) and the tables
/// of rules, as the HTML and Markdown documents show them (`document::two_way`).
fn two_way(out: &mut String, doc: &Document) {
    use clause_compiler::document::two_way::grid;
    if !doc.two_way.is_empty() {
        heading(out, 2, "Tableaux à deux critères");
    }
    for t in &doc.two_way {
        paragraph(
            out,
            &format!(
                "{} (réf. {}) : par {} (lignes) et {} (colonnes).",
                t.label, t.name, t.criteria[0], t.criteria[1]
            ),
        );
        let (header, rows) = grid(t);
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| content(c)).collect())
            .collect();
        table(out, &header, 1, &rows);
    }
    if !doc.rule_tables.is_empty() {
        heading(out, 2, "Tables de règles");
    }
    for t in &doc.rule_tables {
        paragraph(
            out,
            &format!(
                "{} (réf. {}) : une règle par ligne selon {} et {}.",
                t.label, t.name, t.inputs[0], t.inputs[1]
            ),
        );
        let header = vec![t.inputs[0].clone(), t.inputs[1].clone(), "Valeur".into()];
        let rows: Vec<Vec<String>> = t
            .rules
            .iter()
            .map(|r| r.iter().map(|c| content(c)).collect())
            .collect();
        table(out, &header, 2, &rows);
    }
}

fn funding(out: &mut String, doc: &Document, table_doc: &FundingTable, title: &str) {
    heading(out, 2, title);
    let width = table_doc.columns.len() + 1;
    let mut headers = vec!["Ligne de financement".to_string()];
    headers.extend(table_doc.columns.iter().cloned());
    let mut rows = Vec::new();
    for group in &table_doc.groups {
        if let Some(mission) = &group.mission {
            rows.push(vec![format!(
                "table.cell(colspan: {width}, fill: luma(235))[#strong({}) #{}]",
                lit(&format!("Mission « {} »", mission.label)),
                lit(&format!("({})", mission.nature))
            )]);
        }
        for row in &group.rows {
            let mut cells = vec![match &row.formula {
                Some(f) => format!(
                    "[#{} \\ #text(size: 7.5pt, style: \"italic\")[#{}]]",
                    lit(&row.label),
                    lit(&format!("calculé : {f}"))
                ),
                None => content(&row.label),
            }];
            cells.extend(row.cells.iter().map(cell));
            rows.push(cells);
        }
    }
    if let Some(total) = &table_doc.total {
        let mut cells = vec![strong(&total.label)];
        cells.extend(
            total
                .cells
                .iter()
                .map(|c| format!("[#strong({})]", lit(&words::cell(c)))),
        );
        rows.push(cells);
    }
    table(out, &headers, 1, &rows);
    if let Some(total) = &table_doc.total {
        paragraph(out, &total.note);
    }
    let _ = doc;
}

/// A version's reference document.
pub fn document(doc: &Document) -> String {
    let title = doc.title.clone().unwrap_or_else(|| doc.id.clone());
    let mut out = preamble(&title, doc.date);
    let mut kicker = doc.kind.clone();
    if let Some(status) = &doc.status {
        let _ = write!(kicker, " — statut : {status}");
    }
    let _ = writeln!(
        out,
        "#text(size: 8pt, fill: luma(90))[#{}] {}",
        lit(&kicker),
        reference(&doc.id)
    );
    heading(&mut out, 1, &title);
    let facts: Vec<Vec<String>> = doc
        .facts
        .iter()
        .map(|f| vec![content(f.label), content(&f.text)])
        .collect();
    if !facts.is_empty() {
        table(&mut out, &["En-tête".into(), "Valeur".into()], 9, &facts);
    }
    for set in &doc.band_sets {
        heading(&mut out, 2, "Tranches de taille");
        let rows: Vec<Vec<String>> = set
            .bands
            .iter()
            .map(|b| {
                vec![
                    format!("[#{} {}]", lit(&b.label), reference(&b.name)),
                    content(&b.range_text),
                ]
            })
            .collect();
        table(
            &mut out,
            &["Tranche".into(), words::capitalise(&set.dimension)],
            9,
            &rows,
        );
    }
    for t in &doc.funding {
        funding(&mut out, doc, t, "Financement annuel maximum par tranche");
    }
    for t in &doc.other_payments {
        funding(
            &mut out,
            doc,
            t,
            "Versements ponctuels, conditionnels ou limités à certaines années",
        );
    }
    two_way(&mut out, doc);
    if !doc.calendar.is_empty() {
        heading(&mut out, 2, "Calendrier des missions");
        let rows: Vec<Vec<String>> = doc
            .calendar
            .iter()
            .map(|r| {
                vec![
                    content(&r.label),
                    content(&r.nature),
                    content(&r.start.text),
                    content(&r.effective.text),
                ]
            })
            .collect();
        let headers = ["Mission", "Nature", "Démarrage", "Déploiement effectif"].map(String::from);
        table(&mut out, &headers, 9, &rows);
    }
    let rules = doc.factored_payment_rules();
    if !rules.is_empty() {
        heading(&mut out, 2, "Modalités de versement");
        for rule in rules {
            let mut statement = rule.text.to_string();
            if let Some(fixed) = rule.fixed_share {
                let _ = write!(statement, " ; {fixed}");
            }
            let labels: Vec<String> = rule.labels.iter().map(|l| (*l).to_string()).collect();
            let _ = writeln!(
                out,
                "- #{}\\ #text(size: 8.5pt)[#{}]",
                lit(&format!("{statement}.")),
                lit(&format!(
                    "S’applique à : {}.",
                    clause_compiler::document::prose::enumerate(&labels)
                ))
            );
        }
        out.push('\n');
    }
    for value in &doc.derived {
        heading(&mut out, 3, &value.label);
        let _ = writeln!(
            out,
            "#par[#{} {}]\n",
            lit(&value.formula),
            reference(&value.name)
        );
        if !value.columns.is_empty() {
            table(
                &mut out,
                &value.columns,
                0,
                &[value.cells.iter().map(cell).collect()],
            );
        } else if let Some(c) = value.cells.first() {
            paragraph(&mut out, &format!("Valeur : {}", words::cell(c)));
        }
    }
    for (title, checks) in [
        ("Vérifications", &doc.assertions),
        ("Exemples", &doc.examples),
    ] {
        if checks.is_empty() {
            continue;
        }
        heading(&mut out, 2, title);
        let rows: Vec<Vec<String>> = checks
            .iter()
            .map(|c| {
                vec![
                    content(&c.label),
                    content(&c.statement),
                    content(c.verdict.french()),
                ]
            })
            .collect();
        let headers = ["Énoncé", "Détail", "Résultat"].map(String::from);
        table(&mut out, &headers, 9, &rows);
    }
    if !doc.hypotheses.is_empty() || !doc.holes.is_empty() {
        heading(&mut out, 2, "Hypothèses et lacunes");
        for h in &doc.hypotheses {
            let _ = writeln!(
                out,
                "- #strong({}) #{}",
                lit(&format!("H{}", h.number)),
                lit(&format!(
                    "{} — concerne : {}",
                    h.text,
                    h.concerns.join(", ")
                ))
            );
        }
        for hole in &doc.holes {
            let _ = writeln!(out, "- #{}", lit(&format!("non précisé : {hole}")));
        }
        out.push('\n');
    }
    if !doc.references.is_empty() {
        heading(&mut out, 2, "Références");
        for entry in &doc.references {
            let _ = writeln!(out, "+ #{}", lit(entry));
        }
    }
    out
}

/// The comparison of two versions.
pub fn comparison(comparison: &Comparison, old: &Document, new: &Document) -> String {
    let title = format!(
        "Comparaison : {} → {}",
        comparison.old.title, comparison.new.title
    );
    let mut out = preamble(&title, new.date);
    heading(&mut out, 1, &title);
    let _ = writeln!(
        out,
        "#par[{} {}]\n",
        reference(&comparison.old.id),
        reference(&comparison.new.id)
    );
    let count = comparison.changes.len();
    paragraph(
        &mut out,
        &format!(
            "{count} changement{} ; {}.",
            if count > 1 { "s" } else { "" },
            comparison.unchanged_text()
        ),
    );
    let columns = amount_columns(comparison, old, new);
    if !columns.rows.is_empty() {
        heading(&mut out, 2, "Montants par tranche : avant, après, écart");
        let mut headers = vec!["Ligne".to_string()];
        for g in &columns.groups {
            headers.push(format!("{} avant", g.heading));
            headers.push("après".to_string());
            headers.push("écart".to_string());
        }
        let shown = |c: &Option<Cell>| c.as_ref().map_or_else(|| content("—"), cell);
        let rows: Vec<Vec<String>> = columns
            .rows
            .iter()
            .map(|row| {
                let mut cells = vec![content(&row.label)];
                for (before, after, delta) in &row.cells {
                    cells.push(shown(before));
                    cells.push(shown(after));
                    cells.push(content(&match delta {
                        Some(d) if d.is_zero() => "=".to_string(),
                        Some(d) if d.is_sign_negative() => format!("−{}", words::money(d.abs())),
                        Some(d) => format!("+{}", words::money(*d)),
                        None => "—".to_string(),
                    }));
                }
                cells
            })
            .collect();
        let _ = writeln!(out, "#set text(size: 7pt)");
        table(&mut out, &headers, 1, &rows);
        let _ = writeln!(out, "#set text(size: 9.5pt)");
    }
    for category in Category::ALL {
        let changes: Vec<_> = comparison.changes_in(category).collect();
        if changes.is_empty() {
            continue;
        }
        heading(&mut out, 2, category.title());
        let side = |s: &Option<clause_compiler::diff::Side>| {
            content(s.as_ref().map_or("—", |s| s.text.as_str()))
        };
        let rows: Vec<Vec<String>> = changes
            .iter()
            .map(|c| {
                vec![
                    content(&c.subject),
                    side(&c.before),
                    side(&c.after),
                    content(&c.delta.as_ref().map_or_else(String::new, delta_text)),
                ]
            })
            .collect();
        let headers = ["Élément", "Avant", "Après", "Écart"].map(String::from);
        table(&mut out, &headers, 9, &rows);
    }
    out
}
