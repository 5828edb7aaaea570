//! `clause cost` on a generated national population, end to end, in one run with its baseline:
//! - the population: N synthetic CPTS (`clause_gen::population`, the assumptions of
//!   `populations/README.md`), signatures from 2019 to 2022, missions started within their
//!   deadlines, optional missions, achievements;
//! - baseline: `clause eval aci_cpts_2019 --cases` and `clause eval avenant_2_proposition_2020
//!   --cases` on the same file (the two dated batch evaluations a costing amounts to);
//! - `clause cost aci_cpts_2019 avenant_2_proposition_2020 --cases … --format json`: time and
//!   peak resident memory, at N/10 and N;
//!
//! and fails unless the costing's "before" total equals the sum of the ACI batch's yearly totals
//! to the cent (every contract is in the ACI's scope).
//!
//! `cargo bench -p clause --bench cost` (N = `CLAUSE_BENCH_N`, default 1 000 000).

#[path = "../../tests/support/batch.rs"]
mod batch;
#[path = "../../tests/support/peak.rs"]
mod peak;

use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::time::Duration;

fn main() {
    let n: usize = std::env::var("CLAUSE_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let work = std::env::temp_dir().join(format!("clause-cost-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("work dir");
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_clause"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");

    let population = work.join("population.csv");
    let tenth = work.join("population-tenth.csv");
    for (path, count) in [(&population, n), (&tenth, n / 10)] {
        let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
        clause_gen::population::write_population(&mut file, count, 2019).expect("population");
    }

    // Baseline: the two dated batch evaluations.
    let mut batch_time = Duration::ZERO;
    let mut batch_before = Decimal::ZERO;
    for version in ["aci_cpts_2019", "avenant_2_proposition_2020"] {
        let out = work.join(format!("{version}.csv"));
        let (elapsed, _, status) = peak::run_with_peak(
            Command::new(&binary)
                .args(["eval", version, "--cases"])
                .arg(&population)
                .arg("--out")
                .arg(&out)
                .current_dir(&root)
                .stderr(Stdio::null()),
        );
        assert!(status.success(), "clause eval {version}");
        batch_time += elapsed;
        if version == "aci_cpts_2019" {
            batch_before = batch::yearly_sum(&std::fs::read_to_string(&out).expect("output"));
        }
    }

    // The costing, at N and N/10.
    let measure = |cases: &Path| {
        let out = work.join("cost.json");
        let (elapsed, peak, status) = peak::run_with_peak(
            Command::new(&binary)
                .args([
                    "cost",
                    "aci_cpts_2019",
                    "avenant_2_proposition_2020",
                    "--cases",
                ])
                .arg(cases)
                .args(["--format", "json", "--out"])
                .arg(&out)
                .current_dir(&root)
                .stderr(Stdio::null()),
        );
        assert!(status.success(), "clause cost");
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&out).expect("report")).expect("json");
        (elapsed, peak, report)
    };
    let (_, peak_tenth, _) = measure(&tenth);
    let (elapsed, peak, report) = measure(&population);
    let before =
        Decimal::from_str(report["avant"]["total"].as_str().expect("total")).expect("amount");

    println!("N = {n} contrats");
    println!(
        "clause eval --cases, both versions (baseline) {:>8.2} s  {:>10.0} contrats/s",
        batch_time.as_secs_f64(),
        n as f64 / batch_time.as_secs_f64()
    );
    println!(
        "clause cost, end to end                       {:>8.2} s  {:>10.0} contrats/s  ({:.2}× the baseline's time)",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() / batch_time.as_secs_f64()
    );
    println!("peak memory of clause cost                    {peak_tenth:>9} KiB at N/10, {peak:>9} KiB at N");
    println!(
        "total avant {before} €, écart {} €",
        report["ecart"]["total"].as_str().unwrap_or("?")
    );
    assert_eq!(
        before, batch_before,
        "the costing's total equals the batch's"
    );
    let _ = std::fs::remove_dir_all(&work);
}
