//! `clause eval`: what a CPTS or a team is owed, when, and why — one case (JSON) or a batch
//! (CSV, streamed in constant memory).

use super::versions::{load_for, Refused, Workspace};
use super::{FAILURE, OK, PROBLEMS};
use crate::workspace::read_text;
use chrono::NaiveDate;
use clause_compiler::evaluate::case::{parse_date, version_named_in};
use clause_compiler::evaluate::result::Evaluation;
use clause_compiler::evaluate::select::{applies_to, version_at};
use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use clause_compiler::ir::Version;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CaseFormat {
    Json,
    Table,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BatchFormat {
    Csv,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// La version (identifiant, ou chemin d'un fichier .clause) ; sinon le champ `version` du cas
    pub version: Option<String>,
    /// La version en vigueur à cette date pour le contrat du cas (AAAA-MM-JJ)
    #[arg(long, value_name = "DATE", conflicts_with = "version")]
    pub at: Option<String>,
    /// Un cas au format JSON
    #[arg(long, value_name = "FICHIER.json", conflicts_with = "cases")]
    pub case: Option<PathBuf>,
    /// Un lot de cas au format CSV (une ligne par cas)
    #[arg(long, value_name = "FICHIER.csv")]
    pub cases: Option<PathBuf>,
    /// Fichier de sortie du lot (par défaut : la sortie standard)
    #[arg(long, value_name = "FICHIER", requires = "cases")]
    pub out: Option<PathBuf>,
    /// Format : json ou table pour un cas ; csv ou json pour un lot
    #[arg(long)]
    pub format: Option<String>,
    /// Montre le raisonnement derrière chaque montant
    #[arg(long)]
    pub explain: bool,
    /// Renomme une colonne du CSV en entrée de l'accord : `population=habitants`
    #[arg(long = "renomme", value_name = "COLONNE=ENTRÉE")]
    pub renames: Vec<String>,
    /// Dossiers ou fichiers des accords (par défaut : agreements/)
    #[arg(long = "chemin", value_name = "CHEMIN")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: &EvalArgs) -> u8 {
    match (&args.case, &args.cases) {
        (Some(case), _) => single(args, case),
        (None, Some(cases)) => super::eval_batch::run(args, cases),
        (None, None) => {
            eprintln!(
                "erreur : donnez un cas (`--case FICHIER.json`) ou un lot (`--cases FICHIER.csv`)"
            );
            FAILURE
        }
    }
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
                eprintln!("erreur : --at : date invalide `{text}` (AAAA-MM-JJ)");
                Err(Refused(FAILURE))
            }
        },
    }
}

fn single(args: &EvalArgs, path: &Path) -> u8 {
    match try_single(args, path) {
        Ok(code) | Err(Refused(code)) => code,
    }
}

fn try_single(args: &EvalArgs, path: &Path) -> Result<u8, Refused> {
    let text = read_text(path).map_err(|error| {
        eprintln!("erreur : {error}");
        Refused(FAILURE)
    })?;
    let at = at_date(args)?;
    let named = match at {
        Some(_) => None,
        None => match args.version.clone().or_else(|| version_named_in(&text)) {
            Some(name) => Some(name),
            None => {
                eprintln!("erreur : {} : aucune version : donnez-la en argument, avec `--at DATE`, ou dans le champ `version` du cas", path.display());
                return Err(Refused(FAILURE));
            }
        },
    };
    let workspace = workspace_for(named.as_deref(), args)?;
    let version = match (at, &named) {
        (Some(at), _) => {
            let signature = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|j| {
                    j.get("contrat")?
                        .get("signature")?
                        .as_str()
                        .and_then(parse_date)
                });
            let Some(signature) = signature else {
                eprintln!("erreur : {} : --at demande la date de signature du contrat (`contrat.signature`)", path.display());
                return Err(Refused(FAILURE));
            };
            let (version, reasons) = version_at(&workspace.analysis.versions, at, signature)
                .map_err(|message| {
                    eprintln!("erreur : {message}");
                    Refused(PROBLEMS)
                })?;
            for reason in reasons {
                eprintln!("note : {reason}");
            }
            eprintln!(
                "note : version en vigueur au {at} pour ce contrat : `{}`",
                version.name
            );
            version
        }
        (None, Some(name)) => {
            let version = workspace.resolve(name)?;
            workspace.require_valid(version)?;
            version
        }
        (None, None) => return Err(Refused(FAILURE)),
    };
    let case = Case::from_json(version, &text).map_err(|errors| {
        for error in errors {
            eprintln!("erreur : {} : {error}", path.display());
        }
        Refused(PROBLEMS)
    })?;
    if let Some(contract) = &case.contract {
        if !applies_to(version, contract.signature) {
            let limit = version
                .header
                .applicable_before
                .as_ref()
                .map(|l| l.value.to_string())
                .unwrap_or_default();
            eprintln!("erreur : {} : `contrat.signature` : `{}` ne s'applique qu'aux contrats signés avant le {limit} ; utilisez `--at DATE` pour la version en vigueur", path.display(), version.name);
            return Err(Refused(PROBLEMS));
        }
    }
    let compiled = CompiledVersion::new(version, &workspace.db);
    let evaluation = evaluate(&compiled, &case, args.explain);
    match args.format.as_deref().unwrap_or("json") {
        "json" => match serde_json::to_string_pretty(&evaluation) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("erreur : {error}");
                return Err(Refused(FAILURE));
            }
        },
        "table" => print!("{}", table(&evaluation, version, args.explain)),
        other => {
            eprintln!("erreur : format inconnu `{other}` pour un cas : json ou table");
            return Err(Refused(FAILURE));
        }
    }
    Ok(OK)
}

/// The human-readable form of an evaluation.
fn table(evaluation: &Evaluation, version: &Version, explain: bool) -> String {
    let mut out = String::new();
    let money = |s: &str| {
        s.parse::<rust_decimal::Decimal>().map_or_else(
            |_| s.to_string(),
            |d| clause_compiler::value::french_money(d, " "),
        )
    };
    out.push_str(&format!(
        "Version : {} — {}\n",
        evaluation.version,
        version.title.as_deref().unwrap_or("")
    ));
    out.push_str(&format!(
        "Tranche : {}\n",
        evaluation.tranche.as_deref().unwrap_or("aucune")
    ));
    if !evaluation.eligible {
        out.push_str("Éligible : non\n");
    }
    if explain {
        for line in &evaluation.explication {
            out.push_str(&format!("  ↳ {line}\n"));
        }
    }
    out.push_str("\nRésultats\n");
    for result in &evaluation.resultats {
        let value = result.amount.map_or_else(
            || result.valeur.clone(),
            |d| clause_compiler::value::french_money(d, " "),
        );
        out.push_str(&format!(
            "  {:<28} {:>16}  {}\n",
            result.nom,
            value,
            result.libelle.as_deref().unwrap_or("")
        ));
    }
    if !evaluation.versements.is_empty() {
        out.push_str("\nVersements\n");
        out.push_str(&format!(
            "  {:<10}  {:>5}  {:<22} {:<9} {:>15}  {}\n",
            "date", "année", "ligne", "nature", "montant", "source"
        ));
        for payment in &evaluation.versements {
            let nature = serde_json::to_value(payment.nature)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {:<10}  {:>5}  {:<22} {:<9} {:>15}  {}\n",
                payment.date,
                payment.annee,
                payment.ligne,
                nature,
                money(&payment.montant),
                payment.source
            ));
            if explain {
                for line in &payment.explication {
                    out.push_str(&format!("      ↳ {line}\n"));
                }
            }
        }
    }
    if !evaluation.totaux_par_annee.is_empty() {
        out.push_str("\nTotaux par année du contrat\n");
        for total in &evaluation.totaux_par_annee {
            let period = match (total.debut, total.fin) {
                (Some(start), Some(end)) => format!("du {start} au {end}"),
                (None, Some(end)) => format!("avant le {end}"),
                _ => String::new(),
            };
            out.push_str(&format!(
                "  année {:<2} {:<28} {:>15}\n",
                total.annee,
                period,
                money(&total.montant)
            ));
        }
    }
    if !evaluation.echeances.is_empty() {
        out.push_str("\nÉchéances\n");
        for deadline in &evaluation.echeances {
            out.push_str(&format!(
                "  {:<18} {:<12} {:<15} {}\n",
                deadline.mission, deadline.nature, deadline.statut, deadline.detail
            ));
        }
    }
    for (title, items) in [
        ("Hypothèses", &evaluation.hypotheses),
        ("Notes", &evaluation.notes),
    ] {
        if !items.is_empty() {
            out.push_str(&format!("\n{title}\n"));
            for item in items {
                out.push_str(&format!("  - {item}\n"));
            }
        }
    }
    out
}
