//! `clause eval`: what a CPTS or a team is owed, when, and why — one case (JSON) or a batch
//! (CSV, streamed in constant memory).

use super::{use_color, FAILURE, OK, PROBLEMS};
use crate::render::render_human;
use crate::workspace::{default_paths, load, read_text};
use clause_compiler::evaluate::batch::Fields;
use clause_compiler::evaluate::case::{parse_date, version_named_in};
use clause_compiler::evaluate::result::{euros, push_euros, Evaluation};
use clause_compiler::evaluate::select::{applies_to, version_at};
use clause_compiler::evaluate::{evaluate, BatchPlan, Case, CompiledVersion, RowResult};
use clause_compiler::ir::Version;
use clause_compiler::{analyze, Analysis, Severity, SourceDb};
use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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
        (None, Some(cases)) => batch(args, &db, &analysis, cases),
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

// ---------------------------------------------------------------- batch

struct BadRow {
    line: u64,
    column: String,
    message: String,
}

fn batch(args: &EvalArgs, db: &SourceDb, analysis: &Analysis, path: &Path) -> u8 {
    let format = match args.format.as_deref().unwrap_or("csv") {
        "csv" => BatchFormat::Csv,
        "json" => BatchFormat::Json,
        other => {
            eprintln!("erreur : format inconnu `{other}` pour un lot : csv ou json");
            return FAILURE;
        }
    };
    let mut renames = Vec::new();
    for rename in &args.renames {
        match rename.split_once('=') {
            Some((from, to)) => renames.push((from.trim().to_string(), to.trim().to_string())),
            None => {
                eprintln!("erreur : --renomme attend COLONNE=ENTRÉE, pas `{rename}`");
                return FAILURE;
            }
        }
    }
    let at = match &args.at {
        Some(text) => match parse_date(text) {
            Some(date) => Some(date),
            None => {
                eprintln!("erreur : --at : date invalide `{text}` (AAAA-MM-JJ)");
                return FAILURE;
            }
        },
        None => None,
    };
    let fixed_version = match (&args.version, at) {
        (Some(name), _) => match find_version(analysis, db, name) {
            Ok(version) => Some(version),
            Err(message) => {
                eprintln!("erreur : {message}");
                return FAILURE;
            }
        },
        (None, Some(_)) => None,
        (None, None) => {
            eprintln!("erreur : un lot demande une version (argument VERSION) ou `--at DATE`");
            return FAILURE;
        }
    };
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) => {
            eprintln!("erreur : {} : {error}", path.display());
            return FAILURE;
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(std::io::BufReader::with_capacity(1 << 20, file));
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(|h| h.trim().to_string()).collect(),
        Err(error) => {
            eprintln!("erreur : {} : en-tête illisible : {error}", path.display());
            return FAILURE;
        }
    };
    let sink: Box<dyn Write> = match &args.out {
        Some(out) => match std::fs::File::create(out) {
            Ok(file) => Box::new(file),
            Err(error) => {
                eprintln!("erreur : {} : {error}", out.display());
                return FAILURE;
            }
        },
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 20, sink);

    // One compiled version and one header plan per version met (one, unless `--at` picks by row).
    let compiled: HashMap<&str, CompiledVersion<'_>> = match fixed_version {
        Some(version) => {
            HashMap::from([(version.name.as_str(), CompiledVersion::new(version, db))])
        }
        None => analysis
            .versions
            .iter()
            .map(|v| (v.name.as_str(), CompiledVersion::new(v, db)))
            .collect(),
    };
    let mut plans: HashMap<&str, BatchPlan<'_, '_>> = HashMap::new();
    for (name, version) in &compiled {
        match BatchPlan::new(version, &headers, &renames) {
            Ok(plan) => {
                plans.insert(name, plan);
            }
            Err(errors) if fixed_version.is_some() => {
                for error in errors {
                    eprintln!("erreur : {} : colonne {error}", path.display());
                }
                return PROBLEMS;
            }
            Err(_) => {}
        }
    }
    let year_columns = plans.values().map(|p| p.year_columns).max().unwrap_or(0);
    let signature_column = headers.iter().position(|h| h == "signature");
    let write_result = (|| -> std::io::Result<(u64, Vec<BadRow>)> {
        if format == BatchFormat::Csv {
            let mut header_line = headers.join(",");
            header_line.push_str(",version,tranche,total_annuel");
            for year in 1..=year_columns {
                header_line.push_str(&format!(",annee_{year}"));
            }
            writeln!(out, "{header_line}")?;
        } else {
            writeln!(out, "[")?;
        }
        // With one version, its plan is looked up once rather than per row.
        let fixed_plan = fixed_version.and_then(|v| plans.get(v.name.as_str()));
        let mut record = csv::ByteRecord::new();
        let mut bad = Vec::new();
        let mut count = 0u64;
        let started = Instant::now();
        let mut next_report = Duration::from_secs(2);
        let mut line_buffer: Vec<u8> = Vec::with_capacity(256);
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(error) => {
                    let line = error.position().map_or(0, |p| p.line());
                    bad.push(BadRow {
                        line,
                        column: "(ligne)".into(),
                        message: format!("CSV illisible : {error}"),
                    });
                    continue;
                }
            }
            let line = record.position().map_or(count + 2, |p| p.line());
            let fields = RecordFields(&record);
            let version_name = match (fixed_version, at) {
                (Some(version), _) => version.name.as_str(),
                (None, Some(at)) => {
                    let signature = signature_column
                        .and_then(|i| record.get(i))
                        .and_then(|s| std::str::from_utf8(s).ok())
                        .and_then(parse_date);
                    match signature.map(|s| version_at(&analysis.versions, at, s)) {
                        Some(Ok((version, _))) => version.name.as_str(),
                        Some(Err(message)) => {
                            bad.push(BadRow {
                                line,
                                column: "signature".into(),
                                message,
                            });
                            continue;
                        }
                        None => {
                            bad.push(BadRow {
                                line,
                                column: "signature".into(),
                                message: "--at demande une date de signature valide".into(),
                            });
                            continue;
                        }
                    }
                }
                // `batch` returned before reading rows when neither a version nor `--at` was given.
                (None, None) => break,
            };
            let found = match fixed_plan {
                Some(plan) => Some(plan),
                None => plans.get(version_name),
            };
            let Some(plan) = found else {
                bad.push(BadRow {
                    line,
                    column: "(en-tête)".into(),
                    message: format!("les colonnes ne conviennent pas à `{version_name}`"),
                });
                continue;
            };
            match plan.row(&fields) {
                Ok(result) => {
                    count += 1;
                    line_buffer.clear();
                    if format == BatchFormat::Csv {
                        write_csv_row(
                            &mut line_buffer,
                            &record,
                            version_name,
                            plan,
                            &result,
                            year_columns,
                        );
                    } else {
                        write_json_row(
                            &mut line_buffer,
                            &headers,
                            &record,
                            version_name,
                            plan,
                            &result,
                            count == 1,
                        );
                    }
                    out.write_all(&line_buffer)?;
                }
                Err(errors) => {
                    for error in errors {
                        bad.push(BadRow {
                            line,
                            column: error.field,
                            message: error.message,
                        });
                    }
                }
            }
            if count % 4096 == 0 && started.elapsed() >= next_report {
                eprintln!(
                    "… {count} cas évalués ({:.0} cas/s)",
                    count as f64 / started.elapsed().as_secs_f64()
                );
                next_report += Duration::from_secs(2);
            }
        }
        if format == BatchFormat::Json {
            writeln!(out, "\n]")?;
        }
        out.flush()?;
        Ok((count, bad))
    })();
    match write_result {
        Ok((count, bad)) => {
            for row in &bad {
                eprintln!(
                    "erreur : {}, ligne {}, colonne `{}` : {}",
                    path.display(),
                    row.line,
                    row.column,
                    row.message
                );
            }
            if bad.is_empty() {
                eprintln!("{count} cas évalués");
                OK
            } else {
                eprintln!(
                    "{count} cas évalués, {} ligne(s) en erreur (non évaluées)",
                    bad.iter()
                        .map(|b| b.line)
                        .collect::<std::collections::BTreeSet<_>>()
                        .len()
                );
                PROBLEMS
            }
        }
        Err(error) => {
            eprintln!("erreur : écriture impossible : {error}");
            FAILURE
        }
    }
}

/// A CSV record as the batch plan reads it: bytes, unchecked and uncopied.
struct RecordFields<'r>(&'r csv::ByteRecord);

impl Fields for RecordFields<'_> {
    fn count(&self) -> usize {
        self.0.len()
    }

    fn get(&self, index: usize) -> &[u8] {
        self.0.get(index).unwrap_or_default()
    }
}

fn write_csv_row(
    buffer: &mut Vec<u8>,
    record: &csv::ByteRecord,
    version: &str,
    plan: &BatchPlan<'_, '_>,
    result: &RowResult,
    year_columns: usize,
) {
    for (i, field) in record.iter().enumerate() {
        if i > 0 {
            buffer.push(b',');
        }
        push_csv_field(buffer, field);
    }
    buffer.push(b',');
    buffer.extend_from_slice(version.as_bytes());
    buffer.push(b',');
    if let Some(band) = result.band {
        buffer.extend_from_slice(plan.band_name(band).as_bytes());
    }
    buffer.push(b',');
    if let Some(total) = result.total_annual {
        push_euros(buffer, total);
    }
    for year in 0..year_columns {
        buffer.push(b',');
        if let Some(amount) = result.years.get(year) {
            push_euros(buffer, *amount);
        }
    }
    buffer.push(b'\n');
}

fn push_csv_field(buffer: &mut Vec<u8>, field: &[u8]) {
    if field
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        buffer.push(b'"');
        for &byte in field {
            if byte == b'"' {
                buffer.push(b'"');
            }
            buffer.push(byte);
        }
        buffer.push(b'"');
    } else {
        buffer.extend_from_slice(field);
    }
}

fn write_json_row(
    buffer: &mut Vec<u8>,
    headers: &[String],
    record: &csv::ByteRecord,
    version: &str,
    plan: &BatchPlan<'_, '_>,
    result: &RowResult,
    first: bool,
) {
    let mut object = serde_json::Map::new();
    for (header, field) in headers.iter().zip(record.iter()) {
        object.insert(
            header.clone(),
            serde_json::Value::String(String::from_utf8_lossy(field).into_owned()),
        );
    }
    object.insert("version".into(), version.into());
    object.insert(
        "tranche".into(),
        result.band.map_or(serde_json::Value::Null, |b| {
            serde_json::Value::String(plan.band_name(b).to_string())
        }),
    );
    object.insert(
        "total_annuel".into(),
        result.total_annual.map_or(serde_json::Value::Null, |t| {
            serde_json::Value::String(euros(t))
        }),
    );
    let years: Vec<serde_json::Value> = result
        .years
        .iter()
        .map(|y| serde_json::Value::String(euros(*y)))
        .collect();
    if !years.is_empty() {
        object.insert("totaux_par_annee".into(), serde_json::Value::Array(years));
    }
    if !first {
        buffer.extend_from_slice(b",\n");
    }
    buffer.extend_from_slice(serde_json::Value::Object(object).to_string().as_bytes());
}
