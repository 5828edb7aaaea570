//! The reference document as one self-contained, printable HTML page (maud escapes every text
//! that comes from the sources).

use super::model::*;
use super::style::page;
use super::words;
use crate::ir::Change;
use maud::{html, Markup};

pub fn render_html(doc: &Document) -> String {
    let title = doc.title.clone().unwrap_or_else(|| doc.id.clone());
    page(&title, body(doc, None))
}

/// The page's body; `back` is a link to the site's index, when the page is part of a site.
pub fn body(doc: &Document, back: Option<&str>) -> Markup {
    html! {
        @if let Some(href) = back {
            nav.crumbs { a href=(href) { "← Toutes les versions" } }
        }
        (header(doc))
        (bands(doc))
        (boundaries(doc))
        (funding(doc))
        (super::two_way::html(doc))
        (calendar(doc))
        (payment_rules(doc))
        (derived(doc))
        (inputs(doc))
        (checks("Vérifications", "verifications", &doc.assertions))
        (checks("Exemples chiffrés", "exemples", &doc.examples))
        (hypotheses(doc))
        (references(doc))
    }
}

/// The full list of the references cited, at the end of the document.
fn references(doc: &Document) -> Markup {
    html! {
        @if !doc.references.is_empty() {
            section id="references" {
                h2 { "Références" }
                ol.references { @for entry in &doc.references { li { (entry) } } }
            }
        }
    }
}

pub fn status_badge(status: Option<&str>) -> Markup {
    html! {
        @if let Some(status) = status {
            span class={ "status status-" (status) } { (status) }
        }
    }
}

/// A discreet reference: the identifier a reader needs to find the clause in the sources,
/// in small grey type, never a title. Every identifier on a published page is inside one.
pub fn reference(identifier: &str) -> Markup {
    html! { span.ref { "réf. " (identifier) } }
}

fn header(doc: &Document) -> Markup {
    html! {
        header.doc {
            p.kicker { (doc.kind) " " (reference(&doc.id)) @for base in &doc.bases { " " (reference(base)) } }
            h1 { (doc.title.as_deref().unwrap_or(&doc.id)) (status_badge(doc.status.as_deref())) }
            dl.facts {
                @for fact in &doc.facts {
                    dt { (fact.label) }
                    dd { (fact.text) (setter_badge(&fact.provenance)) }
                }
                @if !doc.sources.is_empty() {
                    dt { "Sources" }
                    dd {
                        @for (i, source) in doc.sources.iter().enumerate() {
                            @if i > 0 { br; }
                            (source.text) (setter_badge(&source.provenance))
                        }
                    }
                }
            }
        }
    }
}

/// « base » / « ajout » / « remplacé »: who set an item of a consolidated version.
pub fn setter_badge(provenance: &Provenance) -> Markup {
    html! {
        @if let Some(setter) = &provenance.setter {
            @match (setter.change, setter.is_base) {
                (Change::Added, _) => span.badge.added title={ "réf. " (setter.declared_in) } { "ajouté par l’avenant" },
                (Change::Replaced, _) => span.badge.replaced title={ "réf. " (setter.declared_in) } { "remplacé par l’avenant" },
                (Change::Original, true) => span.badge.base title={ "réf. " (setter.declared_in) } { "accord de base" },
                (Change::Original, false) => span.badge.added title={ "réf. " (setter.declared_in) } { "avenant" },
            }
        }
    }
}

fn provenance_cell(provenance: &Provenance) -> Markup {
    html! {
        td.prov {
            (provenance.sources.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(" ; "))
            (setter_badge(provenance))
        }
    }
}

fn hypothesis_refs(numbers: &[usize]) -> Markup {
    html! {
        @for n in numbers {
            sup.hyp { a href={ "#H" (n) } title="hypothèse : voir la liste en fin de document" { "H" (n) } }
        }
    }
}

pub fn cell(c: &Cell) -> Markup {
    html! {
        @match c {
            Cell::Hole => td.num.hole { (words::HOLE) },
            other => td.num { (words::cell(other)) },
        }
    }
}

fn bands(doc: &Document) -> Markup {
    html! {
        @for set in &doc.band_sets {
            section {
                h2 { "Tranches de taille" }
                table {
                    caption { "Tranches selon " (set.dimension_label.as_deref().unwrap_or(&set.dimension)) " " (reference(&set.name)) }
                    thead { tr { th scope="col" { "Tranche" } th scope="col" { (words::capitalise(&set.dimension)) } } }
                    tbody {
                        @for band in &set.bands {
                            tr {
                                th scope="row" { (band.label) (hypothesis_refs(&band.hypotheses)) " " (reference(&band.name)) }
                                td { (band.range_text) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The values at the band boundaries (`boundaries.rs`), one section.
fn boundaries(doc: &Document) -> Markup {
    use super::boundaries::{grid, NO_BANDS};
    html! {
        section #seuils {
            h2 { "Valeurs aux seuils" }
            @if doc.boundaries.is_empty() { p { (NO_BANDS) } }
            @for t in &doc.boundaries {
                @let (header, rows) = grid(t);
                @let amounts = 4..4 + t.lines.len();
                @let label = format!("Valeurs aux seuils des tranches {} selon {}", t.band_set, t.dimension);
                (super::style::wide_table(&label, html! { table {
                    caption { "Tranches " code { (t.band_set) } " selon " (t.dimension) " : juste en dessous, au seuil et juste au-dessus de chaque borne" }
                    thead { tr { @for h in &header { th scope="col" { (h) } } } }
                    tbody {
                        @for row in &rows {
                            tr {
                                @for (i, cell) in row.iter().enumerate() {
                                    @if i == 3 { th scope="row" { (cell) } }
                                    @else if i < 3 || amounts.contains(&i) { td.num { (cell) } }
                                    @else { td { (cell) } }
                                }
                            }
                        }
                    }
                } }))
            }
        }
    }
}

fn band_header(doc: &Document, table: &FundingTable) -> Markup {
    let set = table
        .band_set
        .as_ref()
        .and_then(|name| doc.band_sets.iter().find(|s| &s.name == name));
    html! {
        @match set {
            Some(set) => {
                @for band in &set.bands {
                    th.num scope="col" { (band.label) span.range { (band.range_text) } }
                }
            }
            None => { @for column in &table.columns { th.num scope="col" { (column) } } }
        }
    }
}

fn funding_body(table: &FundingTable, with_timing: bool) -> Markup {
    let width = table.columns.len() + 2 + usize::from(with_timing);
    // One body per group: a mission's heading and its lines are kept together in print.
    html! {
            @for group in &table.groups {
              tbody.group {
                @if let Some(mission) = &group.mission {
                    tr.group { th colspan=(width) scope="colgroup" { "Mission « " (mission.label) " » " span.nature { "(" (mission.nature) ")" } } }
                }
                @for row in &group.rows {
                    tr.line {
                        th scope="row" class=[group.mission.as_ref().map(|_| "indent")] {
                            (row.label) (hypothesis_refs(&row.hypotheses))
                            @if let Some(formula) = &row.formula { span.formula { "calculé : " (formula) } }
                        }
                        @if with_timing { td { (row.timing) } }
                        @if row.uniform && table.columns.len() > 1 {
                            @match row.cells.first() {
                                Some(Cell::Hole) => td.num.hole colspan=(table.columns.len()) { (words::HOLE) " (toutes tranches)" },
                                Some(c) => td.num colspan=(table.columns.len()) { (words::cell(c)) " (toutes tranches)" },
                                None => td colspan=(table.columns.len()) {},
                            }
                        } @else {
                            @for c in &row.cells { (cell(c)) }
                        }
                        (provenance_cell(&row.provenance))
                    }
                }
              }
            }
    }
}

fn funding(doc: &Document) -> Markup {
    html! {
        @for table in &doc.funding {
            section {
                h2 { "Financement annuel maximum par tranche" }
                table.funding {
                    caption { "Montants maximaux versés chaque année du contrat, en euros" }
                    thead { tr { th scope="col" { "Ligne de financement" } (band_header(doc, table)) th scope="col" { "Provenance" } } }
                    (funding_body(table, false))
                    @if let Some(total) = &table.total {
                        tfoot {
                            tr.total {
                                th scope="row" { (total.label) }
                                @for c in &total.cells { (cell(c)) }
                                td.prov { "calculé" }
                            }
                        }
                    }
                }
                @if let Some(total) = &table.total { p.note { (total.note) } }
            }
        }
        @for table in &doc.other_payments {
            section {
                h2 { "Versements ponctuels, conditionnels ou selon l'année du contrat" }
                p.note { "Ces montants ne sont pas comptés dans le total annuel." }
                table.funding {
                    caption { "Montants par versement, en euros" }
                    thead { tr { th scope="col" { "Ligne de financement" } th scope="col" { "Versement" } (band_header(doc, table)) th scope="col" { "Provenance" } } }
                    (funding_body(table, true))
                }
            }
        }
    }
}

fn deadline(d: &Deadline) -> Markup {
    html! {
        @if d.is_hole { td.hole { (d.text) } } @else { td { (d.text) } }
    }
}

fn calendar(doc: &Document) -> Markup {
    html! {
        @if !doc.calendar.is_empty() {
            section {
                h2 { "Calendrier des missions" }
                table {
                    caption { "Échéances comptées à partir de la signature du contrat" }
                    thead { tr { th scope="col" { "Mission" } th scope="col" { "Nature" } th scope="col" { "Démarrage" } th scope="col" { "Déploiement effectif" } th scope="col" { "Indicateurs" } th scope="col" { "Provenance" } } }
                    tbody {
                        @for row in &doc.calendar {
                            tr {
                                th scope="row" { (row.label) (hypothesis_refs(&row.hypotheses)) }
                                td { (row.nature) }
                                (deadline(&row.start))
                                (deadline(&row.effective))
                                td {
                                    @if row.indicators.is_empty() { "—" } @else {
                                        ul.plain { @for indicator in &row.indicators { li { (indicator) } } }
                                    }
                                }
                                (provenance_cell(&row.provenance))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn payment_rules(doc: &Document) -> Markup {
    html! {
        @if !doc.payment_rules.is_empty() {
            section {
                h2 { "Modalités de versement" }
                table {
                    caption { "Chaque règle une fois, avec les enveloppes auxquelles elle s’applique" }
                    thead { tr { th scope="col" { "Versement" } th scope="col" { "Part fixe / part variable" } th scope="col" { "Enveloppes concernées" } } }
                    tbody {
                        @for rule in doc.factored_payment_rules() {
                            tr {
                                th scope="row" { (rule.text) }
                                td { @if let Some(fixed) = rule.fixed_share { (fixed) (hypothesis_refs(rule.hypotheses)) } @else { "—" } }
                                td { ul.plain { @for label in &rule.labels { li { (label) } } } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn derived(doc: &Document) -> Markup {
    let columns: Vec<String> = doc
        .derived
        .iter()
        .find(|d| !d.columns.is_empty())
        .map(|d| d.columns.clone())
        .unwrap_or_default();
    let width = columns.len().max(1);
    html! {
        @if !doc.derived.is_empty() {
            section {
                h2 { "Montants dérivés" }
                table {
                    caption { "Valeurs calculées à partir des lignes de financement et des entrées" }
                    thead {
                        tr {
                            th scope="col" { "Valeur" } th scope="col" { "Formule" }
                            @if columns.is_empty() { th.num scope="col" { "Valeur" } } @else { @for c in &columns { th.num scope="col" { (c) } } }
                            th scope="col" { "Provenance" }
                        }
                    }
                    tbody {
                        @for value in &doc.derived {
                            tr {
                                th scope="row" { (value.label) (hypothesis_refs(&value.hypotheses)) " " (reference(&value.name)) }
                                td { (value.formula) }
                                @if value.columns.len() == columns.len() && !columns.is_empty() {
                                    @for c in &value.cells { (cell(c)) }
                                } @else {
                                    @match value.cells.first() {
                                        Some(Cell::DependsOnInputs) => td.num colspan=(width) { "selon les entrées du cas" },
                                        Some(c) => td.num colspan=(width) { (words::cell(c)) },
                                        None => td colspan=(width) {},
                                    }
                                }
                                (provenance_cell(&value.provenance))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn inputs(doc: &Document) -> Markup {
    html! {
        @if !doc.inputs.is_empty() {
            section {
                h2 { "Entrées d'un cas" }
                table {
                    caption { "Ce qu'il faut connaître d'une CPTS ou d'une équipe pour calculer ses droits" }
                    thead { tr { th scope="col" { "Entrée" } th scope="col" { "Type" } } }
                    tbody { @for input in &doc.inputs { tr { th scope="row" { (input.label.as_deref().unwrap_or("")) " " (reference(&input.name)) } td { (input.type_name) } } } }
                }
            }
        }
        @if !doc.conditions.is_empty() {
            section {
                h2 { "Conditions d'éligibilité" }
                table {
                    caption { "Toutes doivent être remplies" }
                    thead { tr { th scope="col" { "Condition" } th scope="col" { "En clair" } } }
                    tbody { @for c in &doc.conditions { tr { th scope="row" { (c.label.as_deref().unwrap_or("")) " " (reference(&c.name)) } td { (c.text) } } } }
                }
            }
        }
    }
}

fn verdict(check: &CheckDoc) -> Markup {
    let class = match check.verdict {
        Verdict::Verified | Verdict::PerCase => "ok",
        Verdict::Failed => "ko",
        Verdict::Unverifiable => "unknown",
    };
    let mark = match check.verdict {
        Verdict::Verified | Verdict::PerCase => "✓",
        Verdict::Failed => "✗",
        Verdict::Unverifiable => "?",
    };
    html! {
        td class=(class) { (mark) " " (check.verdict.french()) @if let Some(detail) = &check.detail { br; span.note { (detail) } } }
    }
}

fn checks(title: &str, id: &str, items: &[CheckDoc]) -> Markup {
    // Provenance says something only in a consolidated version (base or amendment).
    let with_provenance = items
        .iter()
        .any(|c| c.provenance.setter.is_some() || !c.provenance.sources.is_empty());
    html! {
        @if !items.is_empty() {
            section id=(id) {
                h2 { (title) }
                table {
                    caption { "Chaque énoncé est recalculé à partir des sources à chaque production du document" }
                    thead { tr { th scope="col" { "Énoncé" } th scope="col" { "Détail" } th scope="col" { "Résultat" } @if with_provenance { th scope="col" { "Provenance" } } } }
                    tbody {
                        @for check in items {
                            tr { th scope="row" { (check.label) } td { (check.statement) } (verdict(check)) @if with_provenance { (provenance_cell(&check.provenance)) } }
                        }
                    }
                }
            }
        }
    }
}

fn hypotheses(doc: &Document) -> Markup {
    html! {
        @if !doc.hypotheses.is_empty() || !doc.holes.is_empty() {
            section id="hypotheses" {
                h2 { "Hypothèses et lacunes" }
                @if !doc.hypotheses.is_empty() {
                    p.note { "Hypothèses : choix de modélisation que les sources ne disent pas." }
                    ul.plain {
                        @for h in &doc.hypotheses {
                            li id={ "H" (h.number) } { strong { "H" (h.number) } " " (h.text) span.note { " — concerne : " (h.concerns.join(", ")) } }
                        }
                    }
                }
                @if !doc.holes.is_empty() {
                    p.note { "Lacunes : valeurs que les sources ne précisent pas (" span.hole { (words::HOLE) } ")." }
                    ul.plain { @for hole in &doc.holes { li { (hole) } } }
                }
            }
        }
    }
}
