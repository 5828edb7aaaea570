//! The options of `clause eval`, and what the single case and the batch both derive from them:
//! the workspace, the `--at` date, the formats.

use super::super::versions::{load_for, Refused, Workspace};
use super::super::FAILURE;
use chrono::NaiveDate;
use clause_compiler::evaluate::case::parse_date;
use clause_grammar::ast::Status;
use std::path::PathBuf;

/// `--format`: one name per format across commands (`text` accepts `table` and `human`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvalFormat {
    #[value(alias = "table", alias = "human")]
    Text,
    Json,
    Csv,
}

/// `--separator` of a CSV batch: French names, the character itself accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Separator {
    #[value(alias = ",", alias = "comma")]
    Virgule,
    #[value(name = "point-virgule", alias = ";", alias = "semicolon")]
    PointVirgule,
    #[value(alias = "tab", alias = "\t")]
    Tabulation,
}

impl Separator {
    pub fn byte(self) -> u8 {
        match self {
            Separator::Virgule => b',',
            Separator::PointVirgule => b';',
            Separator::Tabulation => b'\t',
        }
    }
}

/// `--status`: how far from a signed text `--at` may choose (signé < proposé < projet);
/// French values, ASCII spellings accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusThreshold {
    #[value(name = "signé", alias = "signe")]
    Signe,
    #[value(name = "proposé", alias = "propose")]
    Propose,
    Projet,
}

impl StatusThreshold {
    pub fn status(self) -> Status {
        match self {
            StatusThreshold::Signe => Status::Signed,
            StatusThreshold::Propose => Status::Proposed,
            StatusThreshold::Projet => Status::Draft,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// La version (identifiant, ou chemin d'un fichier .clause) ; sinon le champ `version` du cas
    pub version: Option<String>,
    /// La version en vigueur à cette date pour le contrat du cas (AAAA-MM-JJ)
    #[arg(long, value_name = "DATE", conflicts_with = "version")]
    pub at: Option<String>,
    /// Avec --at : retient aussi les propositions (proposé) ou les projets (projet) ; par défaut : signé
    #[arg(long, value_enum, value_name = "STATUT", requires = "at")]
    pub status: Option<StatusThreshold>,
    /// Un cas au format JSON
    #[arg(long, value_name = "FICHIER.json", conflicts_with = "cases")]
    pub case: Option<PathBuf>,
    /// Un lot de cas au format CSV (une ligne par cas)
    #[arg(long, value_name = "FICHIER.csv")]
    pub cases: Option<PathBuf>,
    /// Fichier de sortie, remplacé d'un coup à la fin (par défaut : la sortie standard)
    #[arg(long, value_name = "FICHIER")]
    pub out: Option<PathBuf>,
    /// Format : json (par défaut) ou text pour un cas ; csv (par défaut) ou json pour un lot
    #[arg(long, value_enum)]
    pub format: Option<EvalFormat>,
    /// Montre le raisonnement derrière chaque montant
    #[arg(long)]
    pub explain: bool,
    /// Renomme une colonne du CSV en entrée de l'accord : `population=habitants`
    #[arg(long = "rename", alias = "renomme", value_name = "COLONNE=ENTRÉE")]
    pub renames: Vec<String>,
    /// Séparateur du CSV : virgule, point-virgule ou tabulation (par défaut : reconnu sur l'en-tête)
    #[arg(long, value_enum, value_name = "SÉPARATEUR")]
    pub separator: Option<Separator>,
    /// Lot en CSV pour les tableurs français : point-virgule, virgule décimale, UTF-8 avec BOM (par défaut : le séparateur de l'entrée, point décimal)
    #[arg(long = "csv-fr")]
    pub csv_fr: bool,
    /// Dossiers ou fichiers des accords (par défaut : le dossier agreements/ le plus proche)
    #[arg(long = "path", alias = "chemin", value_name = "CHEMIN")]
    pub paths: Vec<PathBuf>,
}

/// Loads the workspace for the versions named (or every version, for `--at`) and refuses, with
/// their diagnostics, versions whose files have errors.
pub fn workspace_for(spec: Option<&str>, args: &EvalArgs) -> Result<Workspace, Refused> {
    let specs: Vec<&str> = spec.into_iter().collect();
    let workspace = load_for(&specs, &args.paths)?;
    if spec.is_none() {
        for version in &workspace.analysis.versions {
            workspace.require_valid(version)?;
        }
    }
    Ok(workspace)
}

/// Parses `--at`, with its error.
pub fn at_date(args: &EvalArgs) -> Result<Option<NaiveDate>, Refused> {
    match &args.at {
        None => Ok(None),
        Some(text) => match parse_date(text) {
            Some(date) => Ok(Some(date)),
            None => {
                errln!("erreur : --at : date invalide `{text}` (AAAA-MM-JJ)");
                Err(Refused(FAILURE))
            }
        },
    }
}

/// The status threshold of `--at` (signed versions unless `--status` says otherwise).
pub fn threshold(args: &EvalArgs) -> Status {
    args.status.map_or(Status::Signed, StatusThreshold::status)
}
