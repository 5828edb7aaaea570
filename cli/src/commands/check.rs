//! `clause check [PATH…]`: parse, resolve, type-check, run every consistency check and every
//! worked example of the versions given.

use super::verify::load_and_verify;
use super::{OK, PROBLEMS};
use crate::output::plural;
use crate::render::{render_json, show_human, summary};
use std::path::PathBuf;

/// The formats of `check`: `text` for people (`human` accepted), `json` for machines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    #[value(alias = "human")]
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Fichiers ou dossiers (par défaut : le dossier agreements/ le plus proche)
    #[arg(value_name = "CHEMIN")]
    pub paths: Vec<PathBuf>,
    /// Format de sortie : text (par défaut) ou json
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
}

pub fn run(args: &CheckArgs) -> u8 {
    let (loaded, verified) = match load_and_verify(&args.paths) {
        Ok(done) => done,
        Err(code) => return code,
    };
    match args.format {
        OutputFormat::Json => outln!("{}", render_json(&loaded.db, &verified.diagnostics)),
        OutputFormat::Text => {
            show_human(&loaded.db, &verified.diagnostics);
            let versions = if verified.versions > 1 {
                format!("{} versions vérifiées", verified.versions)
            } else {
                format!("{} version vérifiée", verified.versions)
            };
            if verified.skipped > 0 {
                infoln!(
                    "note : exemples non exécutés pour {} (corrigez d'abord les erreurs)",
                    plural(verified.skipped, "version en erreur", "versions en erreur")
                );
            }
            infoln!(
                "{}, {versions}, {} : {}",
                plural(loaded.requested.len(), "fichier", "fichiers"),
                plural(verified.examples.len(), "exemple", "exemples"),
                summary(&verified.diagnostics)
            );
        }
    }
    if verified.errors() > 0 {
        PROBLEMS
    } else {
        OK
    }
}
