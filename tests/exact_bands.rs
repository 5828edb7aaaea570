//! Bands over decimals and rates, with open and closed bounds and a declared domain: the band a
//! value falls in, computed by hand from the bounds as written, and the checker's verdict on the
//! band sets the issue names (`de plus de X à Y`, `jusqu'à Y`, negative values, `à partir de 10
//! médecins`).

use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use clause_compiler::{analyze, Analysis, Code, SourceDb};

const HEADER: &str =
    "accord essai \"Essai\" {\n  statut signé\n  signé le 2019-06-20\n  source \"essai\"\n";

fn analysed(body: &str) -> (SourceDb, Analysis) {
    let mut db = SourceDb::new();
    db.add("essai.clause", format!("{HEADER}{body}}}\n"));
    let analysis = analyze(&db);
    (db, analysis)
}

fn codes(body: &str) -> Vec<Code> {
    let (_, analysis) = analysed(body);
    analysis.diagnostics.iter().map(|d| d.code).collect()
}

/// The band chosen for each input value (JSON), in order.
fn bands(body: &str, input: &str, values: &[&str]) -> Vec<Option<String>> {
    let (db, analysis) = analysed(body);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    let version = analysis.version("essai").expect("version");
    let compiled = CompiledVersion::new(version, &db);
    values
        .iter()
        .map(|v| {
            let json = format!(r#"{{ "entrees": {{ "{input}": {v} }} }}"#);
            let case = Case::from_json(version, &json).expect("valid case");
            evaluate(&compiled, &case, true).tranche
        })
        .collect()
}

fn some(names: &[&str]) -> Vec<Option<String>> {
    names.iter().map(|n| Some(n.to_string())).collect()
}

const RATE: &str = "  entrée atteinte : taux
  tranches niveau selon atteinte, de 0 % à 100 % {
    bas : moins de 50 %
    moyen : de 50 % à 80 %
    haut : de plus de 80 % à 100 %
  }
  enveloppe fonctionnement par niveau [0 €, 30 000 €, 60 000 €]
";

#[test]
fn a_rate_band_holds_its_closed_bounds_and_not_its_open_ones() {
    // 49,99 % < 50 %: bas; 50 % is `moyen`'s first value (« de 50 % »), 80 % its last
    // (« à 80 % »); 80,01 % is past « plus de 80 % »: haut; 100 % closes the domain, in haut.
    assert_eq!(
        bands(RATE, "atteinte", &["0.4999", "0.5", "0.8", "0.8001", "1"]),
        some(&["bas", "moyen", "moyen", "haut", "haut"])
    );
    // Outside the declared domain, no band.
    assert_eq!(bands(RATE, "atteinte", &["1.01"]), vec![None]);
}

#[test]
fn decimal_bounds_are_exact_and_meet_at_one_value() {
    // « jusqu'à 2,5 » includes 2,5, « plus de 2,5 » excludes it: 2,5 in bas, 2,50001 in haut.
    let body = "  entrée ratio : décimal
  tranches palier selon ratio {
    bas : jusqu'à 2,5
    haut : plus de 2,5
  }
  enveloppe fonctionnement par palier [1 €, 2 €]
";
    assert_eq!(
        bands(body, "ratio", &["0", "2.5", "2.50001", "1000"]),
        some(&["bas", "bas", "haut", "haut"])
    );
}

#[test]
fn a_declared_domain_lets_a_variation_go_negative() {
    // From -100 %: « moins de 0 % » is [-100 %, 0 %), so -0,01 % is a fall and 0 % is not.
    let body = "  entrée variation : taux
  tranches sens selon variation, à partir de -100 % {
    baisse : moins de 0 %
    hausse : à partir de 0 %
  }
  enveloppe fonctionnement par sens [1 €, 2 €]
";
    assert_eq!(
        bands(body, "variation", &["-1", "-0.0001", "0", "3"]),
        some(&["baisse", "baisse", "hausse", "hausse"])
    );
    assert_eq!(bands(body, "variation", &["-1.5"]), vec![None]);
}

#[test]
fn whole_number_bands_read_the_new_spellings_as_whole_numbers() {
    // « jusqu'à 9 » is 0–9, « de plus de 9 à 19 » is 10–19, « plus de 19 » from 20 on; the
    // domain « à partir de 10 » of a team of doctors makes « moins de 20 » 10–19.
    let body = "  entrée medecins : nombre
  tranches equipe selon medecins {
    petite : jusqu'à 9
    moyenne : de plus de 9 à 19
    grande : plus de 19
  }
  enveloppe fonctionnement par equipe [1 €, 2 €, 3 €]
";
    assert_eq!(
        bands(body, "medecins", &["9", "10", "19", "20"]),
        some(&["petite", "moyenne", "moyenne", "grande"])
    );
    let team = "  entrée medecins : nombre
  tranches equipe selon medecins, à partir de 10 {
    petite : moins de 20
    grande : à partir de 20
  }
  enveloppe fonctionnement par equipe [1 €, 2 €]
";
    assert_eq!(
        bands(team, "medecins", &["10", "19", "20"]),
        some(&["petite", "petite", "grande"])
    );
    // A team of 9 is outside the domain: no band (and no dummy 0 € band was needed).
    assert_eq!(bands(team, "medecins", &["9"]), vec![None]);
}

#[test]
fn the_checker_names_exact_faults_and_domain_errors() {
    // One value in no band: 2,5 excluded on both sides.
    let open_both = "  entrée ratio : décimal
  tranches palier selon ratio {
    bas : moins de 2,5
    haut : plus de 2,5
  }
";
    assert_eq!(codes(open_both), vec![Code::BandGap]);
    // A bounded domain covered to its end needs no open last band (no E0305).
    assert_eq!(
        codes(&RATE.replace(
            "  enveloppe fonctionnement par niveau [0 €, 30 000 €, 60 000 €]\n",
            ""
        )),
        vec![]
    );
    // The end of a bounded domain left uncovered: a gap, not « dernière tranche bornée ».
    let end_gap = "  entrée medecins : nombre
  tranches equipe selon medecins, de 10 à 40 {
    petite : moins de 20
    grande : de 20 à 35
  }
";
    assert_eq!(codes(end_gap), vec![Code::BandGap]);
    // A band outside the domain; a rate bound without `%`.
    let outside = "  entrée medecins : nombre
  tranches equipe selon medecins, à partir de 10 {
    petite : de 5 à moins de 20
    grande : à partir de 20
  }
";
    assert!(codes(outside).contains(&Code::BandOutsideDomain));
    let unit = "  entrée atteinte : taux
  tranches niveau selon atteinte {
    bas : moins de 50
    haut : à partir de 50 %
  }
";
    assert!(codes(unit).contains(&Code::BandUnit));
    // A count never goes below 0.
    let negative = "  entrée medecins : nombre
  tranches equipe selon medecins, à partir de -5 {
    toutes : à partir de 0
  }
";
    assert_eq!(codes(negative), vec![Code::BandOutsideDomain]);
}

#[test]
fn a_hypothesis_on_a_bound_is_listed_when_it_decides_the_band() {
    // The bound 175 000 carries the hypothesis itself (not the band): at 175 000 the
    // evaluation lists it, in its result and its explanation; at 174 999 it does not.
    let body = "  entrée habitants : nombre
  tranches taille selon habitants {
    petite : moins de 175 000 (hypothèse \"175 000 appartient à la grande taille\")
    grande : à partir de 175 000
  }
  enveloppe fonctionnement par taille [1 €, 2 €]
";
    let (db, analysis) = analysed(body);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    let version = analysis.version("essai").expect("version");
    let compiled = CompiledVersion::new(version, &db);
    let at = |n: u32| {
        let json = format!(r#"{{ "entrees": {{ "habitants": {n} }} }}"#);
        let case = Case::from_json(version, &json).expect("valid case");
        evaluate(&compiled, &case, true)
    };
    let e = at(175_000);
    assert_eq!(e.tranche.as_deref(), Some("grande"));
    assert!(
        e.hypotheses
            .iter()
            .any(|h| h == "seuil 175 000 : 175 000 appartient à la grande taille"),
        "{:?}",
        e.hypotheses
    );
    assert!(
        e.explication
            .iter()
            .any(|l| l.contains("hypothèse du seuil 175 000")),
        "{:?}",
        e.explication
    );
    assert!(!at(174_999)
        .hypotheses
        .iter()
        .any(|h| h.starts_with("seuil")));
}

#[test]
fn the_boundary_table_of_a_rate_band_set_reads_in_percent_within_the_domain() {
    // Bounds written 50 %, 80 %, 100 % (and the domain's 0 %, not a band bound): one unit of
    // the last written digit around each, in percent: 49 %, 50 %, 51 %; 79 %, 80 %, 81 %; 99 %,
    // 100 % (101 % is outside the domain « de 0 % à 100 % »: no row).
    let (db, analysis) = analysed(RATE);
    let version = analysis.version("essai").expect("version");
    let doc = clause_compiler::document::build_document(version, &db);
    let table = &doc.boundaries[0];
    let rows: Vec<(String, Option<String>)> = table
        .rows
        .iter()
        .map(|r| (r.value.clone(), r.band.as_ref().map(|b| b.0.clone())))
        .collect();
    let expected: Vec<(String, Option<String>)> = [
        ("49 %", "bas"),
        ("50 %", "moyen"),
        ("51 %", "moyen"),
        ("79 %", "moyen"),
        ("80 %", "moyen"),
        ("81 %", "haut"),
        ("99 %", "haut"),
        ("100 %", "haut"),
    ]
    .iter()
    .map(|(v, b)| (v.to_string(), Some(b.to_string())))
    .collect();
    assert_eq!(rows, expected);
}
