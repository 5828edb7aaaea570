//! Differential test of the rules of time (docs/evaluation.md, « Le temps des avenants »): a
//! chain of amendments written for the test over the shipped ACI carries each of them — a line
//! reserved to contracts signed before or after a date, a version-wide `applicable aux contrats
//! signés avant le`, a revaluation in force from a date with its own `à compter du … au
//! prorata`, a mission envelope replaced, an added yearly line with its own date of effect, an
//! added mission whose deadlines count from the date of effect, one-off payments before the
//! date of effect, a line `réservé si` a condition — and the generated Python and JavaScript
//! give the engine's JSON on generated cases whose dates sit on and around each of those dates.

mod support;

use clause_compiler::evaluate::CompiledVersion;
use support::{cases_for, load_agreements_with, tool, CHAIN};

const CASES_PER_VERSION: usize = 3_000;

#[test]
fn generated_code_carries_every_rule_of_time_of_a_chain_of_amendments() {
    let python = tool("python3");
    let node = tool("node");
    let (db, analysis) = load_agreements_with(&CHAIN);
    let dir = support::temp_dir("time");
    let mut compared = 0;
    for name in ["t1", "t2", "t3", "t4", "t5"] {
        let version = analysis.version(name).expect("version");
        let compiled = CompiledVersion::new(version, &db);
        let cases = cases_for(version, CASES_PER_VERSION, 0x7153 ^ name.len() as u64);
        let input: String = cases
            .iter()
            .map(|c| serde_json::to_string(c).expect("json") + "\n")
            .collect();
        let expected = support::generated::engine_lines(&compiled, &input);
        // The rules of time are exercised: payments from a base before a date of effect, from
        // the amendment after it, and lines refused to some contracts.
        let seen = |needle: &str| expected.iter().filter(|e| e.contains(needle)).count();
        assert!(seen("\"version\":\"aci_cpts_2019\"") > 100, "{name}");
        assert!(seen(&format!("\"version\":\"{name}\"")) > 100, "{name}");
        assert!(seen("n'est pas versé : ") > 50, "{name}");
        if name != "t1" {
            assert!(seen("précède la date d'effet") > 50, "{name}");
        }
        compared +=
            support::generated::compare_generated(&compiled, &db, &dir, name, &input, &expected);
    }
    assert!(compared > 0 || (python.is_none() && node.is_none()));
    let _ = std::fs::remove_dir_all(&dir);
}
