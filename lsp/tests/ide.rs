//! The server's features as plain functions, without the protocol (as rust-analyzer's `ide`
//! tests): a fixture text with `$0` at the cursor, the function called on a `Snapshot`, its
//! answer checked. The protocol tests (`protocol.rs`) check the same features through JSON-RPC.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use clause_compiler::document::{build_document, Cell};
use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::value::Value;
use clause_compiler::{Code, FileId, SourceDb, Span};
use clause_lsp::completion::completion;
use clause_lsp::definition::definition;
use clause_lsp::hover::hover;
use clause_lsp::inlay_hints::{inlay_hints, HintOptions};
use clause_lsp::references::references;
use clause_lsp::rename::rename;
use clause_lsp::symbols::{document_symbols, DocumentSymbol};
use clause_lsp::Snapshot;
use rust_decimal::Decimal;

const MARKER: &str = "$0";

/// A workspace of files (name, text); the one `$0` in them marks the cursor.
struct Fixture {
    snapshot: Snapshot,
    file: FileId,
    offset: usize,
}

fn fixture(files: &[(&str, &str)]) -> Fixture {
    let mut db = SourceDb::new();
    let mut cursor = None;
    for (name, text) in files {
        let at = text.find(MARKER);
        let file = db.add(*name, text.replacen(MARKER, "", 1));
        if let Some(at) = at {
            cursor = Some((file, at));
        }
    }
    let (file, offset) = cursor.expect("un `$0` marque le curseur");
    Fixture {
        snapshot: Snapshot::new(db),
        file,
        offset,
    }
}

fn single(text: &str) -> Fixture {
    fixture(&[("a.clause", text)])
}

impl Fixture {
    fn text(&self, span: Span) -> &str {
        self.snapshot.span_text(span)
    }

    /// `file:line` of a span (1-based line).
    fn line(&self, span: Span) -> String {
        let (line, _) = self.snapshot.db.line_column(span.file, span.start);
        format!("{}:{line}", self.snapshot.db.path(span.file))
    }
}

/// Text without any kind of space: French typography puts (narrow) no-break spaces in amounts.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A scale of three bands and a formula over it; `formula` replaces `FORMULE`.
const SCALE: &str = r#"accord essai "Essai" {
  statut projet
  source "essai"
  entrée habitants "Population couverte (habitants)" : nombre
  tranches taille selon habitants {
    taille_1 "Taille 1" : moins de 40 000
    taille_2 "Taille 2" : de 40 000 à moins de 80 000
    taille_3 "Taille 3" : à partir de 80 000
  }
  enveloppe fonctionnement "Rémunération du fonctionnement" par taille [50 000 €, 60 000 €, 75 000 €]
  valeur double "Double du fonctionnement" = FORMULE
    attendu [100 000 €, 120 000 €, 150 000 €]
}
"#;

fn scale(formula: &str) -> String {
    SCALE.replace("FORMULE", formula)
}

#[test]
fn hover_on_a_formula_shows_its_value_for_each_band() {
    let f = single(&scale("2 × fonctionnement").replace("valeur d", "valeur $0d"));
    let hovered = hover(&f.snapshot, f.file, f.offset).expect("survol");
    assert_eq!(f.text(hovered.span), "double");
    let text = squeezed(&hovered.markdown);
    // 2 × 50 000 € = 100 000 €; 2 × 60 000 € = 120 000 €; 2 × 75 000 € = 150 000 €.
    for row in [
        "|`taille_1`(Taille1)|100000€|",
        "|`taille_2`(Taille2)|120000€|",
        "|`taille_3`(Taille3)|150000€|",
    ] {
        assert!(
            text.contains(row),
            "{row} absent de :\n{}",
            hovered.markdown
        );
    }
}

#[test]
fn completion_in_a_formula_offers_the_versions_names() {
    // A name being typed (`fon`, unknown yet): the file still parses, so the version's names
    // are known.
    let f = single(&scale("2 × fon$0"));
    let labels: Vec<String> = completion(&f.snapshot, f.file, f.offset)
        .into_iter()
        .map(|c| c.label)
        .collect();
    for name in ["fonctionnement", "habitants"] {
        assert!(
            labels.iter().any(|l| l == name),
            "{name} absent : {labels:?}"
        );
    }
    // Expression keywords too.
    assert!(labels.iter().any(|l| l == "si"), "mots-clés : {labels:?}");
}

#[test]
fn definition_of_a_name_in_a_formula_is_its_declaration() {
    let f = single(&scale("2 × fonct$0ionnement"));
    let target = definition(&f.snapshot, f.file, f.offset).expect("définition");
    assert_eq!(f.text(target), "fonctionnement");
    assert_eq!(f.line(target), "a.clause:10");
}

#[test]
fn references_include_the_declaration_when_asked() {
    let f = single(&scale("2 × fonct$0ionnement"));
    let with: Vec<String> = references(&f.snapshot, f.file, f.offset, true)
        .into_iter()
        .map(|s| f.line(s))
        .collect();
    assert_eq!(with, ["a.clause:10", "a.clause:11"]);
    let without = references(&f.snapshot, f.file, f.offset, false);
    assert_eq!(without.len(), 1);
}

#[test]
fn rename_changes_every_occurrence_across_files() {
    // The amendment uses the base's envelope: renaming it in the base renames it there too.
    let base = scale("2 × fonct$0ionnement");
    let amendment = "avenant suite \"Suite\" modifie essai {\n  statut projet\n  \
                     ajoute valeur triple = 3 × fonctionnement\n}\n";
    let f = fixture(&[("essai.clause", &base), ("suite.clause", amendment)]);
    let edits = rename(&f.snapshot, f.file, f.offset, "moyens").expect("renommage");
    let mut places: Vec<String> = edits.iter().map(|e| f.line(e.span)).collect();
    places.sort();
    assert_eq!(
        places,
        ["essai.clause:10", "essai.clause:11", "suite.clause:3"]
    );
    assert!(edits.iter().all(|e| e.replacement == "moyens"));
}

#[test]
fn inlay_hints_show_band_names_before_entries_and_computed_values() {
    let f = single(&scale("2 × fonctionnement$0"));
    let text = f.snapshot.text(f.file).to_string();
    let hints = inlay_hints(&f.snapshot, f.file, 0, text.len(), HintOptions::default());
    let labels: Vec<String> = hints.iter().map(|h| squeezed(&h.label)).collect();
    // Each entry of the table is preceded by its band's name.
    for band in ["taille_1", "taille_2", "taille_3"] {
        assert!(
            labels.iter().any(|l| l.contains(band)),
            "{band} : {labels:?}"
        );
    }
    // The formula's values, band by band (2 × the envelope).
    assert!(
        labels
            .iter()
            .any(|l| l.contains("100000€") && l.contains("150000€")),
        "{labels:?}"
    );
}

#[test]
fn document_symbols_outline_the_version() {
    let f = single(&scale("2 × fonctionnement$0"));
    fn outline(symbols: &[DocumentSymbol], depth: usize, out: &mut Vec<String>) {
        for symbol in symbols {
            out.push(format!("{}{}", "  ".repeat(depth), symbol.name));
            outline(&symbol.children, depth + 1, out);
        }
    }
    let mut lines = Vec::new();
    outline(&document_symbols(&f.snapshot, f.file), 0, &mut lines);
    let names: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
    for name in ["essai", "habitants", "taille", "fonctionnement", "double"] {
        assert!(names.contains(&name), "{name} : {lines:#?}");
    }
    // The version holds the rest.
    assert_eq!(lines[0], "essai");
    assert!(lines[1..].iter().all(|l| l.starts_with("  ")), "{lines:#?}");
}

/// What the check, the document, the evaluation and the hover say of `double` for each band.
struct Seen {
    /// E0601 messages (the `attendu` against the formula).
    check: Vec<String>,
    document: Vec<Decimal>,
    evaluation: Vec<Decimal>,
    hover: String,
}

fn seen(formula: &str) -> Seen {
    let f = single(&scale(formula).replace("valeur d", "valeur $0d"));
    let analysis = &f.snapshot.analysis;
    let version = analysis.version("essai").expect("version");
    let check = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::ExpectedMismatch)
        .map(|d| d.message.clone())
        .collect();
    let document = build_document(version, &f.snapshot.db)
        .derived
        .into_iter()
        .find(|d| d.name == "double")
        .expect("valeur dans le document")
        .cells
        .into_iter()
        .map(|cell| match cell {
            Cell::Value(Value::Money(amount)) => amount,
            other => panic!("{other:?}"),
        })
        .collect();
    let compiled = CompiledVersion::new(version, &f.snapshot.db);
    let double = version
        .values
        .iter()
        .position(|v| v.name == "double")
        .expect("valeur");
    let evaluation = (0..3)
        .map(|band| compiled.static_amount(band, double).expect("montant"))
        .collect();
    let hover = squeezed(
        &hover(&f.snapshot, f.file, f.offset)
            .expect("survol")
            .markdown,
    );
    Seen {
        check,
        document,
        evaluation,
        hover,
    }
}

#[test]
fn a_formula_change_shows_in_check_document_evaluation_and_hover_alike() {
    let amounts = |list: [i64; 3]| list.map(Decimal::from).to_vec();
    // 2 × [50 000 €, 60 000 €, 75 000 €] = [100 000 €, 120 000 €, 150 000 €]: the `attendu`.
    let before = seen("2 × fonctionnement");
    assert!(before.check.is_empty(), "{:?}", before.check);
    assert_eq!(before.document, amounts([100_000, 120_000, 150_000]));
    assert_eq!(before.evaluation, before.document);
    assert!(before.hover.contains("|100000€|"), "{}", before.hover);

    // 3 × [50 000 €, 60 000 €, 75 000 €] = [150 000 €, 180 000 €, 225 000 €]: every reader of
    // the values sees the new formula.
    let after = seen("3 × fonctionnement");
    assert_eq!(after.check.len(), 3, "{:?}", after.check);
    assert!(squeezed(&after.check[0]).contains("laformuledonne150000€"));
    assert!(squeezed(&after.check[2]).contains("laformuledonne225000€"));
    assert_eq!(after.document, amounts([150_000, 180_000, 225_000]));
    assert_eq!(after.evaluation, after.document);
    for amount in ["|150000€|", "|180000€|", "|225000€|"] {
        assert!(after.hover.contains(amount), "{amount} : {}", after.hover);
    }
}

/// A version declaring `dates ambiguës : erreur`; `$0` is placed by each test.
const STRICT: &str = r#"accord strict "Strict" {
  statut projet
  source "essai"
  dates ambiguës : erreur
  valeur echeance = 2024-01-29 + 1 mois
}
"#;

#[test]
fn the_date_policy_is_hovered_completed_and_highlighted() {
    // Hover on the keyword: what the policy means.
    let f = single(&STRICT.replace("dates ambiguës", "da$0tes ambiguës"));
    let hovered = hover(&f.snapshot, f.file, f.offset).expect("survol du mot-clé");
    assert!(
        hovered.markdown.contains("début du mois suivant"),
        "{}",
        hovered.markdown
    );
    // Hover on the version: the policy in force, declared here.
    let f = single(&STRICT.replace("accord strict", "accord $0strict"));
    let hovered = hover(&f.snapshot, f.file, f.offset).expect("survol de la version");
    assert!(
        hovered.markdown.contains("dates ambiguës : erreur"),
        "{}",
        hovered.markdown
    );
    assert!(
        !hovered.markdown.contains("par défaut"),
        "{}",
        hovered.markdown
    );
    // Without a declaration, the default is said.
    let f = single(&SCALE.replace("accord essai", "accord $0essai"));
    let hovered = hover(&f.snapshot, f.file, f.offset).expect("survol de la version");
    assert!(
        hovered
            .markdown
            .contains("dates ambiguës : fin de mois (par défaut)"),
        "{}",
        hovered.markdown
    );
    // Completion at the start of an item offers the declaration.
    let f = single(&STRICT.replace("  valeur echeance", "  $0\n  valeur echeance"));
    let offered: Vec<String> = completion(&f.snapshot, f.file, f.offset)
        .into_iter()
        .map(|c| c.label)
        .collect();
    assert!(offered.iter().any(|l| l == "dates ambiguës"), "{offered:?}");
    // Semantic tokens: the words of the declaration are keywords.
    let f = single(&STRICT.replace("accord strict", "accord $0strict"));
    let tokens = clause_lsp::semantic_tokens::semantic_tokens(&f.snapshot, f.file);
    for word in ["dates", "ambiguës", "erreur"] {
        let token = tokens
            .iter()
            .find(|t| f.text(t.span) == word)
            .unwrap_or_else(|| panic!("`{word}` sans jeton"));
        assert_eq!(
            token.ty,
            clause_lsp::semantic_tokens::TokenType::Keyword,
            "{word}"
        );
    }
}

/// A reference declared once and cited twice; `CURSEUR` marks where `$0` goes.
fn cited(at: &str) -> String {
    r#"accord essai "Essai" {
  statut projet
  référence atelier "Accord CPTS : atelier de présentation" {
    émetteur "CPAM de l’Isère"
    date 2019-09-24
    fichier "001.txt"
  }
  source atelier
  enveloppe fonctionnement "Rémunération du fonctionnement" = 50 000 €
    source CURSEUR, diapositives 7 et 8
}
"#
    .replace("CURSEUR", at)
}

#[test]
fn hover_on_a_citation_shows_the_citation_and_the_reference() {
    let f = single(&cited("ate$0lier"));
    let hovered = hover(&f.snapshot, f.file, f.offset).expect("survol");
    assert_eq!(f.text(hovered.span), "atelier");
    // The words the documents and the evaluation write, then the full entry.
    assert!(
        hovered.markdown.contains(
            "Accord CPTS : atelier de présentation, CPAM de l’Isère, 24 septembre 2019, \
             diapositives 7 et 8"
        ),
        "{}",
        hovered.markdown
    );
    assert!(
        hovered.markdown.contains("Fichier : 001.txt"),
        "{}",
        hovered.markdown
    );
}

#[test]
fn a_citation_goes_to_its_reference_and_renames_with_it() {
    let f = single(&cited("ate$0lier"));
    let target = definition(&f.snapshot, f.file, f.offset).expect("définition");
    assert_eq!(f.text(target), "atelier");
    assert_eq!(f.line(target), "a.clause:3");
    let edits = rename(&f.snapshot, f.file, f.offset, "atelier_isere").expect("renommage");
    // The declaration and both citations.
    let mut places: Vec<String> = edits.iter().map(|e| f.line(e.span)).collect();
    places.sort();
    assert_eq!(places, ["a.clause:10", "a.clause:3", "a.clause:8"]);
}

#[test]
fn completion_after_source_offers_the_references() {
    // A name being typed after `source`: only the references are offered.
    let f = single(&cited("ate$0"));
    let offered: Vec<_> = completion(&f.snapshot, f.file, f.offset)
        .into_iter()
        .filter(|c| c.label == "atelier")
        .collect();
    assert_eq!(offered.len(), 1, "la référence est proposée");
    let all = completion(&f.snapshot, f.file, f.offset);
    assert!(
        !all.iter().any(|c| c.label == "fonctionnement"),
        "pas les valeurs après `source`"
    );
    assert_eq!(
        offered[0].detail.as_deref(),
        Some("Accord CPTS : atelier de présentation, CPAM de l’Isère, 24 septembre 2019")
    );
}

const RATE_BANDS: &str = "accord essai \"Essai\" {
  statut signé
  signé le 2019-06-20
  source \"essai\"
  entrée atteinte : taux
  tranches niveau selon atteinte, de 0 % à 100 % {
    bas : moins de 50 %
    moyen : de 50 % à 80 % (hypothèse \"80 % appartient au niveau moyen\")
    haut : de plus de 80 % à 100 %
  }
  enveloppe fonctionnement par niveau [1 €, 2 €, 3 €]
}
";

#[test]
fn rate_bands_are_hovered_with_their_domain_exact_bounds_and_bound_hypothesis() {
    // The band set: its declared domain and each band's bounds as written, open or closed.
    let f = single(&RATE_BANDS.replace("tranches niveau", "tranches $0niveau"));
    let hovered = hover(&f.snapshot, f.file, f.offset).expect("survol des tranches");
    for said in [
        "domaine : de 0 % à 100 %",
        "`haut` : de plus de 80 % à 100 %",
    ] {
        assert!(
            hovered.markdown.contains(said),
            "{said} : {}",
            hovered.markdown
        );
    }
    // A band: its range in words (no « bornes comprises » for an excluded bound) and the
    // hypothesis written on its bound.
    let f = single(&RATE_BANDS.replace("    moyen :", "    $0moyen :"));
    let hovered = hover(&f.snapshot, f.file, f.offset).expect("survol de la tranche");
    assert!(
        hovered.markdown.contains("de 50 % à 80 %"),
        "{}",
        hovered.markdown
    );
    assert!(
        hovered
            .markdown
            .contains("seuil 80 % : 80 % appartient au niveau moyen"),
        "{}",
        hovered.markdown
    );
}

/// A table by two criteria and a table of rules (`CURSEUR` marks where `$0` goes).
const CRITERIA: &str = r#"accord zones "Zones" {
  statut projet
  source "essai"
  énumération type_zone { urbaine "Zone urbaine", rurale "Zone rurale" }
  entrée habitants : nombre
  entrée zone : type_zone
  entrée atteinte : taux
  tranches taille selon habitants {
    taille_1 "Taille 1" : moins de 40 000
    taille_2 "Taille 2" : à partir de 40 000
  }
  enveloppe installation "Installation" par taille et zone {
    taille_1 : [10 000 €, 12 000 €]
    taille_2 : { urbaine : 15 000 €, rurale : 18 000 € }
  }
  valeur bonus selon habitants et atteinte {
    moins de 40 000, à partir de 0 % : 1 000 €
    à partir de 40 000, à partir de 0 % : 2 000 €
  }
}
"#;

#[test]
fn tables_by_two_criteria_are_hovered_completed_and_highlighted() {
    // Hover: the two-way table of the cells, as the documents show them.
    let f = single(&CRITERIA.replace("enveloppe installation", "enveloppe $0installation"));
    let hovered = hover(&f.snapshot, f.file, f.offset).expect("survol");
    let text = squeezed(&hovered.markdown);
    assert!(
        text.contains("montantpar`taille`et`zone`"),
        "{}",
        hovered.markdown
    );
    for row in ["|`taille_1`|10000€|12000€|", "|`taille_2`|15000€|18000€|"] {
        assert!(
            text.contains(row),
            "{row} absent de :\n{}",
            hovered.markdown
        );
    }
    // A table of rules: a rule per row.
    let f = single(&CRITERIA.replace("valeur bonus", "valeur $0bonus"));
    let hovered = hover(&f.snapshot, f.file, f.offset).expect("survol");
    assert!(
        squeezed(&hovered.markdown).contains("|àpartirde40000|àpartirde0%|2000€|"),
        "{}",
        hovered.markdown
    );
    // Completion: after `par taille et`, the band sets and enumerated inputs; after `selon
    // habitants et`, the numeric inputs; a row's keys, then a row's cells.
    let offered = |text: &str| -> Vec<String> {
        let f = single(text);
        completion(&f.snapshot, f.file, f.offset)
            .into_iter()
            .map(|c| c.label)
            .collect()
    };
    let second = offered(&CRITERIA.replace("par taille et zone", "par taille et $0zone"));
    assert!(second.contains(&"zone".to_string()) && second.contains(&"taille".to_string()));
    assert!(!second.contains(&"habitants".to_string()), "{second:?}");
    let input = offered(&CRITERIA.replace(
        "selon habitants et atteinte",
        "selon habitants et $0atteinte",
    ));
    assert!(input.contains(&"atteinte".to_string()) && !input.contains(&"zone".to_string()));
    let rows = offered(&CRITERIA.replace("    taille_2 : {", "    $0\n    taille_2 : {"));
    assert!(rows.contains(&"taille_2".to_string()), "{rows:?}");
    let cells = offered(&CRITERIA.replace("urbaine : 15 000 €, ", "urbaine : 15 000 €, $0"));
    assert!(cells.contains(&"rurale".to_string()), "{cells:?}");
    // Semantic tokens: the criteria and a row's band are names of their kind.
    let f = single(&CRITERIA.replace("accord zones", "accord $0zones"));
    let tokens = clause_lsp::semantic_tokens::semantic_tokens(&f.snapshot, f.file);
    let grid_at = CRITERIA.find("par taille et zone").expect("grid");
    let kind_at = |word: &str, from: usize| {
        let at = from + CRITERIA[from..].find(word).expect("word");
        tokens
            .iter()
            .find(|t| t.span.start == at)
            .map(|t| t.ty)
            .unwrap_or_else(|| panic!("`{word}` sans jeton"))
    };
    use clause_lsp::navigation::NameKind;
    use clause_lsp::semantic_tokens::TokenType;
    assert_eq!(
        kind_at("taille", grid_at),
        TokenType::Name(NameKind::BandSet)
    );
    assert_eq!(
        kind_at("zone", grid_at + 4),
        TokenType::Name(NameKind::Input)
    );
    assert_eq!(
        kind_at("taille_2 :", grid_at),
        TokenType::Name(NameKind::Band)
    );
}
