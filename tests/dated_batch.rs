//! The numbers of a batch row against the words of a case, on random dated cases for every
//! shipped version: the batch's totals per contract year (the numeric engine, no words) equal
//! the sums of the payments of the full worded evaluation of the same case, to the cent, and its
//! `financement_annee_pleine` the worded result's. The row says everything the case file says
//! (crises in one cell, letter of intent, start, deployment and achievement per mission and per
//! year): the case the row describes is the case its JSON twin describes.

use clause_compiler::evaluate::batch::{BatchPlan, RowScratch};
use clause_compiler::evaluate::numbers::planned_lines;
use clause_compiler::evaluate::run::{anniversary, evaluate_by_year};
use clause_compiler::evaluate::{evaluate, numbers, Case, CompiledVersion};
use clause_compiler::ir::Version;
use clause_compiler::types::Type;
use clause_compiler::{analyze, Analysis, SourceDb};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use rust_decimal::Decimal;
use std::path::Path;
use std::sync::OnceLock;

struct Shipped {
    // Kept alive for the compiled versions, which borrow the analysis.
    analysis: &'static Analysis,
    compiled: Vec<CompiledVersion<'static>>,
}

/// The shipped agreements and `extra` files, analyzed (no error) and compiled, once.
fn compiled(extra: &[(String, String)]) -> Shipped {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../agreements");
    let mut db = clause_cli::workspace::load(&[dir]).expect("agreements");
    for (path, text) in extra {
        db.add(path.as_str(), text.as_str());
    }
    let db: &'static SourceDb = Box::leak(Box::new(db));
    let analysis: &'static Analysis = Box::leak(Box::new(analyze(db)));
    assert!(!analysis.has_errors(), "the agreements check");
    let compiled = analysis
        .versions
        .iter()
        .map(|v| CompiledVersion::new(v, db))
        .collect();
    Shipped { analysis, compiled }
}

fn shipped() -> &'static Shipped {
    static SHIPPED: OnceLock<Shipped> = OnceLock::new();
    SHIPPED.get_or_init(|| compiled(&[]))
}

/// The shipped agreements with the amendments the generated code is tested on
/// (`codegen/tests/support/mod.rs`, read from there, not copied): the chain `t1`…`t5` (lines
/// reserved by signature date or condition, a date of effect `au prorata`, a line with its own
/// date of effect, an `applicable aux contrats signés avant`, amounts relative to the base) and
/// the ACI under the date policies `début du mois suivant` and `erreur`.
fn chains_and_policies() -> &'static Shipped {
    static CHAINS: OnceLock<Shipped> = OnceLock::new();
    CHAINS.get_or_init(|| {
        let support = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/support/mod.rs");
        let text = std::fs::read_to_string(support).expect("the codegen tests' support");
        let mut files = Vec::new();
        for constant in ["pub const CHAIN", "pub const POLICIES"] {
            let block = &text[text.find(constant).expect(constant)..];
            let block = &block[..block.find("];").expect("the end of the constant")];
            // Each entry: `("agreements/NAME.clause", r#"…"#)`.
            for entry in block.split("(\n        \"").skip(1) {
                let (path, rest) = entry.split_once('"').expect("a path");
                let start = rest.find("r#\"").expect("a raw string") + 3;
                let end = rest.find("\"#").expect("the raw string's end");
                files.push((path.to_string(), rest[start..end].to_string()));
            }
        }
        assert_eq!(files.len(), 7, "t1…t5, p_debut, p_erreur");
        compiled(&files)
    })
}

/// One mission of a drawn case: engaged (optional ones), start and deployment as days after the
/// signature (`None`: not given), the achievement of years 1 to 6 in hundredths (`None`: not
/// given) and a rate for the other years.
#[derive(Debug, Clone)]
struct DrawnMission {
    engaged: bool,
    start: Option<u32>,
    deployment: Option<u32>,
    years: Vec<Option<u32>>,
    other_years: Option<u32>,
}

#[derive(Debug, Clone)]
struct Drawn {
    version: usize,
    /// Numbers for the inputs, in the order of the version's inputs.
    inputs: Vec<u32>,
    /// Year from 2019 to 2022, month, day (31 in a short month falls to its last day).
    signature: (i32, u32, u32),
    /// Days from the signature (a letter of intent may precede it: paid in year 0).
    letter: Option<i32>,
    /// `jusqu_au`, days from the signature (needed by a version without a contract duration).
    until: Option<u32>,
    crises: Vec<u32>,
    missions: Vec<DrawnMission>,
}

fn drawn() -> impl Strategy<Value = Drawn> {
    let mission = (
        any::<bool>(),
        proptest::option::weighted(0.85, prop_oneof![Just(0u32), 0u32..900]),
        proptest::option::of(0u32..1200),
        proptest::collection::vec(proptest::option::weighted(0.8, 0u32..=100), 6),
        proptest::option::of(0u32..=100),
    )
        .prop_map(
            |(engaged, start, deployment, years, other_years)| DrawnMission {
                engaged,
                start,
                deployment,
                years,
                other_years,
            },
        );
    (
        0usize..64,
        proptest::collection::vec(
            prop_oneof![
                0u32..400_000,
                0u32..40,
                Just(39_999),
                Just(40_000),
                Just(80_000),
                Just(175_000)
            ],
            8,
        ),
        prop_oneof![
            8 => (
                2019i32..2023,
                1u32..=12,
                prop_oneof![1u32..=31, Just(28), Just(29), Just(30), Just(31)],
            ),
            // 29 February and months' ends, whose anniversaries the date policies decide.
            1 => Just((2020, 2, 29)),
            1 => prop_oneof![Just((2019, 1, 31)), Just((2021, 8, 31)), Just((2020, 3, 31))],
        ],
        proptest::option::of(-200i32..400),
        proptest::option::weighted(0.7, prop_oneof![0u32..2500, Just(1826)]),
        proptest::collection::vec(0u32..2200, 0..4),
        proptest::collection::vec(mission, 8),
    )
        .prop_map(
            |(version, inputs, signature, letter, until, crises, missions)| Drawn {
                version,
                inputs,
                signature,
                letter,
                until,
                crises,
                missions,
            },
        )
}

impl Drawn {
    fn signature(&self) -> chrono::NaiveDate {
        let (year, month, day) = self.signature;
        (1..=day)
            .rev()
            .find_map(|d| chrono::NaiveDate::from_ymd_opt(year, month, d))
            .expect("a valid day")
    }

    fn after(&self, days: i64) -> String {
        (self.signature() + chrono::TimeDelta::days(days)).to_string()
    }

    /// The input's value as a CSV cell and as JSON.
    fn input(&self, version: &Version, index: usize) -> (String, String) {
        let number = self.inputs[index % self.inputs.len()];
        match version.inputs[index].ty {
            Type::Set(e) => {
                let names: Vec<&str> = version.enums[e]
                    .variants
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| number & (1 << (bit % 32)) != 0 || number.is_multiple_of(3))
                    .map(|(_, v)| v.name.as_str())
                    .collect();
                let json: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                // The empty set has no CSV spelling (an empty cell is a missing input).
                let cell = names.join(" | ");
                (cell, format!("[{}]", json.join(", ")))
            }
            Type::Enum(e) => {
                let variants = &version.enums[e].variants;
                let name = &variants[number as usize % variants.len()].name;
                (name.clone(), format!("\"{name}\""))
            }
            Type::Bool => {
                let flag = number.is_multiple_of(2).to_string();
                (flag.clone(), flag)
            }
            _ => (number.to_string(), number.to_string()),
        }
    }

    /// The case as a CSV header and row, and as a case file.
    fn row_and_json(&self, version: &Version) -> (Vec<String>, Vec<String>, String) {
        let mut headers = Vec::new();
        let mut row = Vec::new();
        let mut entries = Vec::new();
        for (index, input) in version.inputs.iter().enumerate() {
            let (cell, json) = self.input(version, index);
            headers.push(input.name.clone());
            row.push(cell);
            entries.push(format!("\"{}\": {json}", input.name));
        }
        let signature = self.signature().to_string();
        headers.push("signature".into());
        row.push(signature.clone());
        let mut contract = vec![format!("\"signature\": \"{signature}\"")];
        headers.push("jusqu_au".into());
        match self.until {
            Some(days) => {
                let date = self.after(i64::from(days));
                row.push(date.clone());
                contract.push(format!("\"jusqu_au\": \"{date}\""));
            }
            None => row.push(String::new()),
        }
        headers.push("lettre_intention".into());
        match self.letter {
            Some(days) => {
                let date = self.after(i64::from(days));
                row.push(date.clone());
                contract.push(format!("\"lettre_intention\": \"{date}\""));
            }
            None => row.push(String::new()),
        }
        let crises: Vec<String> = self
            .crises
            .iter()
            .map(|d| self.after(i64::from(*d)))
            .collect();
        headers.push("crises".into());
        row.push(crises.join(" "));
        let quoted: Vec<String> = crises.iter().map(|c| format!("\"{c}\"")).collect();
        contract.push(format!("\"crises\": [{}]", quoted.join(", ")));
        let mut missions = Vec::new();
        for (index, mission) in version.missions.iter().enumerate() {
            let mut drawn = self.missions[index % self.missions.len()].clone();
            let optional = mission.kind == clause_grammar::ast::MissionKind::Optional;
            let engaged = !optional || drawn.engaged;
            if !engaged {
                // A mission not engaged says nothing else (a case file does not list it).
                drawn = DrawnMission {
                    engaged,
                    start: None,
                    deployment: None,
                    years: vec![None; drawn.years.len()],
                    other_years: None,
                };
            }
            let name = &mission.name;
            headers.push(name.clone());
            row.push(engaged.to_string());
            let mut fields = Vec::new();
            let mut date = |column: &str, field: &str, days: Option<u32>| {
                headers.push(format!("{column}.{name}"));
                match days {
                    Some(days) => {
                        let date = self.after(i64::from(days));
                        row.push(date.clone());
                        fields.push(format!("\"{field}\": \"{date}\""));
                    }
                    None => row.push(String::new()),
                }
            };
            date("debut", "debut", drawn.start);
            date("deploiement", "deploiement", drawn.deployment);
            let rate = |r: u32| Decimal::new(i64::from(r), 2).to_string();
            let mut by_year = Vec::new();
            for (year, given) in drawn.years.iter().enumerate() {
                headers.push(format!("taux_atteinte.{name}.{}", year + 1));
                row.push(given.map(rate).unwrap_or_default());
                if let Some(r) = given {
                    by_year.push(format!("\"{}\": {}", year + 1, rate(*r)));
                }
            }
            headers.push(format!("taux_atteinte.{name}"));
            row.push(drawn.other_years.map(rate).unwrap_or_default());
            if !by_year.is_empty() {
                fields.push(format!("\"atteinte\": {{ {} }}", by_year.join(", ")));
            }
            if engaged {
                missions.push(format!("\"{name}\": {{ {} }}", fields.join(", ")));
            }
        }
        contract.push(format!("\"missions\": {{ {} }}", missions.join(", ")));
        let json = format!(
            "{{ \"entrees\": {{ {} }}, \"contrat\": {{ {} }} }}",
            entries.join(", "),
            contract.join(", ")
        );
        (headers, row, json)
    }
}

/// The batch's numbers against the worded evaluation's payments for one drawn case of one
/// version; the row is read as its case file says it.
fn batch_equals_words(compiled: &CompiledVersion<'_>, drawn: &Drawn) -> Result<(), TestCaseError> {
    let version = compiled.version;
    let (headers, row, json) = drawn.row_and_json(version);
    // A set input's cell holds its names separated by `|`; the empty set is said by a case
    // file only (an empty cell is a missing input).
    let cells = version
        .inputs
        .iter()
        .zip(&row)
        .all(|(input, cell)| !matches!(input.ty, Type::Set(_)) || !cell.is_empty());
    let plan = BatchPlan::new(compiled, &headers, &[]).expect("the header resolves");
    let fields: Vec<&str> = row.iter().map(String::as_str).collect();
    let from_row = if cells {
        plan.case_of(&fields)
    } else {
        Case::from_json(version, &json)
    };
    let (case, mut expected) = match (from_row, Case::from_json(version, &json)) {
        (Ok(row), Ok(file)) => (row, file),
        // A case the file cannot say either (no end date, a date the policy refuses): the
        // batch row is refused with the same words as the row read into a case.
        (Err(errors), Err(_)) => {
            if cells {
                prop_assert_eq!(plan.row(fields.as_slice()).err(), Some(errors));
            }
            return Ok(());
        }
        (row, file) => panic!("the row {row:?} and the file {file:?} disagree\n{json}"),
    };
    // The row's rate for the other years has no spelling in a file that gives rates by
    // year: the cases are compared with it set alike.
    for (mission, from_row) in expected.missions.iter_mut().zip(&case.missions) {
        mission.default_achievement = from_row.default_achievement;
    }
    prop_assert_eq!(&case, &expected, "the row and its case file");

    // Every year of the contract (0: before the first), from the numeric engine.
    let mut years = Vec::new();
    let numeric = numbers(compiled, &case, &mut years);
    let worded = evaluate(compiled, &case, false);
    // The engine's worded evaluation, words and notes included, is its reference model's: every
    // line paid year by year by an independent reading of the same rules.
    let explained = evaluate(compiled, &case, true);
    let by_year = evaluate_by_year(compiled, &case, true);
    prop_assert_eq!(&explained, &by_year, "{}: {}", version.name, json);
    for (year, total) in years.iter().enumerate() {
        let paid: Decimal = worded
            .versements
            .iter()
            .filter(|p| p.annee as usize == year)
            .map(|p| p.amount)
            .sum();
        prop_assert_eq!(*total, paid, "year {} of {}: {}", year, version.name, json);
    }
    // Every payment is in a year the totals show, except one dated on or after the
    // contract's last anniversary (a crisis on the end date, or before a later `jusqu_au`):
    // `year_of` places it in year N + 1, which neither the worded totals nor the batch show
    // (a gap kept as it was, docs/evaluation.md).
    let last = case
        .contract
        .as_ref()
        .and_then(|c| anniversary(c, years.len().saturating_sub(1) as u32));
    prop_assert!(worded
        .versements
        .iter()
        .all(|p| (p.annee as usize) < years.len() || last.is_some_and(|l| p.date >= l)));
    prop_assert_eq!(numeric.eligible, worded.eligible);

    let full_year = worded
        .resultats
        .iter()
        .find(|r| r.nom == "financement_annee_pleine")
        .and_then(|r| r.valeur.amount());
    prop_assert_eq!(numeric.full_year, full_year);
    if cells {
        // The batch row shows years 1 to its year columns.
        let from_batch = plan.row(fields.as_slice()).expect("the row evaluates");
        prop_assert_eq!(&from_batch.years[..], &years[1..=from_batch.years.len()]);
        prop_assert_eq!(from_batch.full_year, full_year);
        // A worker's scratch, filled by every row before this one (other versions, rows in
        // error), gives the same numbers: nothing of a row is left for the next.
        SCRATCH.with_borrow_mut(|scratch| -> Result<(), TestCaseError> {
            let reused = plan
                .row_in(fields.as_slice(), scratch)
                .expect("the row evaluates");
            prop_assert_eq!(reused.band, from_batch.band);
            prop_assert_eq!(reused.full_year, from_batch.full_year);
            let cents: Vec<Decimal> = reused
                .years
                .iter()
                .map(|c| Decimal::from_i128_with_scale(*c, 2))
                .collect();
            prop_assert_eq!(cents, from_batch.years);
            Ok(())
        })?;
    } else {
        // A row in error, or of another case, fills the scratch too.
        SCRATCH.with_borrow_mut(|scratch| {
            let _ = plan.row_in(fields.as_slice(), scratch);
        });
    }
    Ok(())
}

thread_local! {
    /// One scratch for every row a test thread evaluates, as a batch worker keeps one.
    static SCRATCH: std::cell::RefCell<RowScratch> = std::cell::RefCell::default();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// The batch's numbers are the sums of the worded evaluation's payments, for every version.
    #[test]
    fn batch_years_are_the_sums_of_the_worded_payments(drawn in drawn()) {
        let shipped = shipped();
        batch_equals_words(&shipped.compiled[drawn.version % shipped.compiled.len()], &drawn)?;
        let _ = shipped.analysis;
    }

    /// The same through a chain of five amendments (reservations by date and condition, dates
    /// of effect `au prorata`, relative amounts) and under each date policy.
    #[test]
    fn batch_years_are_the_sums_of_the_worded_payments_through_chains_and_policies(drawn in drawn()) {
        let shipped = chains_and_policies();
        // Two cases in three on the amendments added to the shipped versions.
        let added: Vec<&CompiledVersion<'_>> = shipped
            .compiled
            .iter()
            .filter(|c| ["t1", "t2", "t3", "t4", "t5", "p_debut", "p_erreur"].contains(&c.version.name.as_str()))
            .collect();
        let compiled = if drawn.version % 3 == 0 {
            &shipped.compiled[drawn.version % shipped.compiled.len()]
        } else {
            added[drawn.version % added.len()]
        };
        batch_equals_words(compiled, &drawn)?;
        let _ = shipped.analysis;
    }
}

/// The batch pays from its compiled plan (`evaluate::plan`), not line by line through the
/// worded engine: what the property tests above compare with the words is the plan's numbers.
/// Every line of the shipped versions is planned; through the chain, the lines the plan does
/// not hold (a value `au prorata` of its date of effect, `réservé si`, a version whose values
/// need more than the band) go back to the engine, the others stay planned.
#[test]
fn the_batch_pays_from_the_plan() {
    let mission = DrawnMission {
        engaged: true,
        start: Some(40),
        deployment: Some(100),
        years: vec![Some(80); 6],
        other_years: Some(50),
    };
    let drawn = Drawn {
        version: 0,
        inputs: vec![50_000; 8],
        signature: (2020, 3, 15),
        letter: Some(-30),
        until: Some(1826),
        crises: vec![400],
        missions: vec![mission; 8],
    };
    let mut counts = Vec::new();
    for shipped in [shipped(), chains_and_policies()] {
        for compiled in &shipped.compiled {
            let (_, _, json) = drawn.row_and_json(compiled.version);
            let case = Case::from_json(compiled.version, &json).expect("the case reads");
            let name = compiled.version.name.as_str();
            if !counts.iter().any(|(n, _)| *n == name) {
                counts.push((name, planned_lines(compiled, &case).expect("a contract")));
            }
        }
    }
    // (lines paid from the bands' plan, lines paid from the case's own periods: the same
    // engine either way).
    let expected = [
        ("aci_cpts_2019", (7, 0)),
        ("avenant_2_proposition_2020", (12, 0)),
        ("cpts_projet_2019_01", (4, 0)),
        // Values that need more than the band (each case computes them): no plan.
        ("esp_proposition_2020", (0, 1)),
        ("ess_2025", (0, 2)),
        ("t1", (10, 0)),
        // One line `à compter du 2021-03-01 au prorata`.
        ("t2", (9, 1)),
        ("t3", (13, 1)),
        // A condition (`réservé si peuplee`, t4, and t5 after it): the values of each case are
        // computed, no plan.
        ("t4", (0, 15)),
        ("t5", (0, 15)),
        ("p_debut", (7, 0)),
        ("p_erreur", (7, 0)),
    ];
    assert_eq!(counts, expected);
}

/// A batch row's band (`band_of_number`: integers for a count written without decimals) is the
/// band `band_of` finds with `Decimal`, for every shipped version, on every count up to 400 000
/// and around each bound.
#[test]
fn a_count_finds_the_band_decimal_finds() {
    for compiled in &shipped().compiled {
        let Some(set) = compiled.band_set else {
            continue;
        };
        let bounds = compiled.version.band_sets[set].bands.iter().flat_map(|b| {
            let low = u64::try_from(b.low).unwrap_or(0);
            let high = b.high.and_then(|h| u64::try_from(h).ok()).unwrap_or(0);
            [
                low.saturating_sub(1),
                low,
                low + 1,
                high.saturating_sub(1),
                high,
                high + 1,
            ]
        });
        for count in (0..=400_000u64).chain(bounds) {
            let number = Decimal::from(count);
            assert_eq!(
                compiled.band_of_number(number),
                compiled.band_of(number),
                "{} {count}",
                compiled.version.name
            );
        }
    }
}
