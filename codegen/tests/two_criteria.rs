//! Tables by two criteria (a band set × an enumeration) and tables of rules over two inputs
//! (whole numbers × rates, open and closed bounds): the generated Python and JavaScript pick the
//! cell and the rule the engine picks, byte for byte, at every bound and just around it, with a
//! missing input and in a region no rule covers (the SQL script computes them too:
//! `sql_criteria`).

mod support;

use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::{analyze, SourceDb};
use support::generated::{compare_generated, engine_lines};

// Bounds open and closed on both inputs: 40 000 is `jusqu'à 40 000`'s, 50 % is `de 0 % à 50 %`'s
// for more than 40 000 inhabitants; above 100 % the last rule.
const ZONES: &str = r#"accord zones_2024 "Zones" {
  statut signé
  signé le 2024-01-15
  durée du contrat 5 ans
  source "essai"

  énumération type_zone { urbaine "Zone urbaine", rurale "Zone rurale" }
  entrée habitants "Population" : nombre
  entrée zone "Zone" : type_zone
  entrée atteinte "Atteinte" : taux
  tranches taille selon habitants {
    taille_1 "Taille 1" : moins de 40 000
    taille_2 "Taille 2" : à partir de 40 000
  }
  enveloppe fonctionnement "Fonctionnement" par taille [50 000 €, 60 000 €]
    versement à la signature
  enveloppe installation "Installation" par taille et zone {
    taille_1 : [10 000 €, 12 000 €]
    taille_2 : { rurale : 18 000 €, urbaine : 15 000 € }
  }
    versement à la signature
  valeur total "Total" = fonctionnement + installation
  valeur bonus "Bonus" selon habitants et atteinte {
    jusqu'à 40 000, moins de 50 % : 0 €
    jusqu'à 40 000, à partir de 50 % : 1 000 €
    plus de 40 000, de 0 % à 50 % : 500 €
    plus de 40 000, de plus de 50 % à 100 % : 2 000 €
    plus de 40 000, plus de 100 % : 2 500 €
  }
}
"#;

#[test]
fn generated_code_picks_the_cells_and_rules_the_engine_picks() {
    let mut db = SourceDb::new();
    db.add("agreements/zones.clause", ZONES);
    let analysis = analyze(&db);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    let version = analysis.version("zones_2024").expect("version");
    let compiled = CompiledVersion::new(version, &db);
    let mut input = String::new();
    for habitants in ["39999", "40000", "40001", "\"175 000\""] {
        for zone in ["\"urbaine\"", "\"rurale\""] {
            for atteinte in ["0.4999", "0.5", "0.5001", "1", "1.2"] {
                input.push_str(&format!(
                    "{{\"entrees\": {{\"habitants\": {habitants}, \"zone\": {zone}, \"atteinte\": {atteinte}}}, \"contrat\": {{\"signature\": \"2024-03-01\"}}}}\n"
                ));
            }
        }
    }
    // Without the zone: the cell is not chosen (the band is); without the achievement: no rule.
    input.push_str("{\"entrees\": {\"habitants\": 50000, \"atteinte\": 0.6}}\n");
    input.push_str("{\"entrees\": {\"habitants\": 50000, \"zone\": \"rurale\"}}\n");
    let expected = engine_lines(&compiled, &input);
    // The engine itself: 40 000 rurale at 50 % is taille_2's rural cell (18 000 €), total
    // 60 000 + 18 000 = 78 000 €, and the rule « jusqu'à 40 000, à partir de 50 % » (1 000 €).
    // Case index: (habitants 40 000 = 1, zone rurale = 1, atteinte 0.5 = 1) → (1 × 2 + 1) × 5 + 1.
    let (habitants, zone, atteinte) = (1, 1, 1);
    let line = &expected[(habitants * 2 + zone) * 5 + atteinte];
    for wanted in ["\"installation\"", "18000", "78000", "\"bonus\""] {
        assert!(line.contains(wanted), "{wanted}: {line}");
    }
    let dir = support::temp_dir("two_criteria");
    let compared = compare_generated(&compiled, &db, &dir, "zones", &input, &expected);
    eprintln!("{compared} réponses comparées");
}
