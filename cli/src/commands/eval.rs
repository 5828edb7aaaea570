//! `clause eval`: what a CPTS or a team is owed, when, and why — one case (JSON) or a batch
//! (CSV, streamed in constant memory).

use super::{use_color, FAILURE, OK, PROBLEMS};
use crate::render::render_human;
use crate::workspace::{default_paths, load, read_text};
use clause_compiler::evaluate::case::{parse_date, version_named_in};
use clause_compiler::evaluate::result::Evaluation;
use clause_compiler::evaluate::select::{applies_to, version_at};
use clause_compiler::evaluate::{evaluate, Case, CompiledVersion};
use clause_compiler::ir::Version;
use clause_compiler::{analyze, Analysis, Severity, SourceDb};
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
    let (db, analysis) = match workspace(args) {
        Ok(loaded) => loaded,
        Err(message) => {
            eprintln!("erreur : {message}");
            return FAILURE;
        }
    };
    let errors: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        eprint!("{}", render_human(&db, &errors, use_color()));
        eprintln!("erreur : les accords ont des erreurs (voir `clause check`) : rien n'est évalué");
        return PROBLEMS;
    }
    match (&args.case, &args.cases) {
        (Some(case), _) => single(args, &db, &analysis, case),
        (None, Some(cases)) => super::eval_batch::run(args, &db, &analysis, cases),
        (None, None) => {
            eprintln!(
                "erreur : donnez un cas (`--case FICHIER.json`) ou un lot (`--cases FICHIER.csv`)"
            );
            FAILURE
        }
    }
}

fn workspace(args: &EvalArgs) -> Result<(SourceDb, Analysis), String> {
    let mut paths = if args.paths.is_empty() {
        default_paths()
    } else {
        args.paths.clone()
    };
    // A version given as a file: load it and the files beside it (its base may be there).
    if let Some(version) = &args.version {
        let path = Path::new(version);
        if version.ends_with(".clause") && path.is_file() {
            paths = vec![path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)];
        }
    }
    let db = load(&paths).map_err(|e| e.to_string())?;
    let analysis = analyze(&db);
    Ok((db, analysis))
}

/// Finds a version by identifier, or by the file that declares it.
pub fn find_version<'a>(
    analysis: &'a Analysis,
    db: &SourceDb,
    name: &str,
) -> Result<&'a Version, String> {
    if let Some(version) = analysis.version(name) {
        return Ok(version);
    }
    if name.ends_with(".clause") {
        let file = Path::new(name)
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default();
        let declared: Vec<&Version> = analysis
            .versions
            .iter()
            .filter(|v| db.path(v.file).ends_with(&file))
            .collect();
        if let Some(version) = declared.first() {
            return Ok(version);
        }
    }
    let known: Vec<&str> = analysis.versions.iter().map(|v| v.name.as_str()).collect();
    let mut message = format!("version inconnue `{name}`");
    let suggestion = known
        .iter()
        .min_by_key(|k| levenshtein(k, name))
        .filter(|k| levenshtein(k, name) <= (name.len() / 3).max(2));
    if let Some(suggestion) = suggestion {
        message.push_str(&format!(" ; vouliez-vous dire `{suggestion}` ?"));
    }
    message.push_str(&format!(" (versions connues : {})", known.join(", ")));
    Err(message)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            current.push(
                (previous[j] + usize::from(ca != *cb))
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

fn single(args: &EvalArgs, db: &SourceDb, analysis: &Analysis, path: &Path) -> u8 {
    let text = match read_text(path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("erreur : {error}");
            return FAILURE;
        }
    };
    let version = match choose_single(args, db, analysis, &text) {
        Ok(version) => version,
        Err(message) => {
            eprintln!("erreur : {}: {message}", path.display());
            return FAILURE;
        }
    };
    let case = match Case::from_json(version, &text) {
        Ok(case) => case,
        Err(errors) => {
            for error in errors {
                eprintln!("erreur : {} : {error}", path.display());
            }
            return PROBLEMS;
        }
    };
    if let Some(contract) = &case.contract {
        if !applies_to(version, contract.signature) {
            let limit = version
                .header
                .applicable_before
                .as_ref()
                .map(|l| l.value.to_string())
                .unwrap_or_default();
            eprintln!("erreur : {} : `contrat.signature` : `{}` ne s'applique qu'aux contrats signés avant le {limit} ; utilisez `--at DATE` pour la version en vigueur", path.display(), version.name);
            return PROBLEMS;
        }
    }
    let compiled = CompiledVersion::new(version, db);
    let evaluation = evaluate(&compiled, &case, args.explain);
    match args.format.as_deref().unwrap_or("json") {
        "json" => match serde_json::to_string_pretty(&evaluation) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("erreur : {error}");
                return FAILURE;
            }
        },
        "table" => print!("{}", table(&evaluation, version, args.explain)),
        other => {
            eprintln!("erreur : format inconnu `{other}` pour un cas : json ou table");
            return FAILURE;
        }
    }
    OK
}

fn choose_single<'a>(
    args: &EvalArgs,
    db: &SourceDb,
    analysis: &'a Analysis,
    text: &str,
) -> Result<&'a Version, String> {
    if let Some(at) = &args.at {
        let at =
            parse_date(at).ok_or_else(|| format!("--at : date invalide `{at}` (AAAA-MM-JJ)"))?;
        let signature = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|j| {
                j.get("contrat")?
                    .get("signature")?
                    .as_str()
                    .and_then(parse_date)
            })
            .ok_or("--at demande la date de signature du contrat (`contrat.signature`)")?;
        let (version, reasons) = version_at(&analysis.versions, at, signature)?;
        for reason in reasons {
            eprintln!("note : {reason}");
        }
        eprintln!(
            "note : version en vigueur au {at} pour ce contrat : `{}`",
            version.name
        );
        return Ok(version);
    }
    let name = args.version.clone().or_else(|| version_named_in(text)).ok_or("aucune version : donnez-la en argument, avec `--at DATE`, ou dans le champ `version` du cas")?;
    find_version(analysis, db, &name)
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
