//! Differential test of the SQL target on amendments whose bases compute a line from the
//! case's inputs (docs/evaluation.md, « Le temps des avenants »): the period a base pays is
//! computed row by row in the base's own scope (its inputs read by name, its bands by its own
//! bounds), as the engine's `base_stages` computes it, through the SQL on DuckDB and PostgreSQL,
//! on generated cases whose signatures sit on and around each date of effect.

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use clause_compiler::evaluate::CompiledVersion;
use support::{cases_for, load_agreements_with};
use support_sql::{batch_csv, Engines};

const CASES_PER_VERSION: usize = 3_000;

/// A base whose yearly line and one-off line are computed from the inputs, an amendment that
/// replaces them with amounts by band from its date of effect (the amendment itself computed
/// from the band only), and a second amendment that revalues the first's yearly line `au
/// prorata` and keeps its base's formula for a third line.
///
/// By hand, 50 000 inhabitants (grande) and 9 doctors, signed 2020-03-01, under `avenant_e`:
/// year 1 (2020-03-01 → 2021-03-01) starts before 2021-01-01, so the base pays it:
/// fonctionnement = arrondi au centime(60 000 € + 1 234,56 € × 9 / 7) = 60 000 + 1 587,29 =
/// 61 587,29 €; year 2 starts after: 66 000 € (the amendment's `grande`).
const COMPUTED_BASE: [(&str, &str); 3] = [
    (
        "agreements/computed_base.clause",
        r#"accord base_e "Base calculée" {
  statut signé
  signé le 2019-06-20
  source "s"
  durée du contrat 5 ans
  entrée habitants : nombre
  entrée medecins : nombre
  tranches taille selon habitants {
    petite : moins de 40 000
    grande : à partir de 40 000
  }
  valeur forfait par taille [50 000 €, 60 000 €]
  enveloppe fonctionnement = arrondi au centime(forfait + 1 234,56 € × min(medecins, 30) / 7)
    versement chaque année
  enveloppe accueil = 100 € × medecins
    versement à la signature
  enveloppe equipement = 10 € × arrondi inférieur(habitants / 1 000)
    versement chaque année
}
"#,
    ),
    (
        "agreements/computed_base_e.clause",
        r#"avenant avenant_e "Montants par tranche" modifie base_e {
  statut proposé
  en vigueur le 2021-01-01
  source "s"
  remplace enveloppe fonctionnement par taille [55 000 €, 66 000 €]
    versement chaque année
  remplace enveloppe accueil = 1 500 €
    versement à la signature
  remplace enveloppe equipement par taille [400 €, 800 €]
    versement chaque année
}
"#,
    ),
    (
        "agreements/computed_base_f.clause",
        r#"avenant avenant_f "Revalorisation au prorata" modifie base_e {
  statut proposé
  en vigueur le 2021-01-01
  source "s"
  remplace enveloppe fonctionnement = arrondi au centime(forfait × 110 % + 25 € × medecins)
    versement chaque année
    à compter du 2021-04-01 au prorata
  remplace enveloppe accueil = 150 € × medecins
    versement à la signature
}
"#,
    ),
];

/// A base whose lines are `réservé si` its conditions, and an amendment that replaces one of
/// them (`equipee`: 5 doctors instead of 3) and keeps the other, which reads a value
/// (`grande_cpts`: forfait ≥ 55 000 €): each period the base pays reads the base's condition,
/// computed in the base's scope, as the engine's `base_stages` computes it.
///
/// By hand, 50 000 inhabitants (grande) and 6 doctors, signed 2020-03-01, under `avenant_g`
/// (both its conditions hold): year 1 (before 2021-01-01) pays the base's 60 000 €, `materiel`
/// 2 000 € and `rayonnement` 700 € at the signature: 62 700 €; year 2 the amendment's
/// 63 000 € and `materiel` 2 000 €: 65 000 €.
const RESERVED_BASE: [(&str, &str); 2] = [
    (
        "agreements/reserved_base.clause",
        r#"accord base_g "Base conditionnelle" {
  statut signé
  signé le 2019-06-20
  source "s"
  durée du contrat 3 ans
  entrée habitants : nombre
  entrée medecins : nombre
  tranches taille selon habitants {
    petite : moins de 40 000
    grande : à partir de 40 000
  }
  valeur forfait par taille [50 000 €, 60 000 €]
  condition equipee "Au moins 3 médecins" : medecins ≥ 3
  condition grande_cpts "Forfait d'au moins 55 000 €" : forfait ≥ 55 000 €
  enveloppe fonctionnement = forfait
    versement chaque année
  enveloppe materiel = 2 000 €
    versement chaque année
    réservé si equipee
  enveloppe rayonnement = 700 €
    versement à la signature
    réservé si grande_cpts
}
"#,
    ),
    (
        "agreements/reserved_base_g.clause",
        r#"avenant avenant_g "Condition relevée" modifie base_g {
  statut proposé
  en vigueur le 2021-01-01
  source "s"
  remplace condition equipee "Au moins 5 médecins" : medecins ≥ 5
  remplace enveloppe fonctionnement par taille [52 000 €, 63 000 €]
    versement chaque année
}
"#,
    ),
];

fn run(sources: &[(&str, &str)], names: &[&str]) -> Vec<Vec<Vec<Option<String>>>> {
    let (db, analysis) = load_agreements_with(sources);
    let mut engines = Engines::start(&format!("sql-bases-{}", names[0]));
    let mut all = Vec::new();
    for name in names {
        let version = analysis.version(name).expect("version");
        let compiled = CompiledVersion::new(version, &db);
        let mut cases = cases_for(version, CASES_PER_VERSION, 0xba5e ^ name.len() as u64);
        for medecins in [9, 6] {
            cases.push(serde_json::json!({
                "entrees": {"habitants": 50000, "medecins": medecins},
                "contrat": {"signature": "2020-03-01"}
            }));
        }
        let want = engines.compare_with_engine(&compiled, &db, &batch_csv(version, &cases));
        let accepted = want.iter().filter(|r| r.last() == Some(&None)).count();
        assert!(accepted * 2 > want.len(), "{name}: too few accepted rows");
        all.push(want);
    }
    all
}

#[test]
fn sql_computes_a_base_line_from_the_case_inputs() {
    let rows = run(&COMPUTED_BASE, &["avenant_e", "avenant_f"]);
    // The hand-made case under `avenant_e` (the last row): years 1 and 2 of its contract.
    let last = &rows[0][rows[0].len() - 2];
    let n = last.len();
    // …, annee_1 … annee_5, erreur: fonctionnement + accueil + equipement each year.
    // Year 1: 61 587,29 + 900 (accueil, base: 100 € × 9) + 10 × 50 = 62 987,29 €;
    // year 2: 66 000 + 800 = 66 800 €.
    assert_eq!(last[n - 6].as_deref(), Some("62987.29"), "{last:?}");
    assert_eq!(last[n - 5].as_deref(), Some("66800.00"), "{last:?}");
}

#[test]
fn sql_reserves_a_base_line_to_the_base_condition() {
    let rows = run(&RESERVED_BASE, &["avenant_g"]);
    let last = rows[0].last().expect("row");
    let n = last.len();
    // …, annee_1 … annee_3, erreur.
    assert_eq!(last[n - 4].as_deref(), Some("62700.00"), "{last:?}");
    assert_eq!(last[n - 3].as_deref(), Some("65000.00"), "{last:?}");
}
