//! `clause doc VERSION --format html|md|pdf|csv [--out PATH]`: one version's reference documents.
//! HTML and Markdown are one file: `--out` names it (or a folder to put it in). CSV is two
//! tables: `--out` names the folder that receives one file per table; they are never joined on
//! standard output.

use super::versions::{load_for, Refused};
use super::{FAILURE, OK};
use crate::output::write_file;
use clause_compiler::document::{build_document, csv, html, markdown};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocFormat {
    Html,
    Md,
    Csv,
    Pdf,
}

#[derive(Debug, clap::Args)]
pub struct DocArgs {
    /// La version : son identifiant (`aci_cpts_2019`) ou un fichier `.clause`
    pub version: String,
    /// Format du document : md (par défaut), html, pdf (A4) ou csv
    #[arg(long, value_enum, default_value = "md")]
    pub format: DocFormat,
    /// Fichier où écrire le document (html, md), ou dossier des tableaux (csv) ; sinon : sortie standard
    #[arg(long, value_name = "CHEMIN")]
    pub out: Option<PathBuf>,
    /// CSV pour les tableurs français : point-virgule, virgule décimale, UTF-8 avec BOM (par défaut : RFC 4180)
    #[arg(long = "csv-fr")]
    pub csv_fr: bool,
    /// Fichiers ou dossiers où chercher les versions (par défaut : le dossier agreements/ le plus proche)
    #[arg(long = "path", value_name = "CHEMIN", alias = "chemin")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: &DocArgs) -> u8 {
    match produce(args) {
        Ok(()) => OK,
        Err(Refused(code)) => code,
    }
}

fn produce(args: &DocArgs) -> Result<(), Refused> {
    if args.format == DocFormat::Csv && args.out.is_none() {
        errln!("erreur : le format csv donne trois tableaux (financement, calendrier, seuils) : donnez le dossier où les écrire avec `--out DOSSIER`");
        return Err(Refused(FAILURE));
    }
    let workspace = load_for(&[args.version.as_str()], &args.paths)?;
    let version = workspace.resolve(&args.version)?;
    workspace.require_valid(version)?;
    let doc = build_document(version, &workspace.db);
    let (single, name) = match args.format {
        DocFormat::Html => (html::render_html(&doc), format!("{}.html", doc.id)),
        DocFormat::Md => (markdown::render_markdown(&doc), format!("{}.md", doc.id)),
        DocFormat::Pdf => {
            let bytes = clause_pdf::document_pdf(&doc).map_err(|message| {
                errln!("erreur : {message}");
                Refused(FAILURE)
            })?;
            let name = format!("{}.pdf", doc.id);
            match &args.out {
                None if std::io::stdout().is_terminal() => {
                    errln!("erreur : un PDF ne s'affiche pas dans le terminal : donnez le fichier où l'écrire avec `--out {name}`");
                    return Err(Refused(FAILURE));
                }
                None => crate::output::stdout(&bytes),
                Some(path) if path.is_dir() => write(&path.join(name), &bytes)?,
                Some(path) => write(path, &bytes)?,
            }
            return Ok(());
        }
        DocFormat::Csv => {
            let folder = args.out.clone().unwrap_or_default();
            let dialect = if args.csv_fr {
                csv::Dialect::French
            } else {
                csv::Dialect::Rfc4180
            };
            let tables = [
                ("financement", csv::render_funding_csv(&doc, dialect)),
                ("calendrier", csv::render_calendar_csv(&doc, dialect)),
                ("seuils", csv::render_boundaries_csv(&doc, dialect)),
                ("deux_criteres", csv::render_two_way_csv(&doc, dialect)),
            ];
            for (table, text) in tables {
                match text {
                    Some(text) => write(
                        &folder.join(format!("{}-{table}.csv", doc.id)),
                        text.as_bytes(),
                    )?,
                    // Most versions have no table by two criteria: nothing to say.
                    None if table == "deux_criteres" => {}
                    // A CSV holding only a header is no table: say so instead of writing it.
                    None => infoln!(
                        "note : pas de tableau « {table} » pour `{}` : aucun fichier écrit",
                        doc.id
                    ),
                }
            }
            return Ok(());
        }
    };
    match &args.out {
        None => out!("{single}"),
        // An existing folder receives the document under its usual name.
        Some(path) if path.is_dir() => write(&path.join(name), single.as_bytes())?,
        Some(path) => write(path, single.as_bytes())?,
    }
    Ok(())
}

fn write(path: &std::path::Path, bytes: &[u8]) -> Result<(), Refused> {
    write_file(path, bytes).map_err(|error| {
        errln!("erreur : {error}");
        Refused(FAILURE)
    })?;
    infoln!("écrit : {}", path.display());
    Ok(())
}
