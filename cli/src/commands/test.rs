//! `clause test [PATH…]`: runs every worked example (`exemple`) of every version.

use super::{use_color, FAILURE, OK, PROBLEMS};
use crate::render::render_human;
use crate::workspace::load_or_report;
use clause_compiler::check::examples::run_examples;
use clause_compiler::{analyze, Severity};
use std::path::PathBuf;

pub fn run(paths: &[PathBuf]) -> u8 {
    let Some(db) = load_or_report(paths) else {
        return FAILURE;
    };
    let analysis = analyze(&db);
    let errors: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        eprint!("{}", render_human(&db, &errors, use_color()));
        eprintln!("les exemples ne sont pas exécutés : {} erreur(s) de vérification (voir `clause check`)", errors.len());
        return PROBLEMS;
    }
    let (mut passed, mut failed) = (0, 0);
    for version in &analysis.versions {
        for report in run_examples(version) {
            if report.passed {
                passed += 1;
                println!("ok     {} › {}", report.version, report.label);
            } else {
                failed += 1;
                println!("ÉCHEC  {} › {}", report.version, report.label);
                eprint!("{}", render_human(&db, &report.diagnostics, use_color()));
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        PROBLEMS
    } else {
        OK
    }
}
