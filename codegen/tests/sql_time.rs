//! Differential test of the rules of time in SQL (docs/evaluation.md, « Le temps des
//! avenants »): the chain of amendments of the `time` test (lines reserved by signature date
//! or by a condition, a version-wide `applicable … avant le`, a revaluation `à compter du … au
//! prorata`, a mission envelope replaced with another fixed share, one-off payments before a
//! date of effect, an added mission) and a line rewritten by three versions, on generated
//! cases, through the SQL on DuckDB and PostgreSQL, give the rows of `clause eval --cases`.

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
