//! Evaluation cases computed by hand from the sources, with the arithmetic in comments.
//! Conventions (docs/evaluation.md): contract year n runs from the (n−1)th to the nth
//! anniversary; prorating counts days from the start (included) to the anniversary (excluded)
//! over the days of the contract year; each payment is rounded to the cent, half away from zero.

use clause_compiler::evaluate::result::{euros, Evaluation, Nature};
use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use clause_compiler::{analyze, Analysis, SourceDb};
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

fn shipped() -> (SourceDb, Analysis) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements");
    let db = clause_cli::workspace::load(&[dir]).expect("agreements load");
    let analysis = analyze(&db);
    (db, analysis)
}

fn eval_json(version: &str, json: &str) -> Evaluation {
    let (db, analysis) = shipped();
    let version = analysis.version(version).expect("version");
    let case = Case::from_json(version, json).expect("valid case");
    let compiled = CompiledVersion::new(version, &db);
    evaluate(&compiled, &case, true)
}

fn case_errors(version: &str, json: &str) -> Vec<String> {
    let (_, analysis) = shipped();
    let version = analysis.version(version).expect("version");
    match Case::from_json(version, json) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

fn result(evaluation: &Evaluation, name: &str) -> String {
    let found = evaluation.resultats.iter().find(|r| r.nom == name);
    found
        .map(|r| r.valeur.to_string())
        .unwrap_or_else(|| panic!("no result {name}: {:#?}", evaluation.resultats))
}

/// (date, contract year, nature, amount) of a line's payments, in date order.
fn payments(evaluation: &Evaluation, line: &str) -> Vec<(String, u32, Nature, String)> {
    evaluation
        .versements
        .iter()
        .filter(|p| p.ligne == line)
        .map(|p| (p.date.to_string(), p.annee, p.nature, euros(p.amount)))
        .collect()
}

fn p(date: &str, year: u32, nature: Nature, amount: &str) -> (String, u32, Nature, String) {
    (date.to_string(), year, nature, amount.to_string())
}

#[test]
fn a_35000_inhabitant_cpts_at_full_achievement_gets_220000_a_year() {
    // 35 000 < 40 000: taille_1. Every mission engaged at full achievement:
    // 50 000 (fonctionnement) + 40 000 + 35 000 + 50 000 + 20 000 + 15 000 + 10 000 = 220 000 €.
    let evaluation = eval_json(
        "aci_cpts_2019",
        r#"{ "entrees": { "habitants": 35000 }, "contrat": { "signature": "2020-01-01",
             "missions": { "acces_aux_soins": { "atteinte": 1 }, "parcours": { "atteinte": 1 }, "prevention": { "atteinte": 1 },
                           "qualite": { "atteinte": 1 }, "accompagnement": { "atteinte": 1 } } } }"#,
    );
    assert_eq!(evaluation.tranche.as_deref(), Some("taille_1"));
    assert_eq!(result(&evaluation, "fonctionnement"), "50000.00");
    assert_eq!(result(&evaluation, "financement_annee_pleine"), "220000.00");
    // No mission has started (no `debut`): what this case is paid each year is the operating
    // grant alone, 50 000 €.
    assert_eq!(result(&evaluation, "total_annuel"), "50000.00");
}

#[test]
fn the_band_boundaries_follow_the_documented_choice() {
    // « chaque seuil ouvre la tranche supérieure » : 39 999 → 1, 40 000 → 2, 80 000 → 3,
    // 175 000 → 4, 175 001 → 4; fonctionnement 50 000 / 60 000 / 75 000 / 90 000 €.
    for (inhabitants, band, operating) in [
        (39_999, "taille_1", "50000.00"),
        (40_000, "taille_2", "60000.00"),
        (79_999, "taille_2", "60000.00"),
        (80_000, "taille_3", "75000.00"),
        (174_999, "taille_3", "75000.00"),
        (175_000, "taille_4", "90000.00"),
        (175_001, "taille_4", "90000.00"),
    ] {
        let evaluation = eval_json(
            "aci_cpts_2019",
            &format!(r#"{{ "entrees": {{ "habitants": {inhabitants} }} }}"#),
        );
        assert_eq!(evaluation.tranche.as_deref(), Some(band), "{inhabitants}");
        assert_eq!(
            result(&evaluation, "fonctionnement"),
            operating,
            "{inhabitants}"
        );
    }
}

#[test]
fn a_band_decided_by_a_boundary_hypothesis_lists_it() {
    // 175 000 is `taille_4`'s first value; `taille_3` (just below) carries the hypothesis
    // « 175 000 appartient à la taille 4 » : it decides, so result and explanation list it.
    // 174 999 and 175 001 sit on no boundary: no boundary hypothesis (174 999 is in `taille_3`,
    // whose own hypotheses are listed as before, without « seuil »).
    let boundary = "175 000 appartient à la taille 4";
    let at = |n: u32| {
        eval_json(
            "aci_cpts_2019",
            &format!(r#"{{ "entrees": {{ "habitants": {n} }} }}"#),
        )
    };
    let e = at(175_000);
    assert!(
        e.hypotheses
            .iter()
            .any(|h| h.starts_with("seuil 175 000 : ") && h.contains(boundary)),
        "{:?}",
        e.hypotheses
    );
    assert!(
        e.explication
            .iter()
            .any(|l| l.contains("hypothèse du seuil 175 000") && l.contains(boundary)),
        "{:?}",
        e.explication
    );
    for n in [174_999, 175_001] {
        let listed = at(n).hypotheses;
        assert!(
            !listed.iter().any(|h| h.starts_with("seuil")),
            "{n} {listed:?}"
        );
    }
}

const CPTS_95000: &str = r#"{
  "version": "aci_cpts_2019",
  "entrees": { "habitants": 95000 },
  "contrat": {
    "signature": "2020-03-15",
    "missions": {
      "acces_aux_soins": { "debut": "2020-06-01", "atteinte": { "1": 0.8, "2": 1 } },
      "qualite": { "debut": "2021-01-01" }
    },
    "crises": ["2022-01-10"],
    "jusqu_au": "2025-03-15"
  }
}"#;

#[test]
fn the_fixed_part_advance_is_prorated_from_the_mission_start_to_the_anniversary() {
    let evaluation = eval_json("aci_cpts_2019", CPTS_95000);
    assert_eq!(evaluation.tranche.as_deref(), Some("taille_3"));
    // Accès aux soins, taille 3: 65 000 €, fixed part 50 % = 32 500 €.
    // Started 2020-06-01; first anniversary 2021-03-15: 287 days left (30 in June, 31+31+30+31+30+31
    // to December, 31 + 28 + 14 in 2021) out of 365 (2020-03-15 → 2021-03-15).
    // Fixed part due for year 1: 32 500 × 287/365 = 25 554.7945… → 25 554.79 €.
    // Advance at start: 75 % × 25 554.7945… = 19 166.0958… → 19 166.10 €.
    // Balance at the anniversary: 25 554.79 − 19 166.10 = 6 388.69 €.
    // Variable part of year 1: 32 500 × 287/365 × 0.8 = 20 443.835… → 20 443.84 €.
    // Year 2: advance 75 % × 32 500 = 24 375 € at 2021-03-15, balance 8 125 € and the
    // variable part 32 500 × 1 at 2022-03-15.
    let lines = payments(&evaluation, "acces_aux_soins");
    assert_eq!(
        &lines[..6],
        &[
            p("2020-06-01", 1, Nature::Avance, "19166.10"),
            p("2021-03-15", 1, Nature::Solde, "6388.69"),
            p("2021-03-15", 1, Nature::Variable, "20443.84"),
            p("2021-03-15", 2, Nature::Avance, "24375.00"),
            p("2022-03-15", 2, Nature::Solde, "8125.00"),
            p("2022-03-15", 2, Nature::Variable, "32500.00"),
        ]
    );
    // Years 3 to 5: achievement not given, variable part counted 0 (and said so).
    assert!(
        evaluation
            .notes
            .iter()
            .any(|n| n.contains("atteinte de l'année 3 non donnée")),
        "{:#?}",
        evaluation.notes
    );
    // Every payment names its rule and its clause.
    let first = &evaluation
        .versements
        .iter()
        .find(|p| p.ligne == "acces_aux_soins")
        .expect("payment");
    assert!(
        first.source.ends_with("aci_cpts_2019.clause:41"),
        "{}",
        first.source
    );
    assert!(first.regle.contains("avance de 75 %"), "{}", first.regle);
    assert!(
        first
            .hypotheses
            .iter()
            .any(|h| h.contains("répartition fixe / variable")),
        "{:?}",
        first.hypotheses
    );
    assert!(
        first
            .explication
            .iter()
            .any(|e| e.contains("287/365 jours")),
        "{:?}",
        first.explication
    );
}

#[test]
fn the_operating_grant_is_advanced_at_signature_and_balanced_at_each_anniversary() {
    let evaluation = eval_json("aci_cpts_2019", CPTS_95000);
    // Fonctionnement, taille 3: 75 000 € a year; 75 % = 56 250 € at signature, then at each
    // anniversary the balance 18 750 € of the year ending and 56 250 € for the next.
    let lines = payments(&evaluation, "fonctionnement");
    assert_eq!(
        &lines[..4],
        &[
            p("2020-03-15", 1, Nature::Avance, "56250.00"),
            p("2021-03-15", 1, Nature::Solde, "18750.00"),
            p("2021-03-15", 2, Nature::Avance, "56250.00"),
            p("2022-03-15", 2, Nature::Solde, "18750.00"),
        ]
    );
    // Five contract years, each fully paid by 2025-03-15: 5 × 75 000 €.
    assert_eq!(lines.len(), 10);
    // Year 1 total: 75 000 + fixed 25 554.79 + variable 20 443.84 (accès aux soins) + the same
    // for the SNP line (55 000 €: 21 623.29 + 17 298.63) + qualité from 2021-01-01
    // (30 000 × 50 % × 73/365 = 3 000 €, achievement not given: 0).
    let year1 = evaluation
        .totaux_par_annee
        .iter()
        .find(|t| t.annee == 1)
        .expect("year 1");
    let expected = Decimal::from(75_000)
        + Decimal::from_str("25554.79").expect("decimal")
        + Decimal::from_str("20443.84").expect("decimal")
        + Decimal::from_str("21623.29").expect("decimal")
        + Decimal::from_str("17298.63").expect("decimal")
        + Decimal::from(3_000);
    assert_eq!(year1.amount, expected);
}

#[test]
fn a_missed_start_deadline_is_reported() {
    let evaluation = eval_json("aci_cpts_2019", CPTS_95000);
    // Prévention: start within 12 months of 2020-03-15, i.e. by 2021-03-15; never started.
    let prevention = evaluation
        .echeances
        .iter()
        .find(|e| e.mission == "prevention" && e.nature == "démarrage")
        .expect("deadline");
    assert_eq!(prevention.statut, "manquée");
    assert_eq!(
        prevention.date.map(|d| d.to_string()).as_deref(),
        Some("2021-03-15")
    );
    // Accès aux soins started 2020-06-01, before its deadline 2020-09-15.
    let access = evaluation
        .echeances
        .iter()
        .find(|e| e.mission == "acces_aux_soins" && e.nature == "démarrage")
        .expect("deadline");
    assert_eq!(access.statut, "respectée");
    assert_eq!(
        access.date.map(|d| d.to_string()).as_deref(),
        Some("2020-09-15")
    );
    // Optional missions have no deadline.
    assert!(evaluation
        .echeances
        .iter()
        .filter(|e| e.mission == "qualite")
        .all(|e| e.statut == "libre"));
}

#[test]
fn a_signature_on_august_31_gives_a_six_month_deadline_on_february_29() {
    let evaluation = eval_json(
        "aci_cpts_2019",
        r#"{ "entrees": { "habitants": 50000 }, "contrat": { "signature": "2019-08-31", "jusqu_au": "2019-09-30" } }"#,
    );
    let access = evaluation
        .echeances
        .iter()
        .find(|e| e.mission == "acces_aux_soins" && e.nature == "démarrage")
        .expect("deadline");
    // 2019-08-31 + 6 months: February 2020 has 29 days, the date clamps to its end.
    assert_eq!(
        access.date.map(|d| d.to_string()).as_deref(),
        Some("2020-02-29")
    );
    assert_eq!(access.statut, "à venir");
}

#[test]
fn the_crisis_mission_pays_drafting_updates_and_crises_in_every_band() {
    // Year 1 drafting / years 2+ update (50 %) / each declared crisis (150 %), by band.
    for (inhabitants, drafting, update, crisis) in [
        (30_000, "25000.00", "12500.00", "37500.00"),
        (60_000, "35000.00", "17500.00", "52500.00"),
        (100_000, "45000.00", "22500.00", "67500.00"),
        (200_000, "50000.00", "25000.00", "75000.00"),
    ] {
        let evaluation = eval_json(
            "avenant_2_proposition_2020",
            &format!(
                r#"{{ "entrees": {{ "habitants": {inhabitants} }}, "contrat": {{ "signature": "2021-06-01",
                     "missions": {{ "crise_sanitaire": {{ "debut": "2021-09-01" }} }},
                     "crises": ["2022-01-10"], "jusqu_au": "2023-06-01" }} }}"#
            ),
        );
        assert_eq!(
            payments(&evaluation, "redaction_plan"),
            vec![p("2021-09-01", 1, Nature::Forfait, drafting)],
            "{inhabitants}"
        );
        // Updates at the anniversaries that open years 2 and 3.
        assert_eq!(
            payments(&evaluation, "mise_a_jour_plan"),
            vec![
                p("2022-06-01", 2, Nature::Forfait, update),
                p("2023-06-01", 3, Nature::Forfait, update)
            ],
            "{inhabitants}"
        );
        assert_eq!(
            payments(&evaluation, "survenue_crise"),
            vec![p("2022-01-10", 1, Nature::Ponctuel, crisis)],
            "{inhabitants}"
        );
    }
}

#[test]
fn the_esp_pays_20_euros_per_patient_within_20_percent_of_the_patientele() {
    let team = r#"["medecin_generaliste", "infirmier", "pharmacien"]"#;
    // 300 patients, patientèle 2 000: cap 20 % × 2 000 = 400, so 300 × 20 € = 6 000 €.
    let evaluation = eval_json(
        "esp_proposition_2020",
        &format!(
            r#"{{ "entrees": {{ "patients_coordonnes": 300, "patientele_mt": 2000, "equipe": {team} }} }}"#
        ),
    );
    assert_eq!(result(&evaluation, "forfait_annuel"), "6000.00");
    // Patientèle 1 000: cap 200 patients, so 200 × 20 € = 4 000 €.
    let capped = eval_json(
        "esp_proposition_2020",
        &format!(
            r#"{{ "entrees": {{ "patients_coordonnes": 300, "patientele_mt": 1000, "equipe": {team} }} }}"#
        ),
    );
    assert_eq!(result(&capped, "forfait_annuel"), "4000.00");
    assert!(capped.eligible);
    // Without a pharmacist the team is not eligible: nothing is paid.
    let incomplete = eval_json(
        "esp_proposition_2020",
        r#"{ "entrees": { "patients_coordonnes": 300, "patientele_mt": 2000, "equipe": ["medecin_generaliste", "infirmier"] },
             "contrat": { "signature": "2021-01-01", "jusqu_au": "2023-01-01" } }"#,
    );
    assert!(!incomplete.eligible);
    assert!(incomplete.versements.is_empty());
    assert!(
        incomplete
            .notes
            .iter()
            .any(|n| n.contains("equipe_minimale")),
        "{:?}",
        incomplete.notes
    );
}

#[test]
fn the_esp_flat_fee_is_paid_at_each_anniversary_of_its_contract() {
    let evaluation = eval_json(
        "esp_proposition_2020",
        r#"{ "entrees": { "patients_coordonnes": 300, "patientele_mt": 2000, "equipe": ["medecin_generaliste", "infirmier", "pharmacien"] },
             "contrat": { "signature": "2021-01-01", "jusqu_au": "2023-01-01" } }"#,
    );
    assert_eq!(
        payments(&evaluation, "forfait_annuel"),
        vec![
            p("2022-01-01", 1, Nature::Forfait, "6000.00"),
            p("2023-01-01", 2, Nature::Forfait, "6000.00")
        ]
    );
}

#[test]
fn bad_cases_are_refused_with_the_field_named() {
    let errors = case_errors(
        "aci_cpts_2019",
        r#"{ "entrees": { "habitants": -5 }, "contrat": { "signature": "2020-01-01" } }"#,
    );
    assert_eq!(
        errors,
        vec!["`entrees.habitants` : un nombre positif est attendu, pas -5"]
    );
    let errors = case_errors(
        "aci_cpts_2019",
        r#"{ "entrees": { "habitants": "beaucoup" } }"#,
    );
    assert_eq!(
        errors,
        vec!["`entrees.habitants` : un nombre entier est attendu, pas le texte \"beaucoup\""]
    );
    let errors = case_errors(
        "aci_cpts_2019",
        r#"{ "entrees": { "habitants": 1000 }, "contrat": { "missions": {} } }"#,
    );
    assert_eq!(
        errors,
        vec!["`contrat.signature` : champ manquant : la date de signature du contrat"]
    );
    let errors = case_errors(
        "aci_cpts_2019",
        r#"{ "entrees": { "habitants": 1000 }, "contrat": { "signature": "2020-01-01", "missions": { "qualité": {} } } }"#,
    );
    assert_eq!(
        errors,
        vec!["`contrat.missions.qualité` : champ inconnu ; vouliez-vous dire `qualite` ?"]
    );
    let errors = case_errors(
        "aci_cpts_2019",
        r#"{ "entrees": { "habitants": 1000 }, "contrat": { "signature": "2020-01-01", "missions": { "qualite": { "debut": "2019-12-01" } } } }"#,
    );
    assert_eq!(
        errors,
        vec!["`contrat.missions.qualite.debut` : le 2019-12-01 précède la signature du 2020-01-01"]
    );
    let errors = case_errors(
        "aci_cpts_2019",
        r#"{ "entrees": { "habitants": 1000 }, "contrat": { "signature": "2020-01-01", "missions": { "parcours": { "atteinte": { "1": 1.5 } } } } }"#,
    );
    assert_eq!(
        errors,
        vec!["`contrat.missions.parcours.atteinte.1` : le taux d'atteinte 1.5 sort de [0, 1]"]
    );
    let errors = case_errors("aci_cpts_2019", r#"{ "entrees": { "habitant": 1000 } }"#);
    // The misspelt field is unknown, and the input it meant is then missing: both are said.
    assert_eq!(
        errors,
        vec![
            "`entrees.habitant` : champ inconnu ; vouliez-vous dire `habitants` ?",
            "`entrees.habitants` : champ manquant : la version déclare l'entrée `habitants`"
        ]
    );
    let errors = case_errors("aci_cpts_2019", "{ pas du json");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("`(document)` : JSON invalide ligne 1"),
        "{errors:?}"
    );
}

#[test]
fn a_year_of_advances_and_balances_adds_up_to_the_year_envelope() {
    let evaluation = eval_json("aci_cpts_2019", CPTS_95000);
    // Parcours never started; fonctionnement each year: advance + balance = 75 000 € exactly.
    for year in 1..=5 {
        let sum: Decimal = evaluation
            .versements
            .iter()
            .filter(|p| p.ligne == "fonctionnement" && p.annee == year)
            .map(|p| p.amount)
            .sum();
        assert_eq!(sum, Decimal::from(75_000), "year {year}");
    }
    // Accès aux soins year 2: 24 375 + 8 125 = 32 500 € fixed.
    let fixed: Decimal = evaluation
        .versements
        .iter()
        .filter(|p| p.ligne == "acces_aux_soins" && p.annee == 2 && p.nature != Nature::Variable)
        .map(|p| p.amount)
        .sum();
    assert_eq!(fixed, Decimal::from(32_500));
    assert!(evaluation
        .versements
        .iter()
        .all(|p| p.amount > Decimal::ZERO));
}
