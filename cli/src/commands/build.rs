//! `clause build [PATH…] [--out DIR]`: checks every version and runs every example, then
//! writes the static site with every clean version. A version with an error or a failing
//! example (its own or its bases') is not written, and named; the exit code is then 1: a
//! published page never shows a failure, and a broken draft never hides the signed texts.

use super::verify::load_and_verify;
use super::{FAILURE, OK, PROBLEMS};
use crate::output::plural;
use crate::render::show_human;
use crate::site::write::{write_site, Population};
use crate::workspace::roots;
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
    /// Population sur laquelle chiffrer chaque avenant (par défaut : le premier CSV du dossier
    /// populations/ à côté des accords, s'il existe)
    #[arg(long)]
    pub population: Option<PathBuf>,
}

/// The population to cost amendments on: the one given, else the first CSV of `populations/`
/// beside the agreements folder (`agreements/../populations/`).
fn find_population(args: &BuildArgs, paths: &[PathBuf]) -> Result<Option<Population>, String> {
    let path = match &args.population {
        Some(path) => path.clone(),
        None => {
            let Some(folder) = paths
                .first()
                .and_then(|p| std::fs::canonicalize(p).ok())
                .and_then(|p| p.parent().map(|parent| parent.join("populations")))
                .filter(|p| p.is_dir())
            else {
                return Ok(None);
            };
            let mut csvs: Vec<PathBuf> = std::fs::read_dir(&folder)
                .map_err(|e| format!("{} : lecture impossible ({e})", folder.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "csv"))
                .collect();
            csvs.sort();
            match csvs.into_iter().next() {
                Some(path) => path,
                None => return Ok(None),
            }
        }
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{} : lecture impossible ({e})", path.display()))?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Some(Population { name, text }))
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
    // A broken version never blocks the others: its errors are shown, its pages are not written,
    // and the exit code says so; every clean version is published.
    let mut broken: Vec<String> = verified
        .broken()
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    if !errors.is_empty() {
        show_human(&loaded.db, &errors);
    }
    // A check the documents would mark « en échec » that the analysis did not report as an
    // error (never expected): that version is refused too, as a published page must not show a
    // failure.
    let mut clean = verified.analysis.clone();
    clean.versions.retain(|v| !broken.contains(&v.name));
    for (version, failure) in failures_shown(&loaded.db, &clean) {
        errln!("erreur : {failure} : en échec");
        if !broken.contains(&version) {
            broken.push(version);
        }
    }
    clean.versions.retain(|v| !broken.contains(&v.name));
    if clean.versions.is_empty() && !(errors.is_empty() && broken.is_empty()) {
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
        errln!("erreur : {reason} : le site n'est pas écrit, aucune version n'est sans erreur (voir `clause check`)");
        return PROBLEMS;
    }
    let warnings = verified.count(Severity::Warning);
    if warnings > 0 {
        infoln!(
            "{} (voir `clause check`) : les documents les signalent",
            plural(warnings, "avertissement", "avertissements")
        );
    }
    let paths = roots(&args.paths).unwrap_or_default();
    let population = match find_population(args, &paths) {
        Ok(population) => population,
        Err(error) => {
            errln!("erreur : {error}");
            return FAILURE;
        }
    };
    let written = match write_site(&loaded.db, &clean, &args.out, population.as_ref()) {
        Ok(files) => files,
        Err(error) => {
            errln!("erreur : {error}");
            return FAILURE;
        }
    };
    infoln!(
        "site écrit dans {} : {}, {}",
        args.out.display(),
        plural(clean.versions.len(), "version", "versions"),
        plural(written.len(), "fichier", "fichiers")
    );
    if broken.is_empty() && errors.is_empty() {
        return OK;
    }
    if !broken.is_empty() {
        let names: Vec<String> = broken.iter().map(|n| format!("`{n}`")).collect();
        errln!(
            "erreur : {} en erreur, non {} : {} (voir `clause check`)",
            plural(broken.len(), "version", "versions"),
            if broken.len() > 1 {
                "écrites"
            } else {
                "écrite"
            },
            names.join(", ")
        );
    } else {
        errln!(
            "erreur : {} (voir `clause check`)",
            plural(errors.len(), "erreur", "erreurs")
        );
    }
    PROBLEMS
}

/// The checks (assertions, examples) a version's page would mark as failed: the version, and
/// `version › label`.
fn failures_shown(db: &SourceDb, analysis: &Analysis) -> Vec<(String, String)> {
    analysis
        .versions
        .iter()
        .flat_map(|version| {
            let doc = build_document(version, db);
            doc.assertions
                .iter()
                .chain(&doc.examples)
                .filter(|check| check.verdict == Verdict::Failed)
                .map(|check| (doc.id.clone(), format!("{} › {}", doc.id, check.label)))
                .collect::<Vec<_>>()
        })
        .collect()
}
