//! `clause check [PATH…]`: parse, resolve, type-check and run every consistency check.

use super::{use_color, FAILURE, OK, PROBLEMS};
use crate::render::{render_human, render_json, summary};
use crate::workspace::load_or_report;
use clause_compiler::analyze;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

pub fn run(paths: &[PathBuf], format: OutputFormat) -> u8 {
    let Some(db) = load_or_report(paths) else {
        return FAILURE;
    };
    let analysis = analyze(&db);
    match format {
        OutputFormat::Json => println!("{}", render_json(&db, &analysis.diagnostics)),
        OutputFormat::Human => {
            eprint!("{}", render_human(&db, &analysis.diagnostics, use_color()));
            eprintln!(
                "{} fichier(s), {} version(s) vérifiée(s) : {}",
                db.len(),
                analysis.versions.len(),
                summary(&analysis.diagnostics)
            );
        }
    }
    if analysis.has_errors() {
        PROBLEMS
    } else {
        OK
    }
}
