//! Amendments in time, computed by hand (docs/evaluation.md, « Le temps des avenants »): dates
//! of effect, the year that straddles one, one-off payments of added lines on the date of
//! effect, eligibility per line through a chain of amendments, the version in force.
//! Contract year n runs from the (n−1)th anniversary of the signature to the nth.

use clause_compiler::evaluate::result::{euros, Evaluation, Nature};
use clause_compiler::evaluate::select::{version_in_force, Request};
use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use clause_compiler::{analyze, Analysis, Severity, SourceDb};
use clause_grammar::ast::Status;
use std::path::Path;

/// The shipped agreements and the extra files given, analyzed; no error anywhere.
fn workspace(extra: &[(&str, &str)]) -> (SourceDb, Analysis) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements");
    let mut db = clause_cli::workspace::load(&[dir]).expect("agreements load");
    for (path, text) in extra {
        db.add(*path, *text);
    }
    let analysis = analyze(&db);
    let errors: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    (db, analysis)
}

fn eval(workspace: &(SourceDb, Analysis), version: &str, json: &str) -> Evaluation {
    let (db, analysis) = workspace;
    let version = analysis.version(version).expect("version");
    let case = Case::from_json(version, json).expect("valid case");
    evaluate(&CompiledVersion::new(version, db), &case, true)
}

/// (date, contract year, nature, amount, version) of a line's payments, in date order.
fn payments(evaluation: &Evaluation, line: &str) -> Vec<(String, u32, Nature, String, String)> {
    evaluation
        .versements
        .iter()
        .filter(|p| p.ligne == line)
        .map(|p| {
            (
                p.date.to_string(),
                p.annee,
                p.nature,
                euros(p.amount),
                p.version.clone(),
            )
        })
        .collect()
}

fn p(
    date: &str,
    year: u32,
    nature: Nature,
    amount: &str,
    version: &str,
) -> (String, u32, Nature, String, String) {
    (date.into(), year, nature, amount.into(), version.into())
}

/// +5 % on the operating grant, signed 2022-11-15, in force 2023-01-01.
const REVALUATION: &str = r#"
avenant revalorisation_2023 "Revalorisation du fonctionnement" modifie aci_cpts_2019 {
  statut signé
  signé le 2022-11-15
  en vigueur le 2023-01-01
  source "essai"
  remplace enveloppe fonctionnement "Rémunération du fonctionnement" par taille
      [52 500 €, 63 000 €, 78 750 €, 94 500 €]
    versement avance 75 % à la signature, puis avance 75 % à chaque anniversaire,
        solde à l'anniversaire suivant
  retire vérifier "Financement total possible entre 220 000 € et 450 000 € (CPAM de l'Isère, diapositive 9)"
  retire vérifier "Total maximum par taille (Le Quotidien du médecin, 21 novembre 2019)"
}
"#;

#[test]
fn a_revaluation_in_force_mid_contract_pays_the_base_before_and_the_new_amount_from_the_first_year_after(
) {
    let ws = workspace(&[("revalorisation_2023.clause", REVALUATION)]);
    // 50 000 inhabitants: taille 2, 60 000 € before, 63 000 € (+5 %) from 2023-01-01.
    let evaluation = eval(
        &ws,
        "revalorisation_2023",
        r#"{ "entrees": { "habitants": 50000 }, "contrat": { "signature": "2021-03-31", "jusqu_au": "2024-03-31" } }"#,
    );
    let (base, new) = ("aci_cpts_2019", "revalorisation_2023");
    assert_eq!(
        payments(&evaluation, "fonctionnement"),
        vec![
            // Year 1 (2021-03-31 → 2022-03-31), before the date of effect: 60 000 × 75 % =
            // 45 000 at signature (not 63 000 × 75 % = 47 250), balance 15 000.
            p("2021-03-31", 1, Nature::Avance, "45000.00", base),
            p("2022-03-31", 1, Nature::Solde, "15000.00", base),
            // Year 2 (2022-03-31 → 2023-03-31) straddles 2023-01-01: the amount in force on its
            // first day, 60 000: 45 000 + 15 000.
            p("2022-03-31", 2, Nature::Avance, "45000.00", base),
            p("2023-03-31", 2, Nature::Solde, "15000.00", base),
            // Year 3 (2023-03-31 → 2024-03-31): 63 000 × 75 % = 47 250, balance 15 750.
            p("2023-03-31", 3, Nature::Avance, "47250.00", new),
            p("2024-03-31", 3, Nature::Solde, "15750.00", new),
            // Year 4's advance, on the last day the case lists (`jusqu_au`): 47 250.
            p("2024-03-31", 4, Nature::Avance, "47250.00", new),
        ]
    );
    let sources: Vec<&str> = evaluation
        .versements
        .iter()
        .filter(|p| p.ligne == "fonctionnement")
        .map(|p| p.source.rsplit('/').next().unwrap_or_default())
        .collect();
    assert_eq!(sources[0], "aci_cpts_2019.clause:36");
    assert_eq!(sources[4], "revalorisation_2023.clause:7");
}

const CRISIS_CASE: &str = r#"{ "entrees": { "habitants": 95000 }, "contrat": { "signature": "2020-03-01",
    "lettre_intention": "2019-12-01", "missions": { "crise_sanitaire": { "debut": "2021-01-10" } },
    "jusqu_au": "2022-03-01" } }"#;

#[test]
fn lines_an_amendment_adds_reach_an_older_contract_on_its_date_of_effect() {
    let ws = workspace(&[]);
    // Contract signed 2020-03-01, before the proposal of 2020-11-04 (its date of effect).
    let evaluation = eval(&ws, "avenant_2_proposition_2020", CRISIS_CASE);
    let amendment = "avenant_2_proposition_2020";
    // Taille 3 (95 000): the supplement 75 % × 75 000 = 56 250 €, due at signature
    // (2020-03-01), is paid on the date of effect, 2020-11-04, in contract year 1.
    assert_eq!(
        payments(&evaluation, "supplement_amorcage"),
        vec![p("2020-11-04", 1, Nature::Ponctuel, "56250.00", amendment)]
    );
    // The letter of intent (validated 2019-12-01) likewise: 25 000 € on 2020-11-04.
    assert_eq!(
        payments(&evaluation, "lettre_intention"),
        vec![p("2020-11-04", 1, Nature::Ponctuel, "25000.00", amendment)]
    );
    // A line of the base is paid the base's value, named as such: 75 000 × 75 % = 56 250.
    assert_eq!(
        payments(&evaluation, "fonctionnement")[0],
        p("2020-03-01", 1, Nature::Avance, "56250.00", "aci_cpts_2019")
    );
    // The crisis mission, added by the amendment, counts its deadlines from its date of
    // effect (later than the signature): 2020-11-04 + 6 months = 2021-05-04 (started
    // 2021-01-10: met), + 18 months = 2022-05-04.
    let deadline = |nature: &str| {
        evaluation
            .echeances
            .iter()
            .find(|e| e.mission == "crise_sanitaire" && e.nature == nature)
            .map(|e| (e.date.map(|d| d.to_string()), e.statut.clone()))
            .expect("deadline")
    };
    assert_eq!(
        deadline("démarrage"),
        (Some("2021-05-04".into()), "respectée".into())
    );
    assert_eq!(
        deadline("déploiement"),
        (Some("2022-05-04".into()), "à venir".into())
    );
    // Its drafting, 45 000 € at the start (2021-01-10, year 1); its update, 50 % = 22 500 €,
    // at the anniversaries that open years 2 and 3 (2021-03-01, 2022-03-01).
    assert_eq!(
        payments(&evaluation, "redaction_plan"),
        vec![p("2021-01-10", 1, Nature::Forfait, "45000.00", amendment)]
    );
    assert_eq!(
        payments(&evaluation, "mise_a_jour_plan"),
        vec![
            p("2021-03-01", 2, Nature::Forfait, "22500.00", amendment),
            p("2022-03-01", 3, Nature::Forfait, "22500.00", amendment)
        ]
    );
}

fn request<'a>(at: &str, agreement: Option<&'a str>, threshold: Status) -> Request<'a> {
    Request {
        at: chrono::NaiveDate::parse_from_str(at, "%Y-%m-%d").expect("date"),
        agreement,
        inputs: vec!["habitants"],
        threshold,
    }
}

#[test]
fn the_version_in_force_is_signed_unless_a_status_lets_a_proposal_in() {
    let (_, analysis) = workspace(&[]);
    let chosen = |r: Request<'_>| {
        version_in_force(&analysis.versions, &r).map(|c| (c.version.name.clone(), c.reasons))
    };
    // A proposal in the workspace does not make the law: at 2021-06-01, the signed ACI, the
    // case naming its agreement or not (its input `habitants` is the ACI's).
    for agreement in [
        None,
        Some("aci_cpts_2019"),
        Some("avenant_2_proposition_2020"),
    ] {
        let (name, reasons) =
            chosen(request("2021-06-01", agreement, Status::Signed)).expect("version");
        assert_eq!(name, "aci_cpts_2019");
        assert!(
            reasons
                .iter()
                .any(|r| r.starts_with("`avenant_2_proposition_2020` écarté : statut proposé")),
            "{reasons:?}"
        );
    }
    // Asked for (`--status proposé`): the proposal of 2020-11-04, once it is made.
    let (name, _) = chosen(request("2021-06-01", None, Status::Proposed)).expect("version");
    assert_eq!(name, "avenant_2_proposition_2020");
    let (name, reasons) = chosen(request("2020-06-01", None, Status::Proposed)).expect("version");
    assert_eq!(name, "aci_cpts_2019");
    assert!(reasons
        .iter()
        .any(|r| r.contains("pas encore en vigueur au 2020-06-01 (date d'effet : 2020-11-04)")));
    // With drafts, two agreements take `habitants`: the case must name its own.
    let ambiguous = chosen(request("2021-06-01", None, Status::Draft)).expect_err("ambiguous");
    assert!(
        ambiguous.contains("plusieurs accords (`aci_cpts_2019`, `cpts_projet_2019_01`)"),
        "{ambiguous}"
    );
    // Before the ACI's date of effect (2019-08-25), nothing is in force.
    let none = chosen(request("2019-08-01", None, Status::Signed)).expect_err("none");
    assert!(
        none.starts_with(
            "aucune version de l'accord `aci_cpts_2019` (signé) n'est en vigueur au 2019-08-01"
        ),
        "{none}"
    );
}

#[test]
fn the_supplement_is_refused_to_a_contract_signed_in_2022_while_its_crisis_mission_is_paid() {
    let ws = workspace(&[]);
    let evaluation = eval(
        &ws,
        "avenant_2_proposition_2020",
        r#"{ "entrees": { "habitants": 95000 }, "contrat": { "signature": "2022-02-01",
             "missions": { "crise_sanitaire": { "debut": "2022-03-01" } }, "crises": ["2022-09-15"],
             "jusqu_au": "2023-02-01" } }"#,
    );
    // Signed 2022-02-01, not before 2021-12-31: no supplement, and the notes say why.
    assert_eq!(payments(&evaluation, "supplement_amorcage"), vec![]);
    assert!(evaluation.notes.iter().any(|n| n
        == "`supplement_amorcage` n'est pas versé : `avenant_2_proposition_2020` le réserve aux contrats signés avant le 2021-12-31 (signature : 2022-02-01)"));
    // The crisis mission is for every contract (taille 3): drafting 45 000 € at its start,
    // a crisis 150 % × 45 000 = 67 500 €, the update 50 % × 45 000 = 22 500 € at 2023-02-01.
    let amendment = "avenant_2_proposition_2020";
    assert_eq!(
        payments(&evaluation, "redaction_plan"),
        vec![p("2022-03-01", 1, Nature::Forfait, "45000.00", amendment)]
    );
    assert_eq!(
        payments(&evaluation, "survenue_crise"),
        vec![p("2022-09-15", 1, Nature::Ponctuel, "67500.00", amendment)]
    );
    assert_eq!(
        payments(&evaluation, "mise_a_jour_plan"),
        vec![p("2023-02-01", 2, Nature::Forfait, "22500.00", amendment)]
    );
}

/// Three amendments: the first adds a bonus reserved to contracts signed before 2020-07-01;
/// the second revalues the operating grant from 2021-01-01; the third adds a yearly line.
const CHAIN: [(&str, &str); 3] = [
    (
        "a1.clause",
        r#"avenant a1 "Prime d'installation" modifie aci_cpts_2019 {
  statut signé
  signé le 2020-01-15
  source "essai"
  ajoute enveloppe prime "Prime d'installation" = 10 000 €
    versement à la signature
    réservé aux contrats signés avant le 2020-07-01
}
"#,
    ),
    (
        "a2.clause",
        r#"avenant a2 "Revalorisation" modifie a1 {
  statut signé
  signé le 2020-12-01
  en vigueur le 2021-01-01
  source "essai"
  remplace enveloppe fonctionnement "Rémunération du fonctionnement" par taille
      [55 000 €, 66 000 €, 82 500 €, 99 000 €]
    versement avance 75 % à la signature, puis avance 75 % à chaque anniversaire,
        solde à l'anniversaire suivant
  retire vérifier "Financement total possible entre 220 000 € et 450 000 € (CPAM de l'Isère, diapositive 9)"
  retire vérifier "Total maximum par taille (Le Quotidien du médecin, 21 novembre 2019)"
}
"#,
    ),
    (
        "a3.clause",
        r#"avenant a3 "Forfait numérique" modifie a2 {
  statut signé
  signé le 2021-06-01
  source "essai"
  ajoute enveloppe numerique "Forfait numérique" = 2 000 €
    versement chaque année
}
"#,
    ),
];

#[test]
fn a_chain_of_three_amendments_keeps_the_eligibility_rule_of_a_line_of_the_first() {
    let ws = workspace(&CHAIN);
    let case = |signature: &str| {
        format!(
            r#"{{ "entrees": {{ "habitants": 30000 }}, "contrat": {{ "signature": "{signature}", "jusqu_au": "2022-06-30" }} }}"#
        )
    };
    // Signed 2020-03-01 (before 2020-07-01, after a1's date of effect 2020-01-15): the bonus,
    // 10 000 € at signature, named from a1 though the case is evaluated with a3.
    let early = eval(&ws, "a3", &case("2020-03-01"));
    assert_eq!(
        payments(&early, "prime"),
        vec![p("2020-03-01", 1, Nature::Ponctuel, "10000.00", "a1")]
    );
    // Taille 1: 50 000 € until a2 (2021-01-01), then 55 000 €. Year 1 (from 2020-03-01):
    // 37 500 + 12 500; year 2 (2021-03-01, after 2021-01-01): 55 000 × 75 % = 41 250; year 3
    // (2022-03-01): 41 250 again.
    let grant = payments(&early, "fonctionnement");
    assert_eq!(
        grant[0],
        p("2020-03-01", 1, Nature::Avance, "37500.00", "aci_cpts_2019")
    );
    assert_eq!(
        grant[2],
        p("2021-03-01", 2, Nature::Avance, "41250.00", "a2")
    );
    // a3's yearly 2 000 €, in force from 2021-06-01: year 2 began 2021-03-01, before it (the
    // amount in force on the year's first day: none); year 3 (2022-03-01 → 2023-03-01) ends
    // after `jusqu_au`: nothing yet.
    assert_eq!(payments(&early, "numerique"), vec![]);
    // Signed 2020-09-01: a1's rule, kept through a2 and a3, refuses the bonus.
    let late = eval(&ws, "a3", &case("2020-09-01"));
    assert_eq!(payments(&late, "prime"), vec![]);
    assert!(late.notes.iter().any(|n| n.starts_with(
        "`prime` n'est pas versé : `a1` le réserve aux contrats signés avant le 2020-07-01"
    )));
    // Signed 2021-07-01, after a3: the yearly line from year 1, paid at its end, 2022-07-01
    // (after `jusqu_au`: not listed); the grant at a2's amount from the start: 41 250.
    let newest = eval(&ws, "a3", &case("2021-07-01"));
    assert_eq!(
        payments(&newest, "fonctionnement")[0],
        p("2021-07-01", 1, Nature::Avance, "41250.00", "a2")
    );
}

#[test]
fn an_operation_may_prorate_the_year_that_straddles_its_date_of_effect() {
    let prorated = REVALUATION
        .replace("revalorisation_2023", "revalorisation_prorata")
        .replace(
            "        solde à l'anniversaire suivant\n  retire",
            "        solde à l'anniversaire suivant\n    à compter du 2023-01-01 au prorata\n  retire",
        );
    let ws = workspace(&[("revalorisation_prorata.clause", &prorated)]);
    let evaluation = eval(
        &ws,
        "revalorisation_prorata",
        r#"{ "entrees": { "habitants": 50000 }, "contrat": { "signature": "2021-03-31", "jusqu_au": "2023-12-31" } }"#,
    );
    let grant = payments(&evaluation, "fonctionnement");
    // Year 2 (2022-03-31 → 2023-03-31, 365 days): 276 days at 60 000 (to 2023-01-01) and 89 at
    // 63 000: 60 000 × 276/365 + 63 000 × 89/365 = 45 369.863… + 15 361.643… = 60 731.506…;
    // advance 75 % = 45 548.63 €, balance 60 731.51 − 45 548.63 = 15 182.88 €.
    assert_eq!(
        grant[2],
        p(
            "2022-03-31",
            2,
            Nature::Avance,
            "45548.63",
            "revalorisation_prorata"
        )
    );
    assert_eq!(
        grant[3],
        p(
            "2023-03-31",
            2,
            Nature::Solde,
            "15182.88",
            "revalorisation_prorata"
        )
    );
    // Year 1 is wholly before: 45 000; year 3 wholly after: 47 250.
    assert_eq!(
        grant[0],
        p("2021-03-31", 1, Nature::Avance, "45000.00", "aci_cpts_2019")
    );
    assert_eq!(
        grant[4],
        p(
            "2023-03-31",
            3,
            Nature::Avance,
            "47250.00",
            "revalorisation_prorata"
        )
    );
}
