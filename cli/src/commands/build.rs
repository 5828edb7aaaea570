//! `clause build [PATH…] [--out DIR]`: checks every version, then writes the static site. With
//! any error, nothing is written and the exit code is 1.

use super::{use_color, FAILURE, OK, PROBLEMS};
use crate::render::render_human;
use crate::site::write::write_site;
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
    match write_site(&db, &analysis, &args.out) {
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
