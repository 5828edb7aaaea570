//! `clause diff OLD NEW --format text|md|html|json [--exit-code]`: what changes from one
//! version to another. The text wraps to the terminal's width.

use super::versions::{load_for, Refused};
use super::{OK, PROBLEMS};
use clause_compiler::diff::{self, compare};
use clause_compiler::document::build_document;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    #[value(alias = "human")]
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
    /// Format de sortie : text (par défaut), md, html ou json
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    /// Fichiers ou dossiers où chercher les versions (par défaut : le dossier agreements/ le plus proche)
    #[arg(long = "path", value_name = "CHEMIN", alias = "chemin")]
    pub paths: Vec<PathBuf>,
    /// Sort avec le code 1 s'il y a des différences, 0 sinon (comme `git diff --exit-code`)
    #[arg(long)]
    pub exit_code: bool,
}

pub fn run(args: &DiffArgs) -> u8 {
    match produce(args) {
        Ok((text, changes)) => {
            out!("{text}");
            if args.exit_code && changes > 0 {
                PROBLEMS
            } else {
                OK
            }
        }
        Err(Refused(code)) => code,
    }
}

/// The rendered comparison and its number of changes.
fn produce(args: &DiffArgs) -> Result<(String, usize), Refused> {
    let workspace = load_for(&[args.old.as_str(), args.new.as_str()], &args.paths)?;
    let old = workspace.resolve(&args.old)?;
    let new = workspace.resolve(&args.new)?;
    workspace.require_valid(old)?;
    workspace.require_valid(new)?;
    let old_doc = build_document(old, &workspace.db);
    let new_doc = build_document(new, &workspace.db);
    let comparison = compare(&old_doc, &new_doc);
    let text = match args.format {
        DiffFormat::Text => diff::text::render_text_width(&comparison, crate::terminal::width()),
        DiffFormat::Md => diff::markdown::render_markdown(&comparison, &old_doc, &new_doc),
        DiffFormat::Html => diff::html::render_html(&comparison, &old_doc, &new_doc),
        DiffFormat::Json => diff::json::render_json(&comparison),
    };
    Ok((text, comparison.changes.len()))
}
