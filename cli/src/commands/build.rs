//! `clause build [PATH…] [--out DIR]`: checks every version, then writes the static site. With
//! any error, nothing is written and the exit code is 1.

use super::{use_color, FAILURE, OK, PROBLEMS};
use crate::render::render_human;
use crate::site::write::{write_site, Population};
use crate::workspace::{default_paths, load};
use clause_compiler::{analyze, Severity};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Fichiers ou dossiers (par défaut : agreements/)
    pub paths: Vec<PathBuf>,
    /// Dossier du site (par défaut : target/clause-site/)
    #[arg(long, default_value = "target/clause-site")]
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
    let paths = if args.paths.is_empty() {
        default_paths()
    } else {
        args.paths.clone()
    };
    let db = match load(&paths) {
        Ok(db) => db,
        Err(error) => {
            eprintln!("erreur : {error}");
            return FAILURE;
        }
    };
    let analysis = analyze(&db);
    if analysis.has_errors() {
        let errors: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        eprint!("{}", render_human(&db, &errors, use_color()));
        eprintln!(
            "erreur : {} erreur(s) de vérification : le site n'est pas écrit (voir `clause check`)",
            errors.len()
        );
        return PROBLEMS;
    }
    let warnings = analysis.count(Severity::Warning);
    if warnings > 0 {
        eprintln!(
            "{warnings} avertissement(s) (voir `clause check`) : les documents les signalent"
        );
    }
    let population = match find_population(args, &paths) {
        Ok(population) => population,
        Err(error) => {
            eprintln!("erreur : {error}");
            return FAILURE;
        }
    };
    match write_site(&db, &analysis, &args.out, population.as_ref()) {
        Ok(files) => {
            println!(
                "site écrit dans {} : {} versions, {} fichiers",
                args.out.display(),
                analysis.versions.len(),
                files.len()
            );
            OK
        }
        Err(error) => {
            eprintln!("erreur : {error}");
            FAILURE
        }
    }
}
