//! Invariants of the evaluator, checked on generated cases against the shipped agreements:
//! no negative payment; a year's advances and balances add up to the year's envelope; the
//! yearly totals stay within the maxima the agreement asserts; a case evaluated alone and as a
//! row of a batch gives the same figures.

use clause_compiler::evaluate::batch::BatchPlan;
use clause_compiler::evaluate::{evaluate, Case, CompiledVersion, Evaluation};
use clause_compiler::{analyze, Analysis, SourceDb};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::path::Path;
use std::sync::OnceLock;

fn shipped() -> &'static (SourceDb, Analysis) {
    static SHIPPED: OnceLock<(SourceDb, Analysis)> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements");
        let db = clause_cli::workspace::load(&[dir]).expect("agreements load");
        let analysis = analyze(&db);
        assert!(!analysis.has_errors(), "the shipped agreements check");
        (db, analysis)
    })
}

const ACI_MISSIONS: [&str; 5] = [
    "acces_aux_soins",
    "parcours",
    "prevention",
    "qualite",
    "accompagnement",
];

/// A generated contract for the ACI and its amendment: population, signature, and for each
/// mission whether it is engaged, how many days after the signature it starts and its
/// achievement (in hundredths) for each of the five contract years.
#[derive(Debug, Clone)]
struct Contract {
    inhabitants: u32,
    signature: (i32, u32, u32),
    missions: Vec<(bool, u32, [u32; 5])>,
    crises: Vec<u32>,
}

fn contracts() -> impl Strategy<Value = Contract> {
    (
        prop_oneof![
            1u32..400_000,
            Just(39_999),
            Just(40_000),
            Just(80_000),
            Just(175_000)
        ],
        (2019i32..2030, 1u32..=12, 1u32..=31),
        proptest::collection::vec(
            (
                any::<bool>(),
                0u32..800,
                [0u32..=100, 0u32..=100, 0u32..=100, 0u32..=100, 0u32..=100],
            ),
            5,
        ),
        proptest::collection::vec(0u32..2000, 0..3),
    )
        .prop_map(|(inhabitants, signature, missions, crises)| Contract {
            inhabitants,
            signature,
            missions,
            crises,
        })
}

impl Contract {
    fn signature(&self) -> chrono::NaiveDate {
        let (year, month, day) = self.signature;
        // The 31st of a short month falls back to the month's last day.
        (1..=day)
            .rev()
            .find_map(|d| chrono::NaiveDate::from_ymd_opt(year, month, d))
            .expect("a valid day")
    }

    fn json(&self, version: &str, full: bool) -> String {
        let signature = self.signature();
        let missions: Vec<String> = ACI_MISSIONS
            .iter()
            .zip(&self.missions)
            .enumerate()
            // The first three are `socle`: always engaged; the optional ones when drawn so.
            .filter(|(index, (_, (engaged, _, _)))| full || *index < 3 || *engaged)
            .map(|(_, (name, (_, start, rates)))| {
                let (start, rates) = if full {
                    (0, [100; 5])
                } else {
                    (*start, *rates)
                };
                let debut = signature + chrono::Days::new(u64::from(start));
                let atteinte: Vec<String> = rates
                    .iter()
                    .enumerate()
                    .map(|(year, r)| {
                        format!("\"{}\": {}", year + 1, Decimal::new(i64::from(*r), 2))
                    })
                    .collect();
                format!(
                    "\"{name}\": {{ \"debut\": \"{debut}\", \"atteinte\": {{ {} }} }}",
                    atteinte.join(", ")
                )
            })
            .collect();
        let crises: Vec<String> = self
            .crises
            .iter()
            .map(|d| format!("\"{}\"", signature + chrono::Days::new(u64::from(*d))))
            .collect();
        format!(
            r#"{{ "version": "{version}", "entrees": {{ "habitants": {} }}, "contrat": {{ "signature": "{signature}", "lettre_intention": "{signature}", "missions": {{ {} }}, "crises": [{}] }} }}"#,
            self.inhabitants,
            missions.join(", "),
            crises.join(", ")
        )
    }
}

fn evaluated(version: &str, json: &str) -> (Evaluation, &'static CompiledVersionHolder) {
    let holder = compiled(version);
    let case = Case::from_json(holder.version(), json)
        .unwrap_or_else(|e| panic!("valid case {json}: {e:?}"));
    (evaluate(&holder.compiled, &case, false), holder)
}

/// A compiled version kept for the whole test run (compiling is the costly part).
struct CompiledVersionHolder {
    compiled: CompiledVersion<'static>,
}

impl CompiledVersionHolder {
    fn version(&self) -> &'static clause_compiler::ir::Version {
        self.compiled.version
    }
}

fn compiled(name: &str) -> &'static CompiledVersionHolder {
    static ALL: OnceLock<Vec<CompiledVersionHolder>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        let (db, analysis) = shipped();
        analysis
            .versions
            .iter()
            .map(|v| CompiledVersionHolder {
                compiled: CompiledVersion::new(v, db),
            })
            .collect()
    });
    all.iter()
        .find(|h| h.version().name == name)
        .unwrap_or_else(|| panic!("version {name}"))
}

fn static_amount(holder: &CompiledVersionHolder, band: usize, name: &str) -> Decimal {
    let version = holder.version();
    let value = version
        .value_named(name)
        .unwrap_or_else(|| panic!("value {name}"));
    holder
        .compiled
        .static_amount(band, value)
        .unwrap_or_else(|| panic!("{name} has an amount in band {band}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn no_payment_is_negative_and_years_add_up(contract in contracts(), amendment in any::<bool>()) {
        let version = if amendment { "avenant_2_proposition_2020" } else { "aci_cpts_2019" };
        let (evaluation, _) = evaluated(version, &contract.json(version, false));
        for payment in &evaluation.versements {
            prop_assert!(payment.amount >= Decimal::ZERO, "negative payment {payment:?}");
            prop_assert_eq!(payment.amount, payment.amount.round_dp(2), "a payment in fractions of a cent");
        }
        for year in &evaluation.totaux_par_annee {
            let sum: Decimal = evaluation.versements.iter().filter(|p| p.annee == year.annee).map(|p| p.amount).sum();
            prop_assert_eq!(sum, year.amount, "year {}", year.annee);
        }
    }

    /// Every mission engaged from the signature at full achievement: each contract year, the
    /// advances, balances and variable parts of a line add up to its envelope for the band.
    #[test]
    fn a_years_advances_and_balances_add_up_to_its_envelope(contract in contracts()) {
        let (evaluation, holder) = evaluated("aci_cpts_2019", &contract.json("aci_cpts_2019", true));
        let band = holder.compiled.band_of(Decimal::from(contract.inhabitants)).expect("every population has a band");
        let lines = ["fonctionnement", "acces_aux_soins", "regulation_snp", "parcours", "prevention", "qualite", "accompagnement"];
        for year in 1..=5u32 {
            for line in lines {
                let paid: Decimal = evaluation.versements.iter().filter(|p| p.annee == year && p.ligne == line).map(|p| p.amount).sum();
                prop_assert_eq!(paid, static_amount(holder, band, line), "`{}` in year {}", line, year);
            }
        }
    }

    /// The ACI asserts its total maximum per band (220 000 € to 450 000 €): no contract year
    /// pays more, whatever the achievements and start dates.
    #[test]
    fn no_year_pays_more_than_the_asserted_maximum(contract in contracts()) {
        let (evaluation, holder) = evaluated("aci_cpts_2019", &contract.json("aci_cpts_2019", false));
        let band = holder.compiled.band_of(Decimal::from(contract.inhabitants)).expect("a band");
        let maximum = static_amount(holder, band, "total_maximum");
        prop_assert!(maximum <= Decimal::from(450_000));
        for year in &evaluation.totaux_par_annee {
            prop_assert!(year.amount <= maximum, "year {} pays {} over {}", year.annee, year.amount, maximum);
        }
    }

    /// A case evaluated alone and as a batch row: same band, same yearly totals, same annual total.
    #[test]
    fn a_case_alone_and_in_a_batch_agree(contract in contracts(), with_dates in any::<bool>(), rate in 0u32..=100) {
        let holder = compiled("aci_cpts_2019");
        let version = holder.version();
        let signature = contract.signature().to_string();
        let rate_text = Decimal::new(i64::from(rate), 2).to_string();
        let engaged: Vec<String> = contract.missions.iter().map(|(e, _, _)| e.to_string()).collect();
        let mut headers = vec!["habitants".to_string(), "qualite".into(), "accompagnement".into(), "taux_atteinte".into()];
        let mut row = vec![contract.inhabitants.to_string(), engaged[3].clone(), engaged[4].clone(), rate_text.clone()];
        if with_dates {
            headers.push("signature".into());
            row.push(signature.clone());
        }
        let plan = BatchPlan::new(&holder.compiled, &headers, &[]).expect("the header resolves");
        let fields: Vec<&str> = row.iter().map(String::as_str).collect();
        let from_batch = plan.row(fields.as_slice()).expect("the row evaluates");

        let missions: Vec<String> = ACI_MISSIONS
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 3 || contract.missions[*i].0)
            .map(|(_, name)| format!("\"{name}\": {{ \"atteinte\": {rate_text} }}"))
            .collect();
        let contract_json = if with_dates {
            format!(r#", "contrat": {{ "signature": "{signature}", "missions": {{ {} }} }}"#, missions.join(", "))
        } else {
            String::new()
        };
        let json = format!(r#"{{ "entrees": {{ "habitants": {} }}{contract_json} }}"#, contract.inhabitants);
        let mut case = Case::from_json(version, &json).expect("valid case");
        if !with_dates {
            // Without a contract, the batch's `taux_atteinte` and mission columns apply as in a row.
            for (index, mission) in case.missions.iter_mut().enumerate() {
                mission.default_achievement = Some(Decimal::new(i64::from(rate), 2));
                if index >= 3 {
                    mission.engaged = contract.missions[index].0;
                }
            }
        }
        let alone = evaluate(&holder.compiled, &case, false);
        let alone_total = alone.resultats.iter().find(|r| r.nom == "financement_annee_pleine").and_then(|r| r.valeur.amount());
        prop_assert_eq!(from_batch.full_year, alone_total);
        prop_assert_eq!(from_batch.band.map(|b| plan.band_name(b).to_string()), alone.tranche.clone());
        if with_dates {
            let alone_years: Vec<Decimal> = alone.totaux_par_annee.iter().filter(|t| t.annee >= 1).map(|t| t.amount).collect();
            prop_assert_eq!(&from_batch.years[..alone_years.len().min(from_batch.years.len())], &alone_years[..alone_years.len().min(from_batch.years.len())]);
        }
    }
}

/// An envelope negative only for some inputs passes the checker (which sees the bands, not the
/// inputs): the evaluator pays nothing for it and says why, rather than a negative payment.
#[test]
fn an_envelope_negative_for_a_case_is_not_paid() {
    let text = r#"accord a "A" {
  statut signé
  signé le 2019-06-20
  durée du contrat 3 ans
  source "essai"
  entrée habitants : nombre
  enveloppe reste "Reste" = 10 000 € - habitants × 1 €
    versement à la signature
  enveloppe annuel "Annuel" = 10 000 € - habitants × 1 €
    versement chaque année
}
"#;
    let mut db = SourceDb::new();
    db.add("a.clause", text);
    let analysis = analyze(&db);
    assert!(
        !analysis.has_errors(),
        "{:?}",
        analysis.diagnostics.first().map(|d| &d.message)
    );
    let version = analysis.version("a").expect("version a");
    let compiled = CompiledVersion::new(version, &db);
    let case = |inhabitants: u32| {
        let json = format!(
            r#"{{ "entrees": {{ "habitants": {inhabitants} }}, "contrat": {{ "signature": "2020-01-01" }} }}"#
        );
        evaluate(
            &compiled,
            &Case::from_json(version, &json).expect("valid case"),
            false,
        )
    };
    let full_year = |e: &Evaluation| {
        e.resultats
            .iter()
            .find(|r| r.nom == "financement_annee_pleine")
            .and_then(|r| r.valeur.amount())
    };
    let small = case(4_000);
    assert_eq!(
        small
            .versements
            .iter()
            .filter(|p| p.ligne == "reste")
            .map(|p| p.amount)
            .collect::<Vec<_>>(),
        [Decimal::from(6_000)]
    );
    assert_eq!(full_year(&small), Some(Decimal::from(6_000)));
    let large = case(12_000);
    assert!(large.versements.is_empty(), "{:?}", large.versements);
    assert_eq!(full_year(&large), Some(Decimal::ZERO));
    assert!(
        large
            .notes
            .iter()
            .any(|n| n.contains("`reste`") && n.contains("négatif")),
        "{:?}",
        large.notes
    );
}
