//! Evaluation throughput against the OpenFisca harness of `../shared/bench/openfisca`, in the
//! same run, on the same cases, exact to the cent:
//! - OpenFisca's vectorised build + calc (`bench.py`, best of 3);
//! - Clause's in-memory engine on the cases already loaded (compiled version, band lookup,
//!   `financement_annee_pleine` of `aci_cpts_2019` and `amorcage_total` of the amendment, as OpenFisca
//!   computes `total_funding` and `amorcage`), on every core, best of 3;
//! - `clause eval --cases` end to end (process start, CSV in, CSV out), best of 3, and its peak
//!   memory at N/10 and N.
//!
//! `cargo bench -p clause --bench eval_vs_openfisca` (N = `CLAUSE_BENCH_N`, default 1 000 000).

#[path = "../../tests/support/openfisca.rs"]
mod openfisca;
#[path = "../../tests/support/peak.rs"]
mod peak;

use clause_compiler::evaluate::parallel::map_into;
use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::{analyze, SourceDb};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use std::time::{Duration, Instant};

struct Case {
    population: u64,
    qualite: bool,
    accompagnement: bool,
    rate: Decimal,
}

fn main() {
    let n: usize = std::env::var("CLAUSE_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let work = std::env::temp_dir().join(format!("clause-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("work dir");
    let python = openfisca::python();
    let harness = openfisca::harness();

    // 1. OpenFisca, timed by its own harness.
    let json = work.join("openfisca.json");
    let status = Command::new(&python)
        .arg(&harness)
        .args(["--sizes", &n.to_string(), "--repeats", "3", "--json"])
        .arg(&json)
        .status()
        .expect("bench.py");
    assert!(status.success(), "bench.py failed");
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("json");
    let row = |method: &str| {
        results["results"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["method"] == method))
            .cloned()
            .expect("method row")
    };
    let openfisca = row("openfisca");
    let exact = row("decimal-loop");
    let openfisca_rate = openfisca["entities_per_s"].as_f64().expect("rate");
    let exact_cents = exact["checksum_cents"].as_i64().expect("checksum");

    // 2. The same cases as CSV, with their exact totals.
    let cases_csv = work.join("cases.csv");
    let status = Command::new(&python)
        .arg(&harness)
        .args(["--sizes", &n.to_string(), "--export-csv"])
        .arg(&cases_csv)
        .status()
        .expect("export");
    assert!(status.success());
    let cases = load(&cases_csv);

    // 3. The in-memory engine.
    let dir = openfisca::workspace_root().join("agreements");
    let db: SourceDb = clause_cli::workspace::load(&[dir]).expect("agreements");
    let analysis = analyze(&db);
    let aci = analysis.version("aci_cpts_2019").expect("aci");
    let amendment = analysis
        .version("avenant_2_proposition_2020")
        .expect("amendment");
    let aci_compiled = CompiledVersion::new(aci, &db);
    let amendment_compiled = CompiledVersion::new(amendment, &db);
    let amorcage = amendment
        .value_named("amorcage_total")
        .expect("amorcage_total");
    let qualite = aci_compiled
        .optional_bit(aci.mission_named("qualite").expect("qualite"))
        .expect("optional");
    let accompagnement = aci_compiled
        .optional_bit(aci.mission_named("accompagnement").expect("accompagnement"))
        .expect("optional");
    let mut best = Duration::MAX;
    // Results go to arrays, as OpenFisca's calc fills its arrays; checksums are taken after.
    let mut results = vec![(Decimal::ZERO, Decimal::ZERO); cases.len()];
    for _ in 0..3 {
        let started = Instant::now();
        map_into(&cases, &mut results, |case| {
            let band = aci_compiled.band_of_count(case.population).expect("band");
            let mask = (usize::from(case.qualite) << qualite)
                | (usize::from(case.accompagnement) << accompagnement);
            let total = aci_compiled
                .annual_total_uniform(band, mask, case.rate)
                .expect("total");
            (
                total,
                amendment_compiled
                    .static_amount(band, amorcage)
                    .expect("amorcage"),
            )
        });
        best = best.min(started.elapsed());
    }
    let totals: Vec<Decimal> = results.iter().map(|r| r.0).collect();
    let start_ups: Vec<Decimal> = results.iter().map(|r| r.1).collect();
    let checksum: Decimal = totals.iter().sum();
    let amorcage_sum: Decimal = start_ups.iter().sum();
    let engine_rate = n as f64 / best.as_secs_f64();
    let checksum_cents = i64::try_from((checksum * Decimal::ONE_HUNDRED).round()).expect("cents");

    // 4. End to end, and memory at N/10 and N.
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_clause"));
    let out = work.join("out.csv");
    let mut best_e2e = Duration::MAX;
    let mut peak = 0;
    for _ in 0..3 {
        let (elapsed, rss) = run_eval(&binary, &cases_csv, &out);
        best_e2e = best_e2e.min(elapsed);
        peak = peak.max(rss);
    }
    let e2e_rate = n as f64 / best_e2e.as_secs_f64();
    let e2e_cents = output_checksum(&out);
    let tenth = work.join("tenth.csv");
    let text = std::fs::read_to_string(&cases_csv).expect("cases");
    let lines: Vec<&str> = text.lines().take(n / 10 + 1).collect();
    std::fs::write(&tenth, lines.join("\n") + "\n").expect("tenth");
    let (_, peak_tenth) = run_eval(&binary, &tenth, &work.join("tenth-out.csv"));

    println!("N = {n}");
    println!(
        "exact checksum (harness Decimal loop)       {:>22}",
        cents(exact_cents)
    );
    println!(
        "OpenFisca build + calc (float32)            {:>12.0} cases/s  checksum {}",
        openfisca_rate,
        cents(openfisca["checksum_cents"].as_i64().unwrap_or(0))
    );
    println!("Clause in-memory engine                     {:>12.0} cases/s  checksum {}  ({:.1}× OpenFisca)", engine_rate, cents(checksum_cents), engine_rate / openfisca_rate);
    println!(
        "  amorcage_total checksum                   {:>22}",
        amorcage_sum.round_dp(2)
    );
    println!("clause eval --cases, end to end             {:>12.0} cases/s  checksum {}  ({:.2}× OpenFisca in-memory)", e2e_rate, cents(e2e_cents), e2e_rate / openfisca_rate);
    println!(
        "peak memory of clause eval --cases          {:>9} KiB at N/10, {:>9} KiB at N",
        peak_tenth, peak
    );
    assert_eq!(checksum_cents, exact_cents, "in-memory engine checksum");
    assert_eq!(e2e_cents, exact_cents, "end-to-end checksum");
    let _ = std::fs::remove_dir_all(&work);
}

fn load(path: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(path).expect("cases");
    text.lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            Case {
                population: fields[0].parse().expect("population"),
                qualite: fields[1] == "true",
                accompagnement: fields[2] == "true",
                rate: Decimal::from_str(fields[3]).expect("rate"),
            }
        })
        .collect()
}

/// Runs `clause eval --cases` and returns its wall time and peak resident memory (KiB, polled).
fn run_eval(binary: &Path, cases: &Path, out: &Path) -> (Duration, u64) {
    let (elapsed, peak, status) = peak::run_with_peak(
        Command::new(binary)
            .args(["eval", "aci_cpts_2019", "--cases"])
            .arg(cases)
            .args(["--rename", "population=habitants", "--out"])
            .arg(out)
            .current_dir(openfisca::workspace_root())
            .stderr(std::process::Stdio::null()),
    );
    assert!(status.success(), "clause eval failed");
    (elapsed, peak)
}

fn output_checksum(path: &Path) -> i64 {
    let text = std::fs::read_to_string(path).expect("output");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let column = header
        .iter()
        .position(|h| *h == "financement_annee_pleine")
        .expect("financement_annee_pleine");
    let sum: Decimal = lines
        .map(|l| Decimal::from_str(l.split(',').nth(column).expect("field")).expect("amount"))
        .sum();
    i64::try_from((sum * Decimal::ONE_HUNDRED).round()).expect("cents")
}

fn cents(value: i64) -> String {
    format!("{}.{:02} €", value / 100, value % 100)
}
