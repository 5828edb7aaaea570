//! The site's pages around the documents: the index of versions and comparisons, and the header
//! of each version's page (its files and its comparisons).

use super::plan::Pair;
use clause_compiler::diff::Comparison;
use clause_compiler::document::html::{body, status_badge};
use clause_compiler::document::style::page;
use clause_compiler::document::{csv, Document};
use maud::{html, Markup};

/// The file names of a version's documents, relative to the site's root.
pub struct VersionFiles {
    pub folder: String,
}

impl VersionFiles {
    pub fn new(id: &str) -> Self {
        VersionFiles {
            folder: id.to_string(),
        }
    }
    pub fn html(&self) -> String {
        format!("{}/index.html", self.folder)
    }
    pub fn markdown(&self) -> String {
        format!("{}/{}.md", self.folder, self.folder)
    }
    pub fn pdf(&self) -> String {
        format!("{}/{}.pdf", self.folder, self.folder)
    }
    pub fn funding_csv(&self) -> String {
        format!("{}/financement.csv", self.folder)
    }
    pub fn calendar_csv(&self) -> String {
        format!("{}/calendrier.csv", self.folder)
    }
    /// The page that computes a case in the browser (the site's only page with a script).
    pub fn simulator(&self) -> String {
        format!("{}/simulateur.html", self.folder)
    }
}

/// Which CSV tables a version publishes: a table without rows has no file.
pub fn csv_tables(doc: &Document) -> (bool, bool) {
    (
        csv::render_funding_csv(doc, csv::Dialect::French).is_some(),
        csv::render_calendar_csv(doc, csv::Dialect::French).is_some(),
    )
}

/// A version's title for a reader: its `titre`, else its identifier.
fn title_of(doc: &Document) -> &str {
    doc.title.as_deref().unwrap_or(&doc.id)
}

/// The base name of a comparison's files, under `comparaisons/`.
pub fn comparison_stem(pair: &Pair) -> String {
    format!("comparaisons/{}__{}", pair.old, pair.new)
}

pub fn version_page(doc: &Document, comparisons: &[Pair]) -> String {
    let mine: Vec<&Pair> = comparisons
        .iter()
        .filter(|p| p.old == doc.id || p.new == doc.id)
        .collect();
    let (funding, calendar) = csv_tables(doc);
    let content = html! {
        (body(doc, Some("../index.html")))
        section.no-print {
            h2 { "Fichiers de cette version" }
            ul.plain {
                li { a href=(format!("{}.pdf", doc.id)) { "PDF (A4)" } }
                li { a href=(format!("{}.md", doc.id)) { "Markdown" } }
                @if funding {
                    li { a href="financement.csv" { "CSV du financement" } " (tableur, séparateur point-virgule)" }
                }
                @if calendar {
                    li { a href="calendrier.csv" { "CSV du calendrier" } " (tableur, séparateur point-virgule)" }
                }
                li { a href="simulateur.html" { "Simulateur" } " — ce que verse cette version pour un cas, calculé dans le navigateur" }
                @for pair in &mine {
                    li { a href={ "../" (comparison_stem(pair)) ".html" } { "Comparaison : " (pair.old_title) " → " (pair.new_title) } " (" (pair.reason) ")" }
                }
            }
        }
    };
    page(title_of(doc), content)
}

/// A comparison page; `costing` links to the amendment's costing page (its file and the
/// population it was costed on).
pub fn comparison_page(
    comparison: &Comparison,
    old: &Document,
    new: &Document,
    costing: Option<(String, &str)>,
) -> String {
    let diff = clause_compiler::diff::html::body(comparison, old, new, Some("../index.html"));
    let content = html! {
        (diff)
        @if let Some((file, population)) = costing {
            section.no-print {
                h2 { "Chiffrage" }
                p {
                    a href=(file) { "Ce que coûte " (title_of(new)) " par rapport à " (title_of(old)) }
                    " : chaque contrat de la population " code { (population) } " évalué sous les deux versions, année par année."
                }
            }
        }
    };
    page(
        &format!("Comparaison : {} → {}", title_of(old), title_of(new)),
        content,
    )
}

fn dates(doc: &Document) -> Markup {
    html! {
        @for (i, fact) in doc.facts.iter().filter(|f| f.key.ends_with("_le")).enumerate() {
            @if i > 0 { br; }
            (fact.label) " " (fact.text)
        }
    }
}

pub fn index_page(docs: &[Document], comparisons: &[(Pair, usize)]) -> String {
    let content = html! {
        header.doc {
            p.kicker { "Clause · documents de référence" }
            h1 { "Accords conventionnels : versions et comparaisons" }
            p { "Tableaux de financement par tranche, calendriers des missions, modalités de versement et comparaisons, produits à partir des sources " code { ".clause" } " vérifiées." }
        }
        section {
            h2 { "Versions" }
            table {
                caption { (docs.len()) " versions" }
                thead { tr { th scope="col" { "Version" } th scope="col" { "Nature" } th scope="col" { "Statut" } th scope="col" { "Dates" } th scope="col" { "Documents" } } }
                tbody {
                    @for doc in docs {
                        @let files = VersionFiles::new(&doc.id);
                        @let (funding, calendar) = csv_tables(doc);
                        tr {
                            th scope="row" { a href=(files.html()) { (title_of(doc)) } br; span.ref { "réf. " (doc.id) } }
                            td {
                                @match doc.bases.first().and_then(|b| docs.iter().find(|d| &d.id == b)) {
                                    Some(base) => { "Avenant consolidé sur " (title_of(base)) }
                                    None => { (doc.kind) }
                                }
                            }
                            td { (status_badge(doc.status.as_deref())) }
                            td { (dates(doc)) }
                            td { a href=(files.html()) { "HTML" } " · " a href=(files.pdf()) { "PDF" } " · " a href=(files.markdown()) { "Markdown" } @if funding { " · " a href=(files.funding_csv()) { "CSV financement" } } @if calendar { " · " a href=(files.calendar_csv()) { "CSV calendrier" } } }
                        }
                    }
                }
            }
        }
        @if !comparisons.is_empty() {
            section {
                h2 { "Comparaisons" }
                table {
                    caption { "Chaque avenant face à sa base, et chaque version face à la précédente sur le même sujet" }
                    thead { tr { th scope="col" { "Avant" } th scope="col" { "Après" } th scope="col" { "Pourquoi" } th.num scope="col" { "Changements" } th scope="col" { "Formats" } } }
                    tbody {
                        @for (pair, count) in comparisons {
                            @let stem = comparison_stem(pair);
                            tr {
                                th scope="row" { (pair.old_title) br; span.ref { "réf. " (pair.old) } }
                                td { (pair.new_title) br; span.ref { "réf. " (pair.new) } }
                                td { (pair.reason) }
                                td.num { (count) }
                                td { a href={ (stem) ".html" } { "HTML" } " · " a href={ (stem) ".pdf" } { "PDF" } " · " a href={ (stem) ".md" } { "Markdown" } " · " a href={ (stem) ".txt" } { "texte" } " · " a href={ (stem) ".json" } { "JSON" } }
                            }
                        }
                    }
                }
            }
        }
    };
    page("Clause — versions et comparaisons", content)
}
