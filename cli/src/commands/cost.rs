//! `clause cost OLD NEW --cases POPULATION.csv` (alias `chiffrage`): what a version costs
//! compared with another, over every contract of a population.

use super::versions::{load_for, Refused};
use super::{FAILURE, OK};
use clause_compiler::evaluate::CompiledVersion;
use clause_cost::render::{self, csv::Dialect};
use clause_cost::{cost_population, CostError};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CostFormat {
    Text,
    Md,
    Html,
    Csv,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CostArgs {
    /// La version de référence (le texte en vigueur) : identifiant ou fichier `.clause`
    pub old: String,
    /// La version chiffrée (la proposition, l'avenant) : identifiant ou fichier `.clause`
    pub new: String,
    /// La population : un CSV de contrats, aux colonnes de `clause eval --cases` (signature obligatoire)
    #[arg(long)]
    pub cases: PathBuf,
    /// Format de sortie
    #[arg(long, value_enum, default_value = "text")]
    pub format: CostFormat,
    /// CSV au format des tableurs français (point-virgule, virgule décimale, UTF-8 avec BOM)
    #[arg(long)]
    pub csv_fr: bool,
    /// Écrit le rapport dans ce fichier plutôt que sur la sortie standard
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Renomme une colonne du CSV : COLONNE=ENTREE (par exemple population=habitants)
    #[arg(long = "rename", value_name = "COLONNE=ENTREE")]
    pub renames: Vec<String>,
    /// Fichiers ou dossiers où chercher les versions (par défaut : agreements/)
    #[arg(long = "path")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: &CostArgs) -> u8 {
    match produce(args) {
        Ok(text) => match &args.out {
            Some(path) => match write_replacing(path, text.as_bytes()) {
                Ok(()) => OK,
                Err(error) => {
                    eprintln!(
                        "erreur : écriture de `{}` impossible : {error}",
                        path.display()
                    );
                    FAILURE
                }
            },
            None => {
                let mut stdout = std::io::stdout().lock();
                // A closed pipe (`| head`) ends the command quietly.
                let _ = stdout
                    .write_all(text.as_bytes())
                    .and_then(|()| stdout.flush());
                OK
            }
        },
        Err(Refused(code)) => code,
    }
}

/// Writes beside the target then renames, so a reader never sees half a report.
fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map_or_else(|| "rapport".into(), |n| n.to_string_lossy().into_owned());
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

fn parse_renames(renames: &[String]) -> Result<Vec<(String, String)>, Refused> {
    renames
        .iter()
        .map(|r| match r.split_once('=') {
            Some((from, to)) if !from.trim().is_empty() && !to.trim().is_empty() => {
                Ok((from.trim().to_string(), to.trim().to_string()))
            }
            _ => {
                eprintln!("erreur : `--rename {r}` : COLONNE=ENTREE attendu (par exemple population=habitants)");
                Err(Refused(FAILURE))
            }
        })
        .collect()
}

fn produce(args: &CostArgs) -> Result<String, Refused> {
    let renames = parse_renames(&args.renames)?;
    let workspace = load_for(&[args.old.as_str(), args.new.as_str()], &args.paths)?;
    let old = workspace.resolve(&args.old)?;
    let new = workspace.resolve(&args.new)?;
    workspace.require_valid(old)?;
    workspace.require_valid(new)?;
    let old = CompiledVersion::new(old, &workspace.db);
    let new = CompiledVersion::new(new, &workspace.db);
    let file = std::fs::File::open(&args.cases).map_err(|error| {
        eprintln!(
            "erreur : lecture de `{}` impossible : {error}",
            args.cases.display()
        );
        Refused(FAILURE)
    })?;
    let report =
        cost_population(&old, &new, std::io::BufReader::new(file), &renames).map_err(|error| {
            match error {
                CostError::Header(errors) => {
                    for header in errors {
                        for e in header.errors {
                            eprintln!(
                                "erreur : {} (version `{}`) : {e}",
                                args.cases.display(),
                                header.version
                            );
                        }
                    }
                }
                CostError::Population(error) => {
                    eprintln!("erreur : {} : {error}", args.cases.display())
                }
            }
            Refused(FAILURE)
        })?;
    Ok(match args.format {
        CostFormat::Text => render::text::render(&report),
        CostFormat::Md => render::markdown::render(&report),
        CostFormat::Html => render::html::render(&report, None),
        CostFormat::Csv => render::csv::render(
            &report,
            if args.csv_fr {
                Dialect::French
            } else {
                Dialect::Rfc4180
            },
        ),
        CostFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => json + "\n",
            Err(error) => {
                eprintln!("erreur : JSON impossible : {error}");
                return Err(Refused(FAILURE));
            }
        },
    })
}
