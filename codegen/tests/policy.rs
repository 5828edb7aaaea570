//! Differential test of the date policies in the generated Python and JavaScript (`dates
//! ambiguës`, compiler/src/calendar.rs): the shipped ACI under `début du mois suivant` (a 29
//! February signature's anniversaries and a 31 August one's end move to the 1st of March) and
//! under `erreur` (a case whose contract end, anniversary or mission deadline would fall on a day
//! that does not exist is refused, the date named in French), on generated cases whose
//! signatures sit on month ends and 29 February, give the engine's JSON, refusals included.

mod support;

use clause_compiler::evaluate::CompiledVersion;
use support::generated::{compare_generated, engine_lines};
use support::{cases_for, load_agreements_with, tool, POLICIES};

const CASES_PER_VERSION: usize = 4_000;

#[test]
fn generated_code_follows_the_date_policy_of_the_version() {
    let (db, analysis) = load_agreements_with(&POLICIES);
    let dir = support::temp_dir("policy");
    let mut compared = 0;
    for name in ["p_debut", "p_erreur"] {
        let version = analysis.version(name).expect("version");
        let compiled = CompiledVersion::new(version, &db);
        let cases = cases_for(version, CASES_PER_VERSION, 0xda7e ^ name.len() as u64);
        let input: String = cases
            .iter()
            .map(|c| serde_json::to_string(c).expect("json") + "\n")
            .collect();
        let expected = engine_lines(&compiled, &input);
        let seen = |needle: &str| expected.iter().filter(|e| e.contains(needle)).count();
        if name == "p_debut" {
            // A date moved to the 1st of March: an anniversary or end of a 29 February or
            // 31 August signature (2020-02-29 + 1 an = 2021-03-01).
            assert!(seen("-03-01") > 50, "{name}");
        } else {
            // Each kind of refusal is exercised.
            assert!(seen("fin du contrat : date ambiguë") > 5, "end");
            assert!(
                seen("anniversaire 1 du contrat : date ambiguë") > 5,
                "anniversary"
            );
            assert!(seen("échéance de démarrage") > 5, "deadline");
        }
        compared += compare_generated(&compiled, &db, &dir, name, &input, &expected);
    }
    assert!(compared > 0 || (tool("python3").is_none() && tool("node").is_none()));
    let _ = std::fs::remove_dir_all(&dir);
}
