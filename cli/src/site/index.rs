//! The site's pages around the documents: the index of versions and comparisons, and the header
//! of each version's page (its files and its comparisons).

use super::plan::Pair;
use clause_compiler::diff::Comparison;
use clause_compiler::document::html::{body, status_badge};
use clause_compiler::document::style::page;
use clause_compiler::document::Document;
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

/// The base name of a comparison's files, under `comparaisons/`.
pub fn comparison_stem(pair: &Pair) -> String {
    format!("comparaisons/{}__{}", pair.old, pair.new)
}

pub fn version_page(doc: &Document, comparisons: &[Pair]) -> String {
    let files = VersionFiles::new(&doc.id);
    let mine: Vec<&Pair> = comparisons
        .iter()
        .filter(|p| p.old == doc.id || p.new == doc.id)
        .collect();
    let content = html! {
        (body(doc, Some("../index.html")))
        section.no-print {
            h2 { "Fichiers de cette version" }
            ul.plain {
                li { a href=(format!("{}.md", doc.id)) { "Markdown" } " — " code { (files.markdown()) } }
                li { a href="financement.csv" { "CSV du financement" } " — colonnes " code { "version,ligne,tranche,montant" } }
                li { a href="simulateur.html" { "Simulateur" } " — ce que verse cette version pour un cas, calculé dans le navigateur" }
                li { a href="calendrier.csv" { "CSV du calendrier" } " — colonnes " code { "version,mission,nature,demarrage_mois,deploiement_mois" } }
                @for pair in &mine {
                    li { a href={ "../" (comparison_stem(pair)) ".html" } { "Comparaison " (pair.old) " → " (pair.new) } " (" (pair.reason) ")" }
                }
            }
        }
    };
    let title = doc.title.clone().unwrap_or_else(|| doc.id.clone());
    page(&format!("{title} — {}", doc.id), content)
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
                    a href=(file) { "Ce que coûte " (new.title.as_deref().unwrap_or(&new.id)) " par rapport à " (old.title.as_deref().unwrap_or(&old.id)) }
                    " : chaque contrat de la population " code { (population) } " évalué sous les deux versions, année par année."
                }
            }
        }
    };
    page(
        &format!("Comparaison {} → {}", comparison.old.id, comparison.new.id),
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
                        tr {
                            th scope="row" { a href=(files.html()) { (doc.title.as_deref().unwrap_or(&doc.id)) } br; code { (doc.id) } }
                            td { (doc.kind) }
                            td { (status_badge(doc.status.as_deref())) }
                            td { (dates(doc)) }
                            td { a href=(files.html()) { "HTML" } " · " a href=(files.markdown()) { "Markdown" } " · " a href=(files.funding_csv()) { "CSV financement" } " · " a href=(files.calendar_csv()) { "CSV calendrier" } }
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
                                th scope="row" { code { (pair.old) } }
                                td { code { (pair.new) } }
                                td { (pair.reason) }
                                td.num { (count) }
                                td { a href={ (stem) ".html" } { "HTML" } " · " a href={ (stem) ".md" } { "Markdown" } " · " a href={ (stem) ".txt" } { "texte" } " · " a href={ (stem) ".json" } { "JSON" } }
                            }
                        }
                    }
                }
            }
        }
    };
    page("Clause — versions et comparaisons", content)
}
