//! `clause cost OLD NEW --cases POPULATION.csv` (alias `chiffrage`): what a version costs
//! compared with another, over every contract of a population (see docs/cost.md).

use super::versions::{load_for, Refused};
use super::{FAILURE, OK};
use crate::args::column_renames;
use crate::output::write_file;
use clause_compiler::evaluate::CompiledVersion;
use clause_cost::render::{self, csv::Dialect};
use clause_cost::{cost_population, CostError};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CostFormat {
    #[value(alias = "human")]
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
    /// La population : un CSV de contrats aux colonnes de `clause eval --cases` (signature obligatoire)
    #[arg(long, value_name = "FICHIER")]
    pub cases: PathBuf,
    /// Format du rapport : text (par défaut), md, html, csv (une ligne par contrat) ou json
    #[arg(long, value_enum, default_value = "text")]
    pub format: CostFormat,
    /// Avec --format csv : le CSV des tableurs français (point-virgule, virgule décimale, UTF-8 avec BOM)
    #[arg(long)]
    pub csv_fr: bool,
    /// Écrit le rapport dans ce fichier (remplacé d'un coup) plutôt que sur la sortie standard
    #[arg(long, value_name = "FICHIER")]
    pub out: Option<PathBuf>,
    /// Lit une colonne du CSV sous un autre nom : COLONNE=ENTRÉE (par exemple population=habitants)
    #[arg(long = "rename", alias = "renomme", value_name = "COLONNE=ENTRÉE")]
    pub renames: Vec<String>,
    /// Fichiers ou dossiers où chercher les versions (par défaut : le dossier agreements/ le plus proche)
    #[arg(long = "path", value_name = "CHEMIN", alias = "chemin")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: &CostArgs) -> u8 {
    match produce(args) {
        Ok(text) => match &args.out {
            Some(path) => match write_file(path, text.as_bytes()) {
                Ok(()) => OK,
                Err(error) => {
                    errln!("erreur : {error}");
                    FAILURE
                }
            },
            None => {
                out!("{text}");
                OK
            }
        },
        Err(Refused(code)) => code,
    }
}

fn produce(args: &CostArgs) -> Result<String, Refused> {
    let refuse = |message: String| {
        errln!("erreur : {message}");
        Refused(FAILURE)
    };
    let renames = column_renames(&args.renames).map_err(refuse)?;
    let workspace = load_for(&[args.old.as_str(), args.new.as_str()], &args.paths)?;
    let old = workspace.resolve(&args.old)?;
    let new = workspace.resolve(&args.new)?;
    workspace.require_valid(old)?;
    workspace.require_valid(new)?;
    let old = CompiledVersion::new(old, &workspace.db);
    let new = CompiledVersion::new(new, &workspace.db);
    let cases = args.cases.display();
    let file = std::fs::File::open(&args.cases).map_err(|error| {
        refuse(format!(
            "{cases} : lecture impossible ({})",
            crate::output::io_reason(&error)
        ))
    })?;
    let report =
        cost_population(&old, &new, std::io::BufReader::new(file), &renames).map_err(|error| {
            match error {
                CostError::Header(errors) => {
                    for header in errors {
                        for e in header.errors {
                            errln!("erreur : {cases} (version `{}`) : {e}", header.version);
                        }
                    }
                    Refused(FAILURE)
                }
                CostError::Population(error) => refuse(format!("{cases} : {error}")),
            }
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
            Err(error) => return Err(refuse(format!("JSON impossible : {error}"))),
        },
    })
}
