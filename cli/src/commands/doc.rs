//! `clause doc VERSION --format html|md|csv [--out DIR]`: one version's reference documents.

use super::versions::{load_for, Refused};
use super::{FAILURE, OK};
use crate::site::files::write_file;
use clause_compiler::document::{build_document, csv, html, markdown};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocFormat {
    Html,
    Md,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct DocArgs {
    /// La version : son identifiant (`aci_cpts_2019`) ou un fichier `.clause`
    pub version: String,
    /// Format du document
    #[arg(long, value_enum, default_value = "md")]
    pub format: DocFormat,
    /// Dossier où écrire le document (sinon : sortie standard)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Fichiers ou dossiers où chercher les versions (par défaut : agreements/)
    #[arg(long = "path")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: &DocArgs) -> u8 {
    match produce(args) {
        Ok(()) => OK,
        Err(Refused(code)) => code,
    }
}

fn produce(args: &DocArgs) -> Result<(), Refused> {
    let workspace = load_for(&[args.version.as_str()], &args.paths)?;
    let version = workspace.resolve(&args.version)?;
    workspace.require_valid(version)?;
    let doc = build_document(version, &workspace.db);
    let outputs: Vec<(String, String)> = match args.format {
        DocFormat::Html => vec![(format!("{}.html", doc.id), html::render_html(&doc))],
        DocFormat::Md => vec![(format!("{}.md", doc.id), markdown::render_markdown(&doc))],
        DocFormat::Csv if args.out.is_some() => vec![
            (
                format!("{}-financement.csv", doc.id),
                csv::render_funding_csv(&doc),
            ),
            (
                format!("{}-calendrier.csv", doc.id),
                csv::render_calendar_csv(&doc),
            ),
        ],
        DocFormat::Csv => vec![(String::new(), csv::render_csv(&doc))],
    };
    match &args.out {
        None => {
            for (_, text) in outputs {
                print!("{text}");
            }
        }
        Some(dir) => {
            for (name, text) in outputs {
                let path = dir.join(name);
                write_file(&path, &text).map_err(|e| {
                    eprintln!("erreur : {e}");
                    Refused(FAILURE)
                })?;
                eprintln!("écrit : {}", path.display());
            }
        }
    }
    Ok(())
}
