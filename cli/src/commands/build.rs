//! `clause build [PATH…] [--out DIR]`: checks every version and runs every example, then
//! writes the static site. With any error or failing example, nothing is written and the exit
//! code is 1: a published page never shows a failure.

use super::verify::load_and_verify;
use super::{FAILURE, OK, PROBLEMS};
use crate::output::plural;
use crate::render::show_human;
use crate::site::write::write_site;
use clause_compiler::document::{build_document, Verdict};
use clause_compiler::{Analysis, Severity, SourceDb};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Fichiers ou dossiers (par défaut : le dossier agreements/ le plus proche)
    #[arg(value_name = "CHEMIN")]
    pub paths: Vec<PathBuf>,
    /// Dossier du site (par défaut : target/clause-site/)
    #[arg(long, value_name = "DOSSIER", default_value = "target/clause-site")]
    pub out: PathBuf,
}

pub fn run(args: &BuildArgs) -> u8 {
    let (loaded, verified) = match load_and_verify(&args.paths) {
        Ok(done) => done,
        Err(code) => return code,
    };
    let errors: Vec<_> = verified
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        show_human(&loaded.db, &errors);
        let failed = verified.failed_examples();
        let reason = if failed > 0 {
            format!(
                "{} dont {}",
                plural(errors.len(), "erreur", "erreurs"),
                plural(failed, "exemple en échec", "exemples en échec")
            )
        } else {
            plural(errors.len(), "erreur", "erreurs")
        };
        errln!("erreur : {reason} : le site n'est pas écrit (voir `clause check`)");
        return PROBLEMS;
    }
    // A check the documents would mark « en échec » that the analysis did not report as an
    // error (never expected): refused too, as a published page must not show a failure.
    let shown = failures_shown(&loaded.db, &verified.analysis);
    if !shown.is_empty() {
        for failure in &shown {
            errln!("erreur : {failure} : en échec");
        }
        errln!("erreur : le site n'est pas écrit : une page montrerait un échec");
        return PROBLEMS;
    }
    let warnings = verified.count(Severity::Warning);
    if warnings > 0 {
        infoln!(
            "{} (voir `clause check`) : les documents les signalent",
            plural(warnings, "avertissement", "avertissements")
        );
    }
    match write_site(&loaded.db, &verified.analysis, &args.out) {
        Ok(files) => {
            infoln!(
                "site écrit dans {} : {}, {}",
                args.out.display(),
                plural(verified.analysis.versions.len(), "version", "versions"),
                plural(files.len(), "fichier", "fichiers")
            );
            OK
        }
        Err(error) => {
            errln!("erreur : {error}");
            FAILURE
        }
    }
}

/// The checks (assertions, examples) a version's page would mark as failed: `version › label`.
fn failures_shown(db: &SourceDb, analysis: &Analysis) -> Vec<String> {
    analysis
        .versions
        .iter()
        .flat_map(|version| {
            let doc = build_document(version, db);
            doc.assertions
                .iter()
                .chain(&doc.examples)
                .filter(|check| check.verdict == Verdict::Failed)
                .map(|check| format!("{} › {}", doc.id, check.label))
                .collect::<Vec<_>>()
        })
        .collect()
}
