//! Dated evaluation at scale, end to end through `clause eval --cases`, in one run:
//! - N generated dated cases of `avenant_2_proposition_2020` (signatures over 2019–2021, one in
//!   six on a month's end, letters of intent, optional missions, mission starts and deployments,
//!   achievements per mission and per year, zero to two crises in one cell);
//! - the same binary on N undated cases of `aci_cpts_2019` (the OpenFisca comparison's columns);
//! - the baseline binary (the code before the numeric engine, `CLAUSE_BASELINE`, default
//!   `/work/targets/baseline-clause`) on the first `CLAUSE_BASELINE_N` dated cases (it is slow),
//!   whose output must be byte for byte the new binary's on the same rows;
//! - the peak memory of the dated run at N/10 and N.
//!
//! `cargo bench -p clause --bench dated_eval` (N = `CLAUSE_BENCH_N`, default 1 000 000; best of
//! `CLAUSE_BENCH_REPEATS`, default 3; `CLAUSE_BENCH_KEEP=1` keeps the generated files;
//! `CLAUSE_BENCH_PREVIOUS=BINARY` runs an earlier binary on the same dated cases, interleaved).

#[path = "../../tests/support/peak.rs"]
mod peak;

use chrono::Datelike;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A small deterministic generator (xorshift64*): the same cases on every run.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const MISSIONS: [&str; 5] = [
    "acces_aux_soins",
    "parcours",
    "prevention",
    "qualite",
    "accompagnement",
];

/// `full`: every column a case file can say; else only the columns the baseline reads (no
/// crises, no deployment, one achievement per mission for every year).
fn dated_csv(path: &Path, n: usize, full: bool) {
    let mut draw = Draw(0x9e37_79b9_7f4a_7c15);
    let mut text = String::with_capacity(n * 300);
    text.push_str("habitants,signature,lettre_intention,qualite,accompagnement");
    if full {
        text.push_str(",crises");
    }
    for mission in MISSIONS.iter().chain(&["crise_sanitaire"]) {
        let _ = write!(text, ",debut.{mission}");
    }
    if full {
        let _ = write!(text, ",deploiement.crise_sanitaire");
        for mission in MISSIONS {
            for year in 1..=5 {
                let _ = write!(text, ",taux_atteinte.{mission}.{year}");
            }
        }
    } else {
        for mission in MISSIONS {
            let _ = write!(text, ",taux_atteinte.{mission}");
        }
    }
    text.push('\n');
    let first = chrono::NaiveDate::from_ymd_opt(2019, 1, 1).expect("date");
    for _ in 0..n {
        let inhabitants = 5_000 + draw.below(395_000);
        let mut signature = first + chrono::Days::new(draw.below(3 * 365));
        if draw.below(6) == 0 {
            // The month's last day: anniversaries in shorter months clamp.
            let next = signature
                .with_day(1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
                .expect("date");
            signature = next - chrono::Days::new(1);
        }
        let letter = match draw.below(3) {
            0 => String::new(),
            _ => (signature - chrono::Days::new(draw.below(120))).to_string(),
        };
        let crises: Vec<String> = (0..draw.below(3))
            .map(|_| (signature + chrono::Days::new(draw.below(5 * 365))).to_string())
            .collect();
        let _ = write!(
            text,
            "{inhabitants},{signature},{letter},{},{}",
            draw.below(2) == 0,
            draw.below(3) == 0,
        );
        if full {
            let _ = write!(text, ",{}", crises.join(" "));
        }
        for _ in 0..6 {
            let start = signature + chrono::Days::new(draw.below(400));
            let _ = write!(text, ",{start}");
        }
        let deployment = signature + chrono::Days::new(draw.below(540));
        if full {
            let _ = write!(text, ",{deployment}");
        }
        let rates = if full {
            MISSIONS.len() * 5
        } else {
            MISSIONS.len()
        };
        for _ in 0..rates {
            match draw.below(10) {
                0 => text.push(','),
                9 => text.push_str(",1"),
                _ => {
                    let _ = write!(text, ",0.{:02}", draw.below(100));
                }
            }
        }
        text.push('\n');
    }
    std::fs::write(path, text).expect("dated cases");
}

fn undated_csv(path: &Path, n: usize) {
    let mut draw = Draw(0x51_7cc1_b727_220a);
    let mut text = String::with_capacity(n * 32);
    text.push_str("habitants,qualite,accompagnement,taux_atteinte\n");
    for _ in 0..n {
        let _ = writeln!(
            text,
            "{},{},{},0.{:02}",
            5_000 + draw.below(395_000),
            draw.below(2) == 0,
            draw.below(2) == 0,
            draw.below(100)
        );
    }
    std::fs::write(path, text).expect("undated cases");
}

/// The first `n` cases of a CSV file, header included.
fn head(path: &Path, n: usize, out: &Path) {
    let text = std::fs::read_to_string(path).expect("cases");
    let lines: Vec<&str> = text.lines().take(n + 1).collect();
    std::fs::write(out, lines.join("\n") + "\n").expect("head");
}

/// Runs `clause eval VERSION --cases` and returns its wall time and peak resident memory (KiB).
fn run(binary: &Path, version: &str, cases: &Path, out: &Path) -> (Duration, u64) {
    // Each run writes a new file, as a user's run does: truncating the last run's output (some
    // 330 MB for a million dated rows) inside the timed process measured the file system, not
    // the evaluation (0.17 to 0.78 s of system time from one run to the next).
    let _ = std::fs::remove_file(out);
    let (elapsed, peak, status) = peak::run_with_peak(
        Command::new(binary)
            .args(["eval", version, "--cases"])
            .arg(cases)
            .arg("--out")
            .arg(out)
            .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
            .stderr(std::process::Stdio::null()),
    );
    assert!(
        status.success(),
        "clause eval failed on {}",
        cases.display()
    );
    (elapsed, peak)
}

fn best(repeats: usize, mut once: impl FnMut() -> (Duration, u64)) -> (Duration, u64) {
    (0..repeats.max(1))
        .map(|_| once())
        .fold((Duration::MAX, 0), |(t, m), (t2, m2)| {
            (t.min(t2), m.max(m2))
        })
}

fn main() {
    let env = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let n = env("CLAUSE_BENCH_N", 1_000_000);
    let repeats = env("CLAUSE_BENCH_REPEATS", 3);
    let baseline_n = env("CLAUSE_BASELINE_N", 50_000).min(n);
    let work = std::env::temp_dir().join(format!("clause-dated-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("work dir");
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_clause"));
    let baseline = std::env::var("CLAUSE_BASELINE").map_or_else(
        |_| PathBuf::from("/work/targets/baseline-clause"),
        PathBuf::from,
    );

    let dated = work.join("dated.csv");
    let undated = work.join("undated.csv");
    dated_csv(&dated, n, true);
    undated_csv(&undated, n);
    let tenth = work.join("dated-tenth.csv");
    head(&dated, n / 10, &tenth);

    let amendment = "avenant_2_proposition_2020";
    let out = work.join("out.csv");
    // `CLAUSE_BENCH_PREVIOUS`: an earlier release binary run on the same dated cases, each of
    // its runs right after one of this binary's (the machine's load shared alike), its output
    // required identical.
    let previous = std::env::var_os("CLAUSE_BENCH_PREVIOUS").map(PathBuf::from);
    let previous_out = work.join("previous-out.csv");
    let mut previous_time = Duration::MAX;
    let (dated_time, dated_peak) = best(repeats, || {
        let this = run(&binary, amendment, &dated, &out);
        if let Some(previous) = &previous {
            previous_time = previous_time.min(run(previous, amendment, &dated, &previous_out).0);
        }
        this
    });
    let (_, tenth_peak) = run(&binary, amendment, &tenth, &work.join("tenth-out.csv"));
    let (undated_time, _) = best(repeats, || {
        run(
            &binary,
            "aci_cpts_2019",
            &undated,
            &work.join("undated-out.csv"),
        )
    });
    let rate = |count: usize, time: Duration| count as f64 / time.as_secs_f64();
    let dated_rate = rate(n, dated_time);
    let undated_rate = rate(n, undated_time);
    println!("N = {n}, best of {repeats}");
    println!(
        "dated (avenant_2_proposition_2020), end to end  {:>12.0} cases/s  ({:.2} s)",
        dated_rate,
        dated_time.as_secs_f64()
    );
    println!(
        "undated (aci_cpts_2019), end to end             {:>12.0} cases/s  ({:.2} s)  dated/undated = {:.2}",
        undated_rate,
        undated_time.as_secs_f64(),
        dated_rate / undated_rate
    );
    println!("peak memory, dated: {tenth_peak} KiB at N/10, {dated_peak} KiB at N");
    if let Some(previous) = &previous {
        let same = std::fs::read(&out).expect("output")
            == std::fs::read(&previous_out).expect("previous output");
        println!(
            "previous binary {}, interleaved, dated      {:>12.0} cases/s  ({:.2} s); outputs identical: {same}",
            previous.display(),
            rate(n, previous_time),
            previous_time.as_secs_f64()
        );
        assert!(same, "the previous binary's output differs");
    }

    if baseline.exists() {
        // The columns the baseline reads, the first cases only: it is slow.
        let some = work.join("dated-baseline.csv");
        dated_csv(&some, baseline_n, false);
        let (old_time, _) = run(&baseline, amendment, &some, &work.join("old-out.csv"));
        let (new_time, _) = run(&binary, amendment, &some, &work.join("new-out.csv"));
        let old = std::fs::read(work.join("old-out.csv")).expect("old output");
        let new = std::fs::read(work.join("new-out.csv")).expect("new output");
        println!(
            "{baseline_n} dated cases the baseline reads: baseline {:>10.0} cases/s, this binary {:>10.0} cases/s; outputs identical: {}",
            rate(baseline_n, old_time),
            rate(baseline_n, new_time),
            old == new
        );
        assert_eq!(old, new, "the numeric engine changed a batch's output");
    } else {
        println!("no baseline binary at {}", baseline.display());
    }
    // `CLAUSE_BENCH_KEEP=1` keeps the generated files (for a profiler).
    if std::env::var_os("CLAUSE_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&work);
    } else {
        println!("files kept in {}", work.display());
    }
}
