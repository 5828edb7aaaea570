//! The SQL target on what the shipped versions do not exercise: values computed from each
//! case's inputs (sums, products, quotients, `min`, `max`, `si`, rounding, conditions), rates
//! with many decimals, and columns of `cas` that the version does not know. Each batch goes
//! through the generated script on DuckDB and PostgreSQL and must give the rows of
//! `clause eval --cases` (the engine's batch plan).

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use clause_codegen::{generate_sql, Dialect};
use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::{analyze, SourceDb};
use support_sql::draws::rows_for;
use support_sql::{columns_of, compare, duckdb_rows, engine_rows, Postgres};

/// Formulas over the inputs, a hole in one band, a condition, a mission with a fixed share.
const FORMULES: &str = r#"accord formules_2020 "Formules sur les entrées" {
  statut proposé
  proposé le 2020-01-01
  durée du contrat 3 ans
  source "test"
  entrée habitants "Habitants" : nombre
  entrée medecins "Médecins" : nombre
  entrée budget "Budget" : montant
  entrée coefficient "Coefficient" : décimal
  entrée rural "Rural" : booléen
  entrée bonus "Bonus" : taux
  tranches taille selon habitants {
    petite : moins de 1 000
    moyenne : de 1 000 à moins de 50 000
    grande : à partir de 50 000
  }
  condition au_moins_un "Au moins un médecin" : medecins ≥ 1 ou rural
  valeur base par taille [10 000 €, 25 000 €, non précisé]
  valeur par_medecin = arrondi au centime(base / 3 × min(medecins, 40) / 7)
  valeur plafond = max(budget, 1 234,5 €) - 0,01 €
  enveloppe fonctionnement "Fonctionnement" = si rural alors min(par_medecin × coefficient, plafond) sinon par_medecin + budget / 3
    versement avance 60 % à la signature, puis avance 60 % à chaque anniversaire,
        solde à l'anniversaire suivant
  enveloppe prime "Prime" = arrondi inférieur(habitants / 7) × 1 € × (100 % + bonus)
    versement chaque année
  mission qualite "Qualité" optionnelle {
    source "test"
    démarrage au plus tard 6 mois après signature
    enveloppe "Qualité" = (base + budget) × 1/3
      part fixe 40 % hypothèse "test"
      versement avance 75 % au démarrage au prorata, solde à l'anniversaire suivant,
          variable selon atteinte
  }
}
"#;

/// Amounts by band only, with rates of many decimals: a fixed share, an advance and the
/// achievements of the batch.
const TAUX: &str = r#"accord taux_2020 "Taux à nombreuses décimales" {
  statut proposé
  proposé le 2020-01-01
  durée du contrat 2 ans
  source "test"
  entrée habitants "Habitants" : nombre
  tranches taille selon habitants {
    petite : moins de 1 000
    grande : à partir de 1 000
  }
  enveloppe fonctionnement "Fonctionnement" par taille [12 345,67 €, 98 765,43 €]
    versement avance 33,333333 % à la signature, puis avance 33,333333 % à chaque anniversaire,
        solde à l'anniversaire suivant
  mission qualite "Qualité" socle {
    source "test"
    démarrage au plus tard 6 mois après signature
    enveloppe "Qualité" par taille [7 777,77 €, 123 456,78 €]
      part fixe 12,3456789 % hypothèse "test"
      versement avance 75 % au démarrage au prorata, solde à l'anniversaire suivant,
          variable selon atteinte
  }
}
"#;

/// The values a column draws from: usual ones, limits, refused ones.
fn pool(header: &str) -> &'static [&'static str] {
    match header {
        "habitants" => &[
            "",
            "0",
            "7",
            "999",
            "1000",
            "1 500",
            "49999",
            "50000",
            "123456",
            "x",
            "2000.000000000000000000000000000000",
        ],
        "medecins" => &["", "0", "1", "3", "40", "41", "1000", "2.0", "-1", "7"],
        "budget" => &[
            "",
            "0",
            "1234,5",
            "1234.49",
            "-500",
            "10000000",
            "0.001",
            "33333.33",
            "999999999.99",
            "2 500,75",
            // More digits than rust_decimal keeps (it would read 12,5): refused; zeros that
            // only pad, past the 28th decimal or at 2^96: held exactly, accepted (the other
            // pools: such zeros only, the refusals are the hand-made rows below).
            "12,4999999999999999999999999999",
            "1234.50000000000000000000000000000000",
            "7922816251426433759354395033.50",
        ],
        "coefficient" => &[
            "",
            "1",
            "0.5",
            "1.3333333333333333333333333333",
            "2,75",
            "-0.1",
            "0.0000000000000000000000000001",
            "3",
            "1.50000000000000000000000000000000",
        ],
        "rural" => &["", "true", "false", "oui", "non", "peut-être"],
        "bonus" => &["", "0", "0.1", "0.12345678901234567890123", "1", "0,05"],
        "signature" => &["", "2020-02-29", "2021-03-31", "2019-12-31", "2020-01-15"],
        "jusqu_au" => &["", "", "", "2022-01-15", "2020-01-01"],
        "taux_atteinte" | "taux_atteinte.qualite" => &[
            "",
            "0",
            "0.5",
            "0.123456789",
            "0.1234567890123456789012345678",
            "1",
            "0,99999999999999999999",
            "1.5",
            "0.33333",
            "0,5000000000000000000000000000000",
        ],
        "qualite" => &["", "true", "false", "true"],
        "debut.qualite" => &["", "2020-06-15", "2021-01-01", "2020-03-01"],
        _ => &[""],
    }
}

/// Runs `rows` of `text`'s version through both engines and compares with the engine.
fn check(
    label: &str,
    text: &str,
    name: &str,
    headers: &[String],
    rows: &[Vec<String>],
) -> Vec<Vec<Option<String>>> {
    let mut db = SourceDb::new();
    db.add(format!("agreements/{name}.clause"), text);
    let analysis = analyze(&db);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    let version = analysis.version(name).expect("version");
    let compiled = CompiledVersion::new(version, &db);
    let want = engine_rows(&compiled, headers, rows);
    let accepted = want.iter().filter(|r| r.last() == Some(&None)).count();
    assert!(accepted * 4 > want.len(), "{name}: too few accepted rows");
    // Tests run in parallel: one directory each.
    let dir = support::temp_dir(&format!("sql-{label}"));
    let csv = dir.join(format!("{name}.csv"));
    support_sql::write_csv(&csv, headers, rows);
    let duck = generate_sql(&compiled, &db, Dialect::DuckDb, "test").expect("duckdb script");
    let pg = generate_sql(&compiled, &db, Dialect::Postgres, "test").expect("postgres script");
    if let Some(python) = support_sql::duckdb_python() {
        compare(
            "DuckDB",
            name,
            &duckdb_rows(&python, &dir, &csv, &duck, name),
            &want,
        );
    }
    if let Some(mut server) = Postgres::start() {
        let got = server.rows(&dir, &csv, headers, &pg, name);
        compare("PostgreSQL", name, &got, &want);
    }
    let _ = std::fs::remove_dir_all(&dir);
    want
}

fn version_columns(text: &str, name: &str) -> Vec<String> {
    let mut db = SourceDb::new();
    db.add(format!("agreements/{name}.clause"), text);
    let analysis = analyze(&db);
    columns_of(analysis.version(name).expect("version"))
}

#[test]
fn values_computed_from_the_inputs_equal_the_engine() {
    let headers = version_columns(FORMULES, "formules_2020");
    let rows = rows_for(&headers, 3000, 20, pool);
    // Hand-made: 2 000 inhabitants (band `moyenne`, base 25 000 €), 3 doctors, rural,
    // coefficient 1,5, budget 0, bonus 0:
    // par_medecin = arrondi au centime(25 000 / 3 × 3 / 7) = 3 571,43
    //   (25 000 / 3 = 8 333,333… to 28 digits, × 3 = 24 999,999…, / 7 = 3 571,428…);
    // fonctionnement = min(3 571,43 × 1,5, max(0, 1 234,5) − 0,01) = min(5 357,145, 1 234,49)
    //   = 1 234,49 €; prime = arrondi inférieur(2 000 / 7) × 1 € × (100 % + 0) = 285 €;
    // financement_annee_pleine = 1 234,49 + 285 = 1 519,49 € (mission qualite not engaged).
    let mut row = vec![String::new(); headers.len()];
    for (header, value) in [
        ("habitants", "2000"),
        ("medecins", "3"),
        ("budget", "0"),
        ("coefficient", "1,5"),
        ("rural", "oui"),
        ("bonus", "0"),
    ] {
        let k = headers.iter().position(|h| h == header).expect("column");
        row[k] = value.into();
    }
    let mut rows = rows;
    // The same case with a whole part rust_decimal cannot read (2^96, 29 digits; 30 digits):
    // refused as a number it cannot hold exactly, whatever the column.
    let big = [
        ("budget", "79228162514264337593543950336"),
        ("budget", "123456789012345678901234567890,5"),
        ("taux_atteinte", "79228162514264337593543950336"),
        (
            "taux_atteinte.qualite",
            "0000000000000000000000000000000000,5",
        ),
        // Digits rust_decimal would round away at reading: refused with the same words as
        // the engine, its own for a number it cannot hold exactly.
        ("budget", "12,4999999999999999999999999999"),
        ("budget", "7922816251426433759354395033.55"),
        ("coefficient", "0.00000000000000000000000000001"),
        ("habitants", "2000.00000000000000000000000000001"),
        ("taux_atteinte", "0.50000000000000000000000000000001"),
        // Not a number at all: the column's own words.
        ("budget", "1,2,3"),
        // Zeros that only pad: the same case as the last row.
        ("budget", "0.000000000000000000000000000000000"),
    ];
    for (header, value) in big {
        let k = headers.iter().position(|h| h == header).expect("column");
        let mut spoiled = row.clone();
        spoiled[k] = value.into();
        rows.push(spoiled);
    }
    rows.push(row);
    let want = check("formules", FORMULES, "formules_2020", &headers, &rows);
    let refusals: Vec<Option<String>> = want[want.len() - 12..want.len() - 1]
        .iter()
        .map(|r| r.last().cloned().flatten())
        .collect();
    // A number rust_decimal cannot hold exactly has its own words, the engine's.
    let inexact = |header: &str, text: &str| {
        Some(format!(
            "{header} : un nombre tenu exactement est attendu, pas `{text}` : au plus 28 décimales hors zéros de fin, et moins de 2^96 ≈ 7,9 × 10^28 sans la virgule"
        ))
    };
    assert_eq!(
        refusals,
        [
            inexact("budget", "79228162514264337593543950336"),
            inexact("budget", "123456789012345678901234567890,5"),
            inexact("taux_atteinte", "79228162514264337593543950336"),
            None,
            inexact("budget", "12,4999999999999999999999999999"),
            inexact("budget", "7922816251426433759354395033.55"),
            inexact("coefficient", "0.00000000000000000000000000001"),
            inexact("habitants", "2000.00000000000000000000000000001"),
            inexact("taux_atteinte", "0.50000000000000000000000000000001"),
            Some("budget : un montant est attendu, pas `1,2,3`".into()),
            None,
        ]
    );
    let padded = &want[want.len() - 2];
    assert_eq!(
        padded[headers.len() + 2].as_deref(),
        Some("1519.49"),
        "{padded:?}"
    );
    let last = want.last().expect("row");
    let full_year = headers.len() + 2;
    assert_eq!(last[full_year].as_deref(), Some("1519.49"), "{last:?}");
}

#[test]
fn rates_with_many_decimals_are_exact() {
    let headers = version_columns(TAUX, "taux_2020");
    let rows = rows_for(&headers, 2000, 7, pool);
    check("taux", TAUX, "taux_2020", &headers, &rows);
}

#[test]
fn generated_script_for_inputs_dependent_values_has_no_floating_point() {
    let mut db = SourceDb::new();
    db.add("agreements/formules_2020.clause", FORMULES);
    let analysis = analyze(&db);
    let compiled = CompiledVersion::new(analysis.version("formules_2020").expect("v"), &db);
    for dialect in [Dialect::DuckDb, Dialect::Postgres] {
        let script = generate_sql(&compiled, &db, dialect, "test").expect("script");
        for line in script.lines().filter(|l| !l.trim_start().starts_with("--")) {
            let upper = line.to_uppercase();
            for word in ["DOUBLE", "REAL", "FLOAT"] {
                assert!(!upper.contains(word), "{word} in: {line}");
            }
        }
        // Each value is commented with its clause.
        assert!(script.contains("-- [1] valeur par_medecin"), "{script}");
    }
}

#[test]
fn columns_the_version_does_not_know_come_out_in_place() {
    // The version's columns in another order, with columns of the user's around them (one
    // named with quotes and a comma): `clause eval --cases` copies every column, in place.
    let mut headers = vec!["id".to_string()];
    let mut known = version_columns(TAUX, "taux_2020");
    known.reverse();
    headers.extend(known);
    headers.insert(3, "Commentaire \"libre\", v2".into());
    headers.push("région".into());
    let mut rows = rows_for(&headers, 500, 11, pool);
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = format!("cas-{i}");
        row[3] = if i % 3 == 0 {
            String::new()
        } else {
            format!("note {i}, « x »")
        };
        *row.last_mut().expect("column") = ["Isère", "", "Rhône"][i % 3].into();
    }
    let want = check("colonnes", TAUX, "taux_2020", &headers, &rows);
    assert_eq!(want[1][0].as_deref(), Some("cas-1"));
    assert_eq!(want[1][3].as_deref(), Some("note 1, « x »"));
}
