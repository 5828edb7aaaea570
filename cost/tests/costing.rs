//! The costing on hand-made populations: every figure of the report computed by hand below,
//! the totals equal to the batch engine's (`clause eval --cases`) for each version, and a
//! contract outside the amendment's scope costing nothing extra.

use clause_compiler::evaluate::{BatchPlan, CompiledVersion};
use clause_compiler::{analyze, Analysis, SourceDb};
use clause_cost::render::{self, csv::Dialect};
use clause_cost::{open, CostReport, Costing};
use rust_decimal::Decimal;
use std::path::Path;

fn shipped() -> (SourceDb, Analysis) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements");
    let mut db = SourceDb::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("agreements/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "clause"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        db.add(
            format!(
                "agreements/{}",
                file.file_name().expect("name").to_string_lossy()
            ),
            text,
        );
    }
    let analysis = analyze(&db);
    (db, analysis)
}

fn cost(old: &str, new: &str, population: &str) -> CostReport {
    let (db, analysis) = shipped();
    let old = CompiledVersion::new(analysis.version(old).expect("old"), &db);
    let new = CompiledVersion::new(analysis.version(new).expect("new"), &db);
    let mut population = open(population.as_bytes()).expect("population");
    let mut costing = Costing::new(&old, &new, &population.headers, &[]).expect("header");
    // Chunks of two: the folding across chunks is exercised too.
    loop {
        let chunk = population.next_chunk(2).expect("rows");
        if chunk.is_empty() {
            break;
        }
        costing.add(&chunk);
    }
    let notes = std::mem::take(&mut population.notes);
    costing.finish(notes)
}

fn json(report: &CostReport) -> serde_json::Value {
    serde_json::to_value(report).expect("json")
}

/// Three CPTS, no mission started (only the operating grant is paid), under the ACI and its
/// post-Ségur proposal. The ACI pays `fonctionnement` by band (taille 1: 50 000 €, taille 3:
/// 75 000 €, taille 4: 90 000 €) each year for 5 years: 75 % in advance at the signature and each
/// anniversary, the 25 % balance at the following anniversary. The proposal adds a start-up
/// supplement of 75 % of `fonctionnement`, paid at the signature, only to contracts signed before
/// 2021-12-31.
const THREE: &str = "\
# Trois CPTS faites à la main
id,habitants,signature
A,35000,2020-03-15
B,95000,2021-06-30
C,200000,2022-01-31
";

#[test]
fn every_figure_of_a_hand_made_costing() {
    let report = json(&cost("aci_cpts_2019", "avenant_2_proposition_2020", THREE));
    // Totals: A 5 × 50 000 = 250 000; B 5 × 75 000 = 375 000; C 5 × 90 000 = 450 000;
    // before: 1 075 000. After: A + 75 % × 50 000 = 37 500; B + 75 % × 75 000 = 56 250;
    // C is signed after 2021-12-31, outside the proposal: paid by the ACI on both sides.
    // 1 075 000 + 37 500 + 56 250 = 1 168 750; difference 93 750.
    assert_eq!(report["avant"]["total"], "1075000.00");
    assert_eq!(report["apres"]["total"], "1168750.00");
    assert_eq!(report["ecart"]["total"], "93750.00");
    // Contract year 1 holds the supplements; years 2 to 5 pay 50 000 + 75 000 + 90 000 = 215 000.
    let years = &report["ecart"]["par_annee_contrat"];
    assert_eq!(years[0]["annee"], 1);
    assert_eq!(years[0]["avant"], "215000.00");
    assert_eq!(years[0]["apres"], "308750.00");
    for year in 1..5 {
        assert_eq!(years[year]["avant"], "215000.00");
        assert_eq!(years[year]["ecart"], "0.00");
    }
    // Calendar years, before (payments by their date):
    // 2020: A's advance 37 500;
    // 2021: A 12 500 + 37 500 (2021-03-15), B's advance 56 250 (2021-06-30): 106 250;
    // 2022: A 50 000, B 18 750 + 56 250, C's advance 67 500 (2022-01-31): 192 500;
    // 2023, 2024: 50 000 + 75 000 + 90 000 = 215 000;
    // 2025: A's last balance 12 500 (2025-03-15), B 75 000, C 90 000: 177 500;
    // 2026: B's last balance 18 750, C 90 000: 108 750; 2027: C's last balance 22 500.
    // After: + 37 500 in 2020 (A), + 56 250 in 2021 (B).
    let calendar: Vec<(i64, String, String)> = report["ecart"]["par_annee_civile"]
        .as_array()
        .expect("years")
        .iter()
        .map(|y| {
            (
                y["annee"].as_i64().expect("year"),
                y["avant"].as_str().expect("avant").to_string(),
                y["apres"].as_str().expect("apres").to_string(),
            )
        })
        .collect();
    let expected = [
        (2020, "37500.00", "75000.00"),
        (2021, "106250.00", "162500.00"),
        (2022, "192500.00", "192500.00"),
        (2023, "215000.00", "215000.00"),
        (2024, "215000.00", "215000.00"),
        (2025, "177500.00", "177500.00"),
        (2026, "108750.00", "108750.00"),
        (2027, "22500.00", "22500.00"),
    ];
    assert_eq!(
        calendar,
        expected
            .iter()
            .map(|(y, a, b)| (*y, a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    );
    // Counts: 2 gain (A, B), 1 unchanged (C), none lose. C, signed after 2021-12-31, is
    // outside the supplement's eligibility (`réservé aux contrats signés avant le 2021-12-31`)
    // but not outside the proposal: its crisis mission reaches every contract, and pays
    // nothing here (not started, no crisis).
    let counts = &report["contrats"];
    assert_eq!(counts["lignes"], 3);
    assert_eq!(counts["chiffres"], 3);
    assert_eq!(counts["hors_champ"], 0);
    assert_eq!(
        (
            counts["gagnants"].as_u64(),
            counts["perdants"].as_u64(),
            counts["inchanges"].as_u64()
        ),
        (Some(2), Some(0), Some(1))
    );
    // Differences sorted: [0, 37 500, 56 250]. Nearest rank: q10 = ⌈0.3⌉ = 1st = 0,
    // q25 = ⌈0.75⌉ = 1st = 0, median = ⌈1.5⌉ = 2nd = 37 500, q75 = ⌈2.25⌉ = 3rd = 56 250,
    // q90 = 3rd; mean 93 750 / 3 = 31 250.
    let q = &report["distribution"];
    assert_eq!(
        [
            &q["minimum"],
            &q["q10"],
            &q["q25"],
            &q["mediane"],
            &q["q75"],
            &q["q90"],
            &q["maximum"],
            &q["moyenne"]
        ],
        ["0.00", "0.00", "0.00", "37500.00", "56250.00", "56250.00", "56250.00", "31250.00"]
    );
    // By band (the proposal's bands, the same as the ACI's): one contract each.
    let bands = report["ecart"]["par_tranche"].as_array().expect("bands");
    let band = |name: &str| {
        bands
            .iter()
            .find(|b| b["tranche"] == name)
            .expect("band")
            .clone()
    };
    assert_eq!(band("taille_1")["ecart"], "37500.00");
    assert_eq!(band("taille_3")["ecart"], "56250.00");
    assert_eq!(band("taille_4")["ecart"], "0.00");
    assert_eq!(band("taille_4")["tranches_avant"][0]["tranche"], "taille_4");
    // By line: the supplement drives the whole difference and comes first.
    let lines = &report["ecart"]["par_ligne"];
    assert_eq!(lines[0]["ecart"], "93750.00");
    assert_eq!(lines[0]["avant"], "0.00");
    let operating = lines
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["ligne"] == "fonctionnement")
        .expect("fonctionnement");
    assert_eq!(operating["avant"], "1075000.00");
    assert_eq!(operating["ecart"], "0.00");
    // Largest changes: B, then A, then C.
    let largest: Vec<&str> = report["plus_grands_ecarts"]
        .as_array()
        .expect("largest")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(largest, ["B", "A", "C"]);
    // What it rests on: the population's own line.
    assert_eq!(
        report["population"]["hypotheses"][0],
        "Trois CPTS faites à la main"
    );
}

#[test]
fn a_contract_outside_the_amendment_costs_nothing_extra() {
    // Signed 2022-01-31, after the supplement's limit (2021-12-31, a rule of that line alone):
    // the same payments on both sides, the crisis mission not having started.
    let report = cost(
        "aci_cpts_2019",
        "avenant_2_proposition_2020",
        "id,habitants,signature\nC,200000,2022-01-31\n",
    );
    assert_eq!(report.contrats.hors_champ, 0);
    assert_eq!(report.ecart.total.0, Decimal::ZERO);
    assert_eq!(report.avant.total, report.apres.total);
    // The day before the limit, the same contract gains 75 % × 90 000 = 67 500.
    let inside = cost(
        "aci_cpts_2019",
        "avenant_2_proposition_2020",
        "id,habitants,signature\nC,200000,2021-12-30\n",
    );
    assert_eq!(inside.ecart.total.0, Decimal::from(67_500));
}

#[test]
fn the_totals_equal_the_batch_evaluation_of_each_version() {
    // A population with missions, optional missions and achievements, every contract in the
    // scope of both versions: each side's total is the sum of the yearly totals that
    // `clause eval VERSION --cases` writes for the same rows.
    let population = "\
id,habitants,signature,debut.acces_aux_soins,debut.parcours,debut.prevention,qualite,debut.qualite,accompagnement,debut.accompagnement,taux_atteinte
A,35000,2019-08-31,2019-12-01,2020-06-30,2020-02-29,true,2020-01-15,false,,0.8
B,95000,2020-02-29,2020-08-01,2021-01-31,2021-02-15,false,,true,2020-12-31,1
C,175000,2021-05-31,2021-11-30,2022-05-30,2022-01-01,true,2021-06-01,true,2021-07-01,0.55
D,40000,2021-12-30,2022-06-29,2022-12-29,2022-12-01,false,,false,,0
";
    let report = cost("aci_cpts_2019", "avenant_2_proposition_2020", population);
    assert_eq!(report.contrats.chiffres, 4);
    assert_eq!(report.contrats.hors_champ, 0);
    let (db, analysis) = shipped();
    for (name, total) in [
        ("aci_cpts_2019", report.avant.total.0),
        ("avenant_2_proposition_2020", report.apres.total.0),
    ] {
        let compiled = CompiledVersion::new(analysis.version(name).expect("version"), &db);
        let mut lines = population.lines();
        let headers: Vec<String> = lines
            .next()
            .expect("header")
            .split(',')
            .map(String::from)
            .collect();
        let plan = BatchPlan::new(&compiled, &headers, &[]).expect("plan");
        let batch: Decimal = lines
            .map(|line| {
                let fields: Vec<&str> = line.split(',').collect();
                plan.row(fields.as_slice())
                    .expect("row")
                    .years
                    .iter()
                    .sum::<Decimal>()
            })
            .sum();
        assert_eq!(batch, total, "{name}");
        // By line and by year add up to the same total.
        let side = if name == "aci_cpts_2019" {
            &report.avant
        } else {
            &report.apres
        };
        assert_eq!(
            side.par_ligne.iter().map(|l| l.montant.0).sum::<Decimal>(),
            total
        );
        assert_eq!(
            side.par_annee_civile
                .iter()
                .map(|y| y.montant.0)
                .sum::<Decimal>(),
            total
        );
        assert_eq!(
            side.par_annee_contrat
                .iter()
                .map(|y| y.montant.0)
                .sum::<Decimal>(),
            total
        );
    }
}

#[test]
fn refused_rows_are_named_and_left_out_of_both_sides() {
    let report = cost(
        "aci_cpts_2019",
        "avenant_2_proposition_2020",
        "id,habitants,signature\nA,35000,2020-03-15\nB,beaucoup,2020-03-15\nC,35000,\n",
    );
    assert_eq!(report.contrats.lignes, 3);
    assert_eq!(report.contrats.chiffres, 1);
    assert_eq!(report.contrats.refuses, 2);
    assert_eq!(report.avant.total.0, Decimal::from(250_000));
    let lines: Vec<usize> = report.refus.iter().map(|r| r.ligne).collect();
    assert!(lines.contains(&3) && lines.contains(&4), "{lines:?}");
    assert!(report
        .refus
        .iter()
        .any(|r| r.erreurs.iter().any(|e| e.contains("signature"))));
}

#[test]
fn every_output_renders_the_same_figures() {
    let report = cost("aci_cpts_2019", "avenant_2_proposition_2020", THREE);
    let text = render::text::render(&report);
    assert!(
        text.contains("+93\u{a0}750,00\u{a0}€") || text.contains("+93 750,00\u{a0}€"),
        "{text}"
    );
    let markdown = render::markdown::render(&report);
    assert!(
        markdown.contains("| Total versé sur la durée des contrats |"),
        "{markdown}"
    );
    let html = render::html::render(&report, None);
    assert_eq!(html.matches("<svg").count(), 3, "three charts");
    assert!(!html.contains("<script"));
    assert!(html.contains("Total versé par année civile"));
    // CSV: one row per contract, in file order, both dialects.
    let csv = render::csv::render(&report, Dialect::Rfc4180);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "ligne,contrat,tranche_avant,tranche_apres,total_avant,total_apres,ecart"
    );
    assert_eq!(
        rows[1],
        "3,A,taille_1,taille_1,250000.00,287500.00,37500.00"
    );
    assert_eq!(rows.len(), 4);
    let french = render::csv::render(&report, Dialect::French);
    assert!(french.starts_with('\u{feff}'));
    assert!(french.contains("3;A;taille_1;taille_1;250000,00;287500,00;37500,00"));
}
