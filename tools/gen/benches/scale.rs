//! Scale benchmark: check time and peak memory on generated agreements of 1 000, 10 000 and
//! 100 000 lines, with the ratios between sizes (linear means ×10 input → about ×10 time).
//! Each size runs in a child process so that its peak memory (VmHWM) is its own; times are the
//! best of several runs.
//! `cargo bench -p clause-gen --bench scale`.
#![forbid(unsafe_code)]

use clause_compiler::check::examples::run_examples;
use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::format::format_source;
use clause_compiler::{analyze, FileId, SourceDb};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const CHILD: &str = "CLAUSE_SCALE_LINES";

/// One size's figures, in the order of the child's output line.
#[derive(Debug, Clone, Copy)]
struct Figures {
    lines: usize,
    check: Duration,
    check_with_errors: Duration,
    examples: Duration,
    compile: Duration,
    format: Duration,
    peak_kib: u64,
}

fn main() -> ExitCode {
    if let Some(lines) = std::env::var(CHILD).ok().and_then(|v| v.parse().ok()) {
        return measure(lines);
    }
    let mut all = Vec::new();
    for lines in SIZES {
        match run_child(lines) {
            Ok(figures) => all.push(figures),
            Err(error) => {
                eprintln!("{lines} lignes : {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!(
        "{:>8} {:>10} {:>12} {:>10} {:>12} {:>10} {:>10}",
        "lignes", "check", "check+err.", "exemples", "compilation", "format", "pic Mio"
    );
    for f in &all {
        println!(
            "{:>8} {:>8.1}ms {:>10.1}ms {:>8.1}ms {:>10.1}ms {:>8.1}ms {:>10.1}",
            f.lines,
            ms(f.check),
            ms(f.check_with_errors),
            ms(f.examples),
            ms(f.compile),
            ms(f.format),
            f.peak_kib as f64 / 1024.0
        );
    }
    for pair in all.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let ratio = |x: Duration, y: Duration| y.as_secs_f64() / x.as_secs_f64().max(1e-9);
        println!(
            "{} → {} lignes (×{:.1}) : check ×{:.1}, check avec erreurs ×{:.1}, exemples ×{:.1}, compilation ×{:.1}, format ×{:.1}, pic mémoire ×{:.1}",
            a.lines,
            b.lines,
            b.lines as f64 / a.lines as f64,
            ratio(a.check, b.check),
            ratio(a.check_with_errors, b.check_with_errors),
            ratio(a.examples, b.examples),
            ratio(a.compile, b.compile),
            ratio(a.format, b.format),
            b.peak_kib as f64 / a.peak_kib.max(1) as f64
        );
    }
    ExitCode::SUCCESS
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn run_child(lines: usize) -> Result<Figures, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let output = Command::new(exe)
        .env(CHILD, lines.to_string())
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let numbers: Vec<u64> = text
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    let [check, check_with_errors, examples, compile, format, peak_kib] = numbers[..] else {
        return Err(format!("sortie inattendue : {text}"));
    };
    Ok(Figures {
        lines,
        check: Duration::from_nanos(check),
        check_with_errors: Duration::from_nanos(check_with_errors),
        examples: Duration::from_nanos(examples),
        compile: Duration::from_nanos(compile),
        format: Duration::from_nanos(format),
        peak_kib,
    })
}

/// The best of a few runs: the machine is shared, the minimum is the least disturbed.
/// (`/proc/thread-self/schedstat` would give CPU time, but only to the scheduler tick.)
fn best_of(runs: usize, mut work: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// In the child: prints `check_ns check_with_errors_ns examples_ns compile_ns format_ns peak_kib`.
fn measure(lines: usize) -> ExitCode {
    let runs = (300_000 / lines).clamp(3, 50);
    let text = clause_gen::agreement(lines);
    let with_errors = clause_gen::agreement_with_errors(lines);
    let mut db = SourceDb::new();
    db.add("genere.clause", text.as_str());
    let mut db_errors = SourceDb::new();
    db_errors.add("genere.clause", with_errors.as_str());

    let check = best_of(runs, || {
        let analysis = analyze(&db);
        assert!(!analysis.has_errors());
    });
    let check_with_errors = best_of(runs, || {
        let analysis = analyze(&db_errors);
        assert!(analysis.has_errors());
    });
    let analysis = analyze(&db);
    let Some(version) = analysis.version("genere") else {
        return ExitCode::FAILURE;
    };
    let examples = best_of(runs, || {
        let reports = run_examples(version);
        assert!(reports.iter().all(|r| r.passed));
    });
    // What `clause eval` prepares once per version: values per band, schedules, provenance.
    let compile = best_of(runs, || {
        drop(CompiledVersion::new(version, &db));
    });
    let format = best_of(runs, || {
        let formatted = format_source(FileId(0), &text);
        assert!(formatted.is_ok());
    });
    let peak_kib = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix("VmHWM:")?
                    .trim()
                    .strip_suffix("kB")?
                    .trim()
                    .parse()
                    .ok()
            })
        })
        .unwrap_or(0u64);
    println!(
        "{} {} {} {} {} {peak_kib}",
        check.as_nanos(),
        check_with_errors.as_nanos(),
        examples.as_nanos(),
        compile.as_nanos(),
        format.as_nanos()
    );
    ExitCode::SUCCESS
}
