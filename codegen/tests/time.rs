//! Differential test of the rules of time (docs/evaluation.md, « Le temps des avenants »): a
//! chain of amendments written for the test over the shipped ACI carries each of them — a line
//! reserved to contracts signed before or after a date, a version-wide `applicable aux contrats
//! signés avant le`, a revaluation in force from a date with its own `à compter du … au
//! prorata`, a mission envelope replaced, an added yearly line with its own date of effect, an
//! added mission whose deadlines count from the date of effect, one-off payments before the
//! date of effect, a line `réservé si` a condition — and the generated Python and JavaScript
//! give the engine's JSON on generated cases whose dates sit on and around each of those dates.

mod support;

use clause_codegen::{generate, Target};
use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use support::{cases_for, load_agreements_with, run_jsonl, tool};

const CASES_PER_VERSION: usize = 3_000;

/// Three amendments over the ACI, each on the one before, then a fourth with a condition, and a
/// fifth that writes amounts relative to its base (`x de la base`, `remplace montant`,
/// `revalorise`): consolidated values, which the generators take as any other.
pub const CHAIN: [(&str, &str); 5] = [
    (
        "agreements/t1.clause",
        r#"avenant t1 "Primes" modifie aci_cpts_2019 {
  statut signé
  signé le 2020-01-15
  source "essai"
  ajoute enveloppe prime "Prime d'installation" = 10 000 €
    versement à la signature
    réservé aux contrats signés avant le 2020-07-01
  ajoute enveloppe bonus_tardif "Bonus des contrats tardifs" = 3 000 €
    versement la première année
    réservé aux contrats signés après le 2019-12-31
  ajoute enveloppe lettre "À la lettre d'intention" par taille [1 000 €, 2 000 €, 3 000 €, 4 000 €]
    versement à la validation de la lettre d'intention
}
"#,
    ),
    (
        "agreements/t2.clause",
        r#"avenant t2 "Revalorisation" modifie t1 {
  statut signé
  signé le 2020-12-01
  en vigueur le 2021-01-01
  source "essai"
  remplace enveloppe fonctionnement "Rémunération du fonctionnement" par taille
      [55 000 €, 66 000 €, 82 500 €, 99 000 €]
    versement avance 75 % à la signature, puis avance 75 % à chaque anniversaire,
        solde à l'anniversaire suivant
    à compter du 2021-03-01 au prorata
  remplace enveloppe parcours "Coordination des parcours revalorisée" par taille
      [55 000 €, 77 000 €, 99 000 €, 110 000 €]
    part fixe 60 %
    versement avance 75 % au démarrage au prorata, solde à l'anniversaire suivant,
        variable selon atteinte
  retire vérifier "Financement total possible entre 220 000 € et 450 000 € (CPAM de l'Isère, diapositive 9)"
  retire vérifier "Total maximum par taille (Le Quotidien du médecin, 21 novembre 2019)"
  retire exemple "Seuil de 80 000 habitants, en taille 3"
  retire exemple "Seuil de 175 000 habitants, en taille 4"
}
"#,
    ),
    (
        "agreements/t3.clause",
        r#"avenant t3 "Numérique" modifie t2 {
  statut signé
  signé le 2021-06-01
  applicable aux contrats signés avant le 2022-06-30
  source "essai"
  ajoute enveloppe numerique "Forfait numérique" = 2 000 €
    versement chaque année
    à compter du 2021-09-01
  ajoute mission telesante "Télésanté" socle sans indicateur {
    démarrage au plus tard 6 mois après signature
    déploiement au plus tard 12 mois après démarrage
    enveloppe equipement "Équipement (année 1)" par taille [5 000 €, 6 000 €, 7 000 €, 8 000 €]
      versement la première année
    enveloppe maintenance "Maintenance" = 1 500 €
      versement chaque année suivante
    enveloppe usage "Usage" = 4 000 €
      versement variable selon atteinte
  }
}
"#,
    ),
    (
        "agreements/t4.clause",
        r#"avenant t4 "Grandes CPTS" modifie t3 {
  statut proposé
  proposé le 2022-03-01
  source "essai"
  ajoute condition peuplee "Au moins 10 000 habitants" : habitants ≥ 10 000
  ajoute enveloppe grande "Supplément des grandes CPTS" = 5 000 €
    versement à chaque crise déclarée
    réservé si peuplee
  remplace enveloppe prime "Prime d'installation revalorisée" = 12 000 €
    versement à la signature
    réservé aux contrats signés avant le 2022-07-01
}
"#,
    ),
    (
        "agreements/t5.clause",
        r#"avenant t5 "Montants relatifs" modifie t4 {
  statut proposé
  proposé le 2022-09-01
  en vigueur le 2023-01-01
  source "essai"
  remplace montant fonctionnement = fonctionnement de la base + 2 000 €
  remplace montant prime = prime de la base × 105 %
  revalorise numerique de 2,5 %
}
"#,
    ),
];

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
        let expected: Vec<String> = input
            .lines()
            .map(|text| match Case::from_json(version, text) {
                Err(errors) => serde_json::json!({ "erreurs": errors.iter().map(|e| serde_json::json!({"champ": e.field, "message": e.message})).collect::<Vec<_>>() }).to_string(),
                Ok(case) => format!(
                    "{{\"resultat\":{}}}",
                    serde_json::to_string(&evaluate(&compiled, &case, false)).expect("json")
                ),
            })
            .collect();
        // The rules of time are exercised: payments from a base before a date of effect, from
        // the amendment after it, and lines refused to some contracts.
        let seen = |needle: &str| expected.iter().filter(|e| e.contains(needle)).count();
        assert!(seen("\"version\":\"aci_cpts_2019\"") > 100, "{name}");
        assert!(seen(&format!("\"version\":\"{name}\"")) > 100, "{name}");
        assert!(seen("n'est pas versé : ") > 50, "{name}");
        if name != "t1" {
            assert!(seen("précède la date d'effet") > 50, "{name}");
        }
        let mut runners = Vec::new();
        if let Some(python) = &python {
            let module = dir.join(format!("{name}.py"));
            let code = generate(&compiled, &db, Target::Python, "test").expect("generated");
            std::fs::write(&module, code.code).expect("write");
            runners.push((
                "Python",
                run_jsonl(python, &[module.to_str().expect("path"), "--jsonl"], &input),
            ));
        }
        if let Some(node) = &node {
            let code = generate(&compiled, &db, Target::JavaScript, "test").expect("generated");
            std::fs::write(dir.join(format!("{name}.mjs")), code.code).expect("write");
            let runner = dir.join(format!("run_{name}.mjs"));
            std::fs::write(
                &runner,
                support::JS_RUNNER.replace("MODULE", &format!("./{name}.mjs")),
            )
            .expect("write");
            runners.push((
                "JavaScript",
                run_jsonl(node, &[runner.to_str().expect("path")], &input),
            ));
        }
        for (language, output) in runners {
            let lines: Vec<&str> = output.lines().collect();
            assert_eq!(lines.len(), expected.len(), "{language}, {name}");
            for (i, (got, want)) in lines.iter().zip(&expected).enumerate() {
                assert!(
                    got == want,
                    "{language}, {name}: case {i} differs\ncase: {}\n{}",
                    input.lines().nth(i).unwrap_or_default(),
                    support::first_difference(got, want)
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 0 || (python.is_none() && node.is_none()));
    let _ = std::fs::remove_dir_all(&dir);
}
