//! The declared date policy (`dates ambiguës : fin de mois | début du mois suivant | erreur`)
//! against the public vectors of Catala's dates-calc (tests/data/dates-calc/README.md names their
//! repository, paths and commit), each vector written in Clause and computed by the interpreter
//! under each policy; then the policy in evaluations (refused cases) and in amendments.

use clause_compiler::evaluate::Case;
use clause_compiler::interpret::Env;
use clause_compiler::ir::EvalError;
use clause_compiler::value::Value;
use clause_compiler::{analyze, Analysis, Code, SourceDb};
use std::path::Path;

/// One line of a dates-calc CSV: a date, a period `[Y years, M months, D days]`, the results.
struct Vector {
    date: String,
    years: i64,
    months: i64,
    days: i64,
    results: Vec<String>,
}

fn vectors(file: &str) -> Vec<Vector> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/dates-calc")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("vector file");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split(';').map(str::trim).collect();
            let period: Vec<i64> = cells[1]
                .trim_matches(['[', ']'])
                .split(',')
                .map(|part| {
                    let number = part.split_whitespace().next().expect("a number");
                    number.parse().expect("a whole number")
                })
                .collect();
            Vector {
                date: cells[0].to_string(),
                years: period[0],
                months: period[1],
                days: period[2],
                results: cells[2..].iter().map(|c| c.to_string()).collect(),
            }
        })
        .collect()
}

/// A version declaring `policy` (None: no declaration) with one value per vector,
/// `d{i} = DATE + (Y ans + M mois) + D jours`: years and months added together, as dates-calc.
fn source(policy: Option<&str>, vectors: &[Vector]) -> String {
    let mut text = String::from(
        "accord vecteurs \"Vecteurs dates-calc\" {\n  statut projet\n  source \"dates-calc\"\n",
    );
    if let Some(policy) = policy {
        text.push_str(&format!("  dates ambiguës : {policy}\n"));
    }
    for (i, v) in vectors.iter().enumerate() {
        text.push_str(&format!(
            "  valeur d{i} = {} + ({} ans + {} mois) + {} jours\n",
            v.date, v.years, v.months, v.days
        ));
    }
    text.push_str("}\n");
    text
}

fn analysis_of(files: &[(&str, String)]) -> Analysis {
    analysis_and_db(files).0
}

fn analysis_and_db(files: &[(&str, String)]) -> (Analysis, SourceDb) {
    let mut db = SourceDb::new();
    for (path, text) in files {
        db.add(*path, text.clone());
    }
    (analyze(&db), db)
}

/// Each value `d{i}` of the version: the date computed, or the error.
fn computed(analysis: &Analysis, version: &str, count: usize) -> Vec<Result<String, EvalError>> {
    let version = analysis.version(version).expect("version");
    let mut env = Env::for_bands(version, vec![None; version.band_sets.len()]);
    env.compute_all();
    (0..count)
        .map(|i| {
            let id = version
                .values
                .iter()
                .position(|v| v.name == format!("d{i}"))
                .expect("value");
            env.value(id).map(|value| match value {
                Value::Date(d) => d.to_string(),
                other => panic!("a date is expected, not {other:?}"),
            })
        })
        .collect()
}

#[test]
fn exact_vectors_give_the_same_date_under_every_policy() {
    let exact = vectors("exact_computations.csv");
    assert_eq!(exact.len(), 19);
    for policy in [
        None,
        Some("fin de mois"),
        Some("début du mois suivant"),
        Some("erreur"),
    ] {
        let analysis = analysis_of(&[("v.clause", source(policy, &exact))]);
        assert!(
            analysis
                .diagnostics
                .iter()
                .all(|d| d.code != Code::AmbiguousDate),
            "{policy:?}: {:#?}",
            analysis.diagnostics
        );
        for (v, got) in exact
            .iter()
            .zip(computed(&analysis, "vecteurs", exact.len()))
        {
            assert_eq!(
                got,
                Ok(v.results[0].clone()),
                "{policy:?} {} {:?}",
                v.date,
                (v.years, v.months, v.days)
            );
        }
    }
}

#[test]
fn ambiguous_vectors_round_down_round_up_or_are_refused() {
    let ambiguous = vectors("ambiguous_computations.csv");
    assert_eq!(ambiguous.len(), 11);
    // Columns: `Date +up Period` (début du mois suivant), `Date +down Period` (fin de mois).
    for (policy, column) in [
        (Some("début du mois suivant"), 0),
        (Some("fin de mois"), 1),
        (None, 1),
    ] {
        let analysis = analysis_of(&[("v.clause", source(policy, &ambiguous))]);
        for (v, got) in ambiguous
            .iter()
            .zip(computed(&analysis, "vecteurs", ambiguous.len()))
        {
            assert_eq!(got, Ok(v.results[column].clone()), "{policy:?} {}", v.date);
        }
    }
    let analysis = analysis_of(&[("v.clause", source(Some("erreur"), &ambiguous))]);
    for (v, got) in ambiguous
        .iter()
        .zip(computed(&analysis, "vecteurs", ambiguous.len()))
    {
        assert!(
            matches!(got, Err(EvalError::AmbiguousDate(..))),
            "{}: {got:?}",
            v.date
        );
    }
    // Each refused date is named by its own E0608.
    let refused: Vec<&str> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::AmbiguousDate)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(refused.len(), ambiguous.len(), "{refused:#?}");
    assert!(
        refused.iter().any(|m| m.contains(
            // 88 ans + 0 mois: one duration of 1 056 months, rounded once.
            "2012-02-29 + 1056 mois tombe le 29 février 2100, qui n'existe pas"
        )),
        "{refused:#?}"
    );
}

#[test]
fn the_ascii_spelling_declares_the_same_policy() {
    let ambiguous = vectors("ambiguous_computations.csv");
    let text = source(Some("début du mois suivant"), &ambiguous).replace(
        "dates ambiguës : début du mois suivant",
        "dates ambigues : debut du mois suivant",
    );
    assert!(text.contains("dates ambigues : debut"));
    let analysis = analysis_of(&[("v.clause", text)]);
    for (v, got) in ambiguous
        .iter()
        .zip(computed(&analysis, "vecteurs", ambiguous.len()))
    {
        assert_eq!(got, Ok(v.results[0].clone()));
    }
}

const BASE: &str = r#"accord base_2024 "Base" {
  statut signé
  signé le 2024-01-01
  durée du contrat 1 an
  source "dates-calc"
  dates ambiguës : début du mois suivant
  entrée habitants "Habitants" : nombre
  tranches taille selon habitants {
    unique "Unique" : à partir de 0
  }
  mission acces "Accès" socle {
    démarrage au plus tard 1 mois après signature
    enveloppe "Accès" par taille [1 000 €]
      versement chaque année
  }
  valeur echeance = 2024-01-31 + 1 mois
}
"#;

const INHERITS: &str = r#"avenant herite_2024 "Hérite" modifie base_2024 {
  statut proposé
  proposé le 2024-02-01
}
"#;

const REFUSES: &str = r#"avenant refuse_2024 "Refuse" modifie base_2024 {
  statut proposé
  proposé le 2024-02-01
  dates ambigues : erreur
}
"#;

fn echeance(analysis: &Analysis, version: &str) -> Result<Value, EvalError> {
    let version = analysis.version(version).expect("version");
    let mut env = Env::for_bands(version, vec![None; version.band_sets.len()]);
    env.compute_all();
    let id = version
        .values
        .iter()
        .position(|v| v.name == "echeance")
        .expect("echeance");
    env.value(id)
}

#[test]
fn an_amendment_inherits_its_bases_policy_unless_it_declares_one() {
    let analysis = analysis_of(&[
        ("base.clause", BASE.into()),
        ("herite.clause", INHERITS.into()),
        ("refuse.clause", REFUSES.into()),
    ]);
    // 2024-01-31 + 1 mois: no 31 February; the base rounds up to 1 March.
    let first_of_march = Value::Date(chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap());
    assert_eq!(echeance(&analysis, "base_2024"), Ok(first_of_march.clone()));
    assert_eq!(echeance(&analysis, "herite_2024"), Ok(first_of_march));
    // The amendment's own policy rules its whole consolidated version, the base's value included.
    assert!(matches!(
        echeance(&analysis, "refuse_2024"),
        Err(EvalError::AmbiguousDate(..))
    ));
    let refused: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::AmbiguousDate)
        .collect();
    assert_eq!(refused.len(), 1, "{refused:#?}");
}

#[test]
fn under_erreur_a_case_needing_an_ambiguous_date_is_refused_and_the_date_named() {
    let analysis = analysis_of(&[
        ("base.clause", BASE.into()),
        ("refuse.clause", REFUSES.into()),
    ]);
    let version = analysis.version("refuse_2024").expect("version");
    // Signed 2024-01-31: the start deadline (1 month after) would fall on 31 February 2024.
    let case = r#"{"entrees": {"habitants": 10}, "contrat": {"signature": "2024-01-31"}}"#;
    let errors: Vec<String> = Case::from_json(version, case)
        .expect_err("refused")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "`contrat.signature` : échéance de démarrage de la mission `acces` : date ambiguë : \
          2024-01-31 + 1 mois tombe le 31 février 2024, qui n'existe pas (la version déclare \
          « dates ambiguës : erreur »)"
        ]
    );
    // Signed 2024-02-29: the first anniversary (and the contract's end) would be 29 February 2025.
    let case = r#"{"entrees": {"habitants": 10}, "contrat": {"signature": "2024-02-29"}}"#;
    let errors: Vec<String> = Case::from_json(version, case)
        .expect_err("refused")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0]
            .contains("fin du contrat : date ambiguë : 2024-02-29 + 1 an tombe le 29 février 2025"),
        "{errors:#?}"
    );
    // A day that exists in every month is no ambiguity: the case is evaluated.
    let case = r#"{"entrees": {"habitants": 10}, "contrat": {"signature": "2024-01-15"}}"#;
    assert!(Case::from_json(version, case).is_ok());
    // The base (début du mois suivant) evaluates the same 31 January contract: no refusal.
    let base = analysis.version("base_2024").expect("base");
    let case = r#"{"entrees": {"habitants": 10}, "contrat": {"signature": "2024-01-31"}}"#;
    assert!(Case::from_json(base, case).is_ok());
}

#[test]
fn each_versions_document_states_its_policy_and_where_it_comes_from() {
    let (analysis, db) = analysis_and_db(&[
        ("base.clause", BASE.into()),
        ("herite.clause", INHERITS.into()),
        ("refuse.clause", REFUSES.into()),
    ]);
    let stated = |name: &str| {
        let version = analysis.version(name).expect("version");
        let document = clause_compiler::document::build_document(version, &db);
        let fact = document
            .facts
            .iter()
            .find(|f| f.key == "dates_ambigues")
            .expect("the policy is stated");
        let setter = fact
            .provenance
            .setter
            .as_ref()
            .map(|s| s.declared_in.clone());
        (fact.text.clone(), setter)
    };
    assert_eq!(
        stated("base_2024"),
        (
            "début du mois suivant (31 janvier + 1 mois = 1er mars)".into(),
            None
        )
    );
    // Inherited: stated with the base that declares it.
    assert_eq!(
        stated("herite_2024"),
        (
            "début du mois suivant (31 janvier + 1 mois = 1er mars)".into(),
            Some("base_2024".into())
        )
    );
    assert_eq!(
        stated("refuse_2024").0,
        "erreur (une date qui n'existe pas, comme 31 janvier + 1 mois, est refusée et nommée)"
    );
    // No declaration: the default, said to be one.
    let analysis = analysis_of(&[("v.clause", source(None, &[]))]);
    let version = analysis.version("vecteurs").expect("version");
    let document = clause_compiler::document::build_document(version, &SourceDb::new());
    let fact = document
        .facts
        .iter()
        .find(|f| f.key == "dates_ambigues")
        .expect("stated");
    assert!(fact.text.ends_with(", par défaut"), "{}", fact.text);
}
