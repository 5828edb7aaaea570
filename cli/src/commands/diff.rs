//! `clause diff OLD NEW --format text|md|html|json`: what changes from one version to another.

use super::versions::{load_for, Refused};
use super::OK;
use clause_compiler::diff::{self, compare};
use clause_compiler::document::build_document;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Md,
    Html,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// La version de départ : identifiant ou fichier `.clause`
    pub old: String,
    /// La version d'arrivée : identifiant ou fichier `.clause`
    pub new: String,
    /// Format de sortie
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    /// Fichiers ou dossiers où chercher les versions (par défaut : agreements/)
    #[arg(long = "path")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: &DiffArgs) -> u8 {
    match produce(args) {
        Ok(text) => {
            print!("{text}");
            OK
        }
        Err(Refused(code)) => code,
    }
}

fn produce(args: &DiffArgs) -> Result<String, Refused> {
    let workspace = load_for(&[args.old.as_str(), args.new.as_str()], &args.paths)?;
    let old = workspace.resolve(&args.old)?;
    let new = workspace.resolve(&args.new)?;
    workspace.require_valid(old)?;
    workspace.require_valid(new)?;
    let old_doc = build_document(old, &workspace.db);
    let new_doc = build_document(new, &workspace.db);
    let comparison = compare(&old_doc, &new_doc);
    Ok(match args.format {
        DiffFormat::Text => diff::text::render_text(&comparison),
        DiffFormat::Md => diff::markdown::render_markdown(&comparison),
        DiffFormat::Html => diff::html::render_html(&comparison, &old_doc, &new_doc),
        DiffFormat::Json => diff::json::render_json(&comparison),
    })
}
