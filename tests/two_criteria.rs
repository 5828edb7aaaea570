//! Tables by two criteria and tables of rules over two inputs: the cell a case picks, its value
//! in formulas, the values per cell computed once, the rule a case falls in, the explanation,
//! and the formatter's round trip. Every figure computed by hand in the comments.

use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use clause_compiler::format::format_source;
use clause_compiler::ir::{Axis, GridAxes, ValueKey};
use clause_compiler::value::Value;
use clause_compiler::{analyze, Analysis, SourceDb};
use rust_decimal::Decimal;

const SOURCE: &str = r#"accord contrat_zones "Contrat par taille et zone" {
  statut projet
  source "note"

  énumération type_zone { urbaine "Zone urbaine", rurale "Zone rurale" }
  entrée habitants "Population couverte (habitants)" : nombre
  entrée zone "Zone d'implantation" : type_zone
  entrée atteinte "Taux d'atteinte" : taux
  tranches taille selon habitants {
    taille_1 "Taille 1" : moins de 40 000
    taille_2 "Taille 2" : à partir de 40 000
  }
  enveloppe fonctionnement "Fonctionnement" par taille [50 000 €, 60 000 €]
  enveloppe installation "Aide à l'installation" par taille et zone {
    taille_1 : [10 000 €, 12 000 €]
    taille_2 : { rurale : 18 000 €, urbaine : 15 000 € }
  }
  valeur total "Fonctionnement et installation" = fonctionnement + installation
  valeur bonus "Bonus de résultat" selon habitants et atteinte {
    moins de 40 000, moins de 50 % : 0 €
    moins de 40 000, à partir de 50 % : 1 000 €
    à partir de 40 000, moins de 50 % : 500 €
    à partir de 40 000, à partir de 50 % : 2 000 €
  }
}
"#;

fn analysis() -> (SourceDb, Analysis) {
    let mut db = SourceDb::new();
    db.add("zones.clause", SOURCE);
    let analysis = analyze(&db);
    (db, analysis)
}

fn money(n: i64) -> Value {
    Value::Money(Decimal::from(n))
}

#[test]
fn a_clean_version_checks_clean() {
    let (_, analysis) = analysis();
    assert!(
        analysis.diagnostics.is_empty(),
        "{:#?}",
        analysis.diagnostics
    );
}

/// Each cell is a scenario computed once: `installation` and `total` per cell, `total` being
/// the band's `fonctionnement` plus the cell (taille_2 × rurale: 60 000 + 18 000 = 78 000 €).
#[test]
fn the_values_of_each_cell_are_computed_once() {
    let (_, analysis) = analysis();
    let version = analysis.version("contrat_zones").expect("version");
    let installation = version.value_named("installation").expect("installation");
    let total = version.value_named("total").expect("total");
    let axes = version.values[installation].grid.expect("by two criteria");
    assert_eq!(version.values[total].grid, Some(axes));
    let zone = version.input_named("zone").expect("zone");
    assert!(matches!(
        axes,
        GridAxes { rows: Axis::Bands(0), columns: Axis::Variants(z, _) } if z == zone
    ));
    assert_eq!(version.static_values.of_grid(axes).count(), 4);
    // (row, column) -> (installation, total): 50 000 + 10 000, 50 000 + 12 000,
    // 60 000 + 15 000, 60 000 + 18 000.
    for (row, column, cell, sum) in [
        (0, 0, 10_000, 60_000),
        (0, 1, 12_000, 62_000),
        (1, 0, 15_000, 75_000),
        (1, 1, 18_000, 78_000),
    ] {
        let key = ValueKey::cell(axes, row, column);
        assert_eq!(
            version.static_values.get(key, installation),
            Ok(money(cell))
        );
        assert_eq!(version.static_values.get(key, total), Ok(money(sum)));
    }
}

/// `clause eval`: 50 000 habitants (taille_2), zone rurale, 75 % of achievement: the cell
/// taille_2 × rurale (18 000 €), total 60 000 + 18 000 = 78 000 €, the rule « à partir de
/// 40 000, à partir de 50 % » (the fourth): 2 000 €; the explanation names cell and rule.
#[test]
fn a_case_picks_its_cell_and_its_rule_and_says_which() {
    let (db, analysis) = analysis();
    let version = analysis.version("contrat_zones").expect("version");
    let case = Case::from_json(
        version,
        r#"{ "entrees": { "habitants": 50000, "zone": "rurale", "atteinte": 0.75 } }"#,
    )
    .expect("valid case");
    let compiled = CompiledVersion::new(version, &db);
    let evaluation = evaluate(&compiled, &case, true);
    let result = |name: &str| {
        evaluation
            .resultats
            .iter()
            .find(|r| r.nom == name)
            .map(|r| r.valeur.to_string())
            .unwrap_or_else(|| panic!("{name}: {:#?}", evaluation.resultats))
    };
    assert_eq!(result("installation"), "18000.00");
    assert_eq!(result("total"), "78000.00");
    assert_eq!(result("bonus"), "2000.00");
    let explained = evaluation.explication.join("\n");
    assert!(
        explained.contains(
            "case de `installation` : taille `taille_2` (habitants = 50 000) × zone `rurale`"
        ),
        "{explained}"
    );
    assert!(
        explained
            .contains("table de règles `bonus` : habitants = 50 000, atteinte = 75 % : règle 4"),
        "{explained}"
    );
}

/// The formatter writes both tables one row per line and reads its output back the same.
#[test]
fn the_formatter_round_trips_both_tables() {
    let once = format_source(clause_grammar::FileId(0), SOURCE).expect("formats");
    assert!(once.contains("  enveloppe installation \"Aide à l'installation\" par taille et zone {\n    taille_1 : [10 000 €, 12 000 €]\n"), "{once}");
    assert!(
        once.contains("    à partir de 40 000, à partir de 50 % : 2000 €\n  }"),
        "{once}"
    );
    let twice = format_source(clause_grammar::FileId(0), &once).expect("formats again");
    assert_eq!(once, twice);
}

/// The reference document shows each table by two criteria as a two-way table (rows: taille,
/// columns: zone), the formula using it too, and the table of rules a rule per row; the CSV
/// has one record per cell.
#[test]
fn documents_show_two_way_tables() {
    use clause_compiler::document::{build_document, csv, html, markdown};
    let (db, analysis) = analysis();
    let version = analysis.version("contrat_zones").expect("version");
    let doc = build_document(version, &db);
    let md = markdown::render_markdown(&doc).replace(['\u{a0}', '\u{202f}'], " ");
    assert!(md.contains("## Tableaux à deux critères"), "{md}");
    // Cells from the values computed once per cell: 10 000, 12 000 / 15 000, 18 000 €; the
    // total 60 000, 62 000 / 75 000, 78 000 €.
    for row in [
        "| taille \\\\ zone | Zone urbaine | Zone rurale |",
        "| Taille 2 | 15 000 € | 18 000 € |",
        "| Taille 2 | 75 000 € | 78 000 € |",
        "| à partir de 40 000 | à partir de 50 % | 2 000 € |",
    ] {
        assert!(md.contains(row), "{row} in\n{md}");
    }
    let page = html::render_html(&doc);
    assert!(page.contains("Tableaux à deux critères") && page.contains("Tables de règles"));
    let csv = csv::render_two_way_csv(&doc, csv::Dialect::Rfc4180).expect("cells");
    assert!(
        csv.contains("contrat_zones,installation,taille,Taille 2,zone,Zone rurale,18000"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 1 + 4 + 4, "{csv}");
}

/// `montant` bounds written with `€` (`de 10 000 € à moins de 50 000 €`): read as euros (a
/// budget of 10 000 € is `moyenne`, 9 999,99 € `petite`), kept by the formatter.
#[test]
fn amount_bounds_are_written_in_euros() {
    let source = r#"accord budgets "Budgets" {
  statut projet
  source "note"
  entrée budget : montant
  tranches structure selon budget {
    petite : moins de 10 000 €
    moyenne : de 10 000 € à moins de 50 000 euros
    grande : à partir de 50 000 €
  }
  enveloppe aide par structure [1 000 €, 2 000 €, 3 000 €]
}
"#;
    let mut db = SourceDb::new();
    db.add("budgets.clause", source);
    let analysis = analyze(&db);
    assert!(
        analysis.diagnostics.is_empty(),
        "{:#?}",
        analysis.diagnostics
    );
    let version = analysis.version("budgets").expect("version");
    let set = &version.band_sets[0];
    assert_eq!(set.band_of(Decimal::new(999_999, 2)), Some(0));
    assert_eq!(set.band_of(Decimal::from(10_000)), Some(1));
    assert_eq!(set.band_of(Decimal::from(50_000)), Some(2));
    let once = format_source(clause_grammar::FileId(0), source).expect("formats");
    assert!(
        once.contains("moyenne : de 10 000 € à moins de 50 000 €"),
        "{once}"
    );
    assert_eq!(
        format_source(clause_grammar::FileId(0), &once).expect("formats again"),
        once
    );
}

/// A table of rules is analysed within each input's declared domain (a band set over
/// `atteinte` declares 0 %–100 %): rules up to 100 % leave no gap; without the domain, « plus
/// de 100 % » would be one (E0312).
#[test]
fn rule_tables_are_checked_within_the_declared_domain() {
    let source = |domain: &str, haut: &str| {
        format!(
            r#"accord domaines "Domaines" {{
  statut projet
  source "note"
  entrée habitants : nombre
  entrée atteinte : taux
  tranches niveau selon atteinte{domain} {{
    bas : moins de 50 %
    haut : {haut}
  }}
  valeur bonus selon habitants et atteinte {{
    à partir de 0, moins de 50 % : 0 €
    à partir de 0, de 50 % à 100 % : 1 000 €
  }}
}}
"#
        )
    };
    let codes = |text: String| {
        let mut db = SourceDb::new();
        db.add("domaines.clause", text);
        analyze(&db)
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str().to_string(), d.message.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(source(", de 0 % à 100 %", "de 50 % à 100 %")), vec![]);
    assert_eq!(
        codes(source("", "à partir de 50 %")),
        vec![(
            "E0312".to_string(),
            "habitants à partir de 0 × atteinte plus de 100 % : aucune règle".to_string()
        )]
    );
}

/// The checks of values run in every cell: an envelope negative in one cell is named with it
/// (10 000 − 12 000 = −2 000 € for taille_1 × urbaine, the first cell computed).
#[test]
fn a_negative_envelope_in_a_cell_is_reported_with_the_cell() {
    let source = SOURCE.replace(
        "  valeur total",
        "  enveloppe reste \"Reste\" = installation - 12 000 €\n  valeur total",
    );
    let mut db = SourceDb::new();
    db.add("zones.clause", source);
    let found: Vec<String> = analyze(&db)
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code.as_str(), d.message))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("E0607 l'enveloppe `reste` est négative pour `taille_1` × `urbaine`"),
        "{found:?}"
    );
}

/// A `vérifier` over a value by two criteria holds in every cell, or names those where it fails
/// (10 000 € < 12 000 € for taille_1 × urbaine only).
#[test]
fn a_check_over_a_table_by_two_criteria_is_checked_cell_by_cell() {
    let source = SOURCE.replace(
        "  valeur total",
        "  vérifier \"au moins 12 000 €\" : installation ≥ 12 000 €\n  valeur total",
    );
    let mut db = SourceDb::new();
    db.add("zones.clause", source);
    let found: Vec<String> = analyze(&db)
        .diagnostics
        .iter()
        .map(|d| format!("{} {} {:?}", d.code.as_str(), d.message, d.notes))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("E0602"), "{found:?}");
    assert!(
        found[0].contains("pour `taille_1` × `urbaine`"),
        "{found:?}"
    );
    assert!(!found[0].contains("rurale"), "{found:?}");
}

/// The reference document judges such a `vérifier` cell by cell too, as the checker does:
/// `installation ≥ 10 000 €` holds in the four cells (10 000, 12 000, 15 000, 18 000 €);
/// `installation ≥ 12 000 €` fails in Taille 1 × Zone urbaine only (10 000 € < 12 000 €).
#[test]
fn the_document_judges_a_check_over_a_table_by_two_criteria_cell_by_cell() {
    use clause_compiler::document::build_document;
    use clause_compiler::document::model::Verdict;
    for (floor, verdict, detail) in [
        ("10 000 €", Verdict::Verified, "pour chaque case"),
        ("12 000 €", Verdict::Failed, "pour Taille 1 × Zone urbaine"),
    ] {
        let source = SOURCE.replace(
            "  valeur total",
            &format!("  vérifier \"plancher\" : installation ≥ {floor}\n  valeur total"),
        );
        let mut db = SourceDb::new();
        db.add("zones.clause", source);
        let analysis = analyze(&db);
        let version = analysis.version("contrat_zones").expect("version");
        let doc = build_document(version, &db);
        let check = doc
            .assertions
            .iter()
            .find(|c| c.label == "plancher")
            .expect("the vérifier");
        assert_eq!(check.verdict, verdict, "{floor}: {check:?}");
        assert_eq!(check.detail.as_deref(), Some(detail), "{floor}: {check:?}");
    }
}

/// The PDF carries the same two-way tables and table of rules, and typesets.
#[test]
fn the_pdf_shows_two_way_tables() {
    let (db, analysis) = analysis();
    let version = analysis.version("contrat_zones").expect("version");
    let doc = clause_compiler::document::build_document(version, &db);
    let source = clause_pdf::document_source(&doc);
    for wanted in [
        "Tableaux à deux critères",
        "Tables de règles",
        "Zone rurale",
    ] {
        assert!(source.contains(wanted), "{wanted}");
    }
    let pdf = clause_pdf::document_pdf(&doc).expect("typeset");
    assert!(pdf.starts_with(b"%PDF"));
}

/// `clause diff` compares a table by two criteria cell by cell (taille_2 × rurale: 18 000 € →
/// 20 000 €; the total follows: 78 000 € → 80 000 €) and a table of rules rule by rule.
#[test]
fn a_comparison_names_the_cells_and_rules_that_changed() {
    use clause_compiler::diff::compare;
    use clause_compiler::document::build_document;
    let changed = SOURCE
        .replace("contrat_zones", "contrat_zones_b")
        .replace("rurale : 18 000 €", "rurale : 20 000 €")
        .replace("à partir de 50 % : 2 000 €", "à partir de 50 % : 2 500 €");
    let mut db = SourceDb::new();
    db.add("zones.clause", SOURCE);
    db.add("zones_b.clause", changed);
    let analysis = analyze(&db);
    let doc = |name: &str| build_document(analysis.version(name).expect("version"), &db);
    let comparison = compare(&doc("contrat_zones"), &doc("contrat_zones_b"));
    let changes: Vec<(String, String, String)> = comparison
        .changes
        .iter()
        .filter(|c| c.path.starts_with("cases/") || c.path.starts_with("regles/"))
        .map(|c| {
            let side = |s: &Option<clause_compiler::diff::Side>| {
                s.as_ref().map_or(String::new(), |s| {
                    s.text.replace(['\u{202f}', '\u{a0}'], " ")
                })
            };
            (c.path.clone(), side(&c.before), side(&c.after))
        })
        .collect();
    assert_eq!(
        changes,
        vec![
            (
                "cases/installation/Taille 2/Zone rurale".to_string(),
                "18 000 €".to_string(),
                "20 000 €".to_string()
            ),
            (
                "cases/total/Taille 2/Zone rurale".to_string(),
                "78 000 €".to_string(),
                "80 000 €".to_string()
            ),
            (
                "regles/bonus/à partir de 40 000 × à partir de 50 %".to_string(),
                "2 000 €".to_string(),
                "2 500 €".to_string()
            ),
        ]
    );
}
