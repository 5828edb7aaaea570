//! `clause test [PATH…]`: runs every worked example (`exemple`) of every version and lists them.

use super::verify::load_and_verify;
use super::{OK, PROBLEMS};
use crate::output::plural;
use crate::render::show_human;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Fichiers ou dossiers (par défaut : le dossier agreements/ le plus proche)
    #[arg(value_name = "CHEMIN")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: &TestArgs) -> u8 {
    let (loaded, verified) = match load_and_verify(&args.paths) {
        Ok(done) => done,
        Err(code) => return code,
    };
    let errors = verified.analysis_errors();
    if !errors.is_empty() {
        show_human(&loaded.db, &errors);
        errln!(
            "les exemples ne sont pas exécutés : {} (voir `clause check`)",
            plural(
                errors.len(),
                "erreur de vérification",
                "erreurs de vérification"
            )
        );
        return PROBLEMS;
    }
    for report in &verified.examples {
        if report.passed {
            outln!("ok     {} › {}", report.version, report.label);
        } else {
            outln!("ÉCHEC  {} › {}", report.version, report.label);
            show_human(&loaded.db, &report.diagnostics);
        }
    }
    let failed = verified.failed_examples();
    let passed = verified.examples.len() - failed;
    outln!(
        "{}, {failed} en échec",
        plural(passed, "exemple réussi", "exemples réussis")
    );
    if failed > 0 {
        PROBLEMS
    } else {
        OK
    }
}
