//! Differential test of the rules of time in SQL (docs/evaluation.md, « Le temps des
//! avenants »): the chain of amendments of the `time` test (lines reserved by signature date
//! or by a condition, a version-wide `applicable … avant le`, a revaluation `à compter du … au
//! prorata`, a mission envelope replaced with another fixed share, one-off payments before a
//! date of effect, an added mission), a line rewritten by three versions and a root's lines
//! with their own `à compter du` revalued `au prorata`, on generated cases, through the SQL on
//! DuckDB and PostgreSQL, give the rows of `clause eval --cases`.

mod support;
#[path = "support_sql/mod.rs"]
mod support_sql;

use clause_compiler::evaluate::CompiledVersion;
use support::{cases_for, load_agreements_with, CHAIN};
use support_sql::{batch_csv, Engines};

const CASES_PER_VERSION: usize = 3_000;

/// A base and two amendments that rewrite its yearly line, each from its date of effect: the
/// line has three periods (50 000 € then 55 000 € from 2021, 61 000 € from mid-2022 for
/// contracts signed before 2022). The second amendment's condition makes it computed from the
/// case's inputs (its bases' periods by their bands) and reserves its yearly bonus (`réservé
/// si`) to CPTS of at least 20 000 inhabitants.
const REWRITTEN: [(&str, &str); 1] = [(
    "agreements/rewritten.clause",
    r#"accord base_t "Base" {
  statut signé
  signé le 2019-06-20
  source "s"
  durée du contrat 5 ans
  entrée habitants : nombre
  tranches taille selon habitants {
    petite : moins de 40 000
    grande : à partir de 40 000
  }
  enveloppe fonctionnement par taille [50 000 €, 60 000 €]
    versement chaque année
  enveloppe accueil = 1 000 €
    versement à la signature
}

avenant avenant_t "Avenant" modifie base_t {
  statut proposé
  en vigueur le 2021-01-01
  source "s"
  remplace enveloppe fonctionnement par taille [55 000 €, 66 000 €]
    versement chaque année
  remplace enveloppe accueil = 1 500 €
    versement à la signature
}

avenant avenant_u "Second avenant" modifie avenant_t {
  statut proposé
  en vigueur le 2022-07-01
  applicable aux contrats signés avant le 2022-01-01
  source "s"
  remplace enveloppe fonctionnement par taille [61 000 €, 72 000 €]
    versement chaque année
  ajoute condition grande_cpts "Au moins 20 000 habitants" : habitants ≥ 20 000
  ajoute enveloppe bonus "Bonus des grandes CPTS" = 2 000 €
    versement chaque année
    réservé si grande_cpts
}
"#,
)];

/// A base whose yearly lines have their own `à compter du` (its first periods start on a date,
/// one of them `au prorata` alone) and an amendment that revalues them `au prorata` later: a
/// contract year that holds both dates pays the first value from its date only, the second
/// from its own (`fonctionnement`: signed 2020-06-01, the year 2020-06-01 → 2021-06-01 of 365
/// days pays 40 000 € × 151/365 (2020-10-01 → 2021-03-01) + 44 000 € × 92/365 = 10 088 000 /
/// 365 € = 27 638,36 €), a year that starts after the first date shares as before (`local`,
/// from 2019-02-01).
const DATED_ROOT: [(&str, &str); 2] = [
    (
        "agreements/dated_root.clause",
        r#"accord base_c "Base datée" {
  statut signé
  signé le 2019-01-10
  source "s"
  durée du contrat 5 ans
  entrée habitants : nombre
  tranches taille selon habitants {
    petite : moins de 40 000
    grande : à partir de 40 000
  }
  enveloppe fonctionnement par taille [40 000 €, 50 000 €]
    versement avance 75 % à la signature, puis avance 75 % à chaque anniversaire,
        solde à l'anniversaire suivant
    à compter du 2020-10-01
  enveloppe local = 3 000 €
    versement chaque année
    à compter du 2019-02-01
  enveloppe lancement = 7 000 €
    versement chaque année
    à compter du 2020-08-15 au prorata
}
"#,
    ),
    (
        "agreements/dated_root_amendment.clause",
        r#"avenant avenant_c "Revalorisation datée" modifie base_c {
  statut proposé
  en vigueur le 2021-01-01
  source "s"
  remplace enveloppe fonctionnement par taille [44 000 €, 55 555,55 €]
    versement avance 75 % à la signature, puis avance 75 % à chaque anniversaire,
        solde à l'anniversaire suivant
    à compter du 2021-03-01 au prorata
  remplace enveloppe local = 3 333,33 €
    versement chaque année
    à compter du 2021-05-01 au prorata
  remplace enveloppe lancement = 7 777,77 €
    versement chaque année
    à compter du 2021-04-01 au prorata
}
"#,
    ),
];

fn run(sources: &[(&str, &str)], names: &[&str]) {
    let (db, analysis) = load_agreements_with(sources);
    let mut engines = Engines::start(&format!("sql-time-{}", names[0]));
    for name in names {
        let version = analysis.version(name).expect("version");
        let compiled = CompiledVersion::new(version, &db);
        let cases = cases_for(version, CASES_PER_VERSION, 0x5a1 ^ name.len() as u64);
        let want = engines.compare_with_engine(&compiled, &db, &batch_csv(version, &cases));
        let accepted = want.iter().filter(|r| r.last() == Some(&None)).count();
        assert!(accepted * 2 > want.len(), "{name}: too few accepted rows");
    }
}

#[test]
fn sql_carries_the_rules_of_time_of_a_chain_of_amendments() {
    // t5 reads the periods of its base t4, a version computed from the inputs (it has a
    // condition) whose `prime` is the same in every band, and t4's crisis line `réservé si` its
    // condition `peuplee`, which t5 has unchanged.
    run(&CHAIN, &["t1", "t2", "t3", "t4", "t5"]);
}

#[test]
fn sql_pays_a_line_rewritten_by_three_versions_from_each_date_of_effect() {
    run(&REWRITTEN, &["avenant_t", "avenant_u"]);
}

#[test]
fn sql_shares_a_year_au_prorata_after_a_root_value_that_starts_on_a_date() {
    run(&DATED_ROOT, &["base_c", "avenant_c"]);
}
