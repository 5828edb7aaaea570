//! `clause eval --cases`: a CSV batch, streamed in constant memory on both cores. The input is
//! read in chunks cut at record boundaries; each chunk is split in two halves evaluated in
//! parallel, and the outputs are written in input order.

use super::eval::{at_date, workspace_for, EvalArgs};
use super::versions::Refused;
use super::{FAILURE, OK, PROBLEMS};
use clause_compiler::evaluate::batch::Fields;
use clause_compiler::evaluate::case::parse_date;
use clause_compiler::evaluate::result::{euros, push_euros};
use clause_compiler::evaluate::select::version_at;
use clause_compiler::evaluate::{BatchPlan, CompiledVersion, RowResult};
use clause_compiler::ir::Version;
use clause_compiler::Analysis;
use std::collections::HashMap;
use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// Bytes read at a time; the output of a chunk is held in memory until written.
const CHUNK: usize = 1 << 18;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

struct BadRow {
    line: u64,
    column: String,
    message: String,
}

/// What every row needs: the plans (one per version met) and how to pick a row's version.
struct Batch<'p, 'c, 'v> {
    analysis: &'v Analysis,
    plans: &'p HashMap<&'v str, BatchPlan<'c, 'v>>,
    fixed: Option<(&'v str, &'p BatchPlan<'c, 'v>)>,
    at: Option<chrono::NaiveDate>,
    signature_column: Option<usize>,
    headers: &'p [String],
    format: Format,
    year_columns: usize,
}

/// The output and errors of a run of records.
#[derive(Default)]
struct Part {
    bytes: Vec<u8>,
    rows: u64,
    bad: Vec<BadRow>,
}

pub fn run(args: &EvalArgs, path: &Path) -> u8 {
    match try_run(args, path) {
        Ok(code) | Err(Refused(code)) => code,
    }
}

fn try_run(args: &EvalArgs, path: &Path) -> Result<u8, Refused> {
    let format = match args.format.as_deref().unwrap_or("csv") {
        "csv" => Format::Csv,
        "json" => Format::Json,
        other => {
            eprintln!("erreur : format inconnu `{other}` pour un lot : csv ou json");
            return Err(Refused(FAILURE));
        }
    };
    let mut renames = Vec::new();
    for rename in &args.renames {
        match rename.split_once('=') {
            Some((from, to)) => renames.push((from.trim().to_string(), to.trim().to_string())),
            None => {
                eprintln!("erreur : --renomme attend COLONNE=ENTRÉE, pas `{rename}`");
                return Err(Refused(FAILURE));
            }
        }
    }
    let at = at_date(args)?;
    if args.version.is_none() && at.is_none() {
        eprintln!("erreur : un lot demande une version (argument VERSION) ou `--at DATE`");
        return Err(Refused(FAILURE));
    }
    let workspace = workspace_for(args.version.as_deref(), args)?;
    let (db, analysis) = (&workspace.db, &workspace.analysis);
    let fixed_version: Option<&Version> = match &args.version {
        Some(name) => {
            let version = workspace.resolve(name)?;
            workspace.require_valid(version)?;
            Some(version)
        }
        None => None,
    };
    let mut input = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) => {
            eprintln!("erreur : {} : {error}", path.display());
            return Err(Refused(FAILURE));
        }
    };
    let mut pending = Vec::with_capacity(CHUNK * 2);
    let headers = match read_header(&mut input, &mut pending) {
        Ok(headers) => headers,
        Err(message) => {
            eprintln!("erreur : {} : {message}", path.display());
            return Err(Refused(FAILURE));
        }
    };
    let sink: Box<dyn Write> = match &args.out {
        Some(out) => match std::fs::File::create(out) {
            Ok(file) => Box::new(file),
            Err(error) => {
                eprintln!("erreur : {} : {error}", out.display());
                return Err(Refused(FAILURE));
            }
        },
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(CHUNK, sink);

    // One compiled version and one header plan per version met (one, unless `--at` picks by row).
    let compiled: Vec<CompiledVersion<'_>> = match fixed_version {
        Some(version) => vec![CompiledVersion::new(version, db)],
        None => analysis
            .versions
            .iter()
            .map(|v| CompiledVersion::new(v, db))
            .collect(),
    };
    let mut plans: HashMap<&str, BatchPlan<'_, '_>> = HashMap::new();
    for version in &compiled {
        match BatchPlan::new(version, &headers, &renames) {
            Ok(plan) => {
                plans.insert(version.version.name.as_str(), plan);
            }
            Err(errors) if fixed_version.is_some() => {
                for error in errors {
                    eprintln!("erreur : {} : colonne {error}", path.display());
                }
                return Err(Refused(PROBLEMS));
            }
            Err(_) => {}
        }
    }
    let fixed = fixed_version
        .and_then(|v| plans.get_key_value(v.name.as_str()))
        .map(|(name, plan)| (*name, plan));
    let batch = Batch {
        analysis,
        plans: &plans,
        fixed,
        at,
        signature_column: headers.iter().position(|h| h == "signature"),
        headers: &headers,
        format,
        year_columns: plans.values().map(|p| p.year_columns).max().unwrap_or(0),
    };
    match batch.stream(&mut input, pending, &mut out) {
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
                Ok(OK)
            } else {
                let lines: std::collections::BTreeSet<u64> = bad.iter().map(|b| b.line).collect();
                eprintln!(
                    "{count} cas évalués, {} ligne(s) en erreur (non évaluées)",
                    lines.len()
                );
                Ok(PROBLEMS)
            }
        }
        Err(error) => {
            eprintln!("erreur : lecture ou écriture impossible : {error}");
            Ok(FAILURE)
        }
    }
}

/// Reads up to the end of the header line; the bytes read past it stay in `pending`.
fn read_header(input: &mut impl Read, pending: &mut Vec<u8>) -> Result<Vec<String>, String> {
    let end = loop {
        if let Some(end) = record_end(pending, 0) {
            break end;
        }
        let before = pending.len();
        pending.resize(before + CHUNK, 0);
        let read = input
            .read(&mut pending[before..])
            .map_err(|e| e.to_string())?;
        pending.truncate(before + read);
        if read == 0 {
            break pending.len();
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&pending[..end]);
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => {}
        Ok(false) => return Err("fichier vide : une ligne d'en-tête est attendue".into()),
        Err(error) => return Err(format!("en-tête illisible : {error}")),
    }
    let headers = record
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    pending.drain(..end);
    Ok(headers)
}

/// Reads the input and sends chunks of whole records, numbered, with the file line of their
/// first record (the header is line 1).
fn read_chunks(
    input: &mut impl Read,
    mut pending: Vec<u8>,
    chunks: &std::sync::mpsc::SyncSender<(u64, Vec<u8>, u64)>,
) -> std::io::Result<()> {
    let mut sequence = 0u64;
    let mut line = 2u64;
    let mut at_end = false;
    while !at_end || !pending.is_empty() {
        if !at_end && pending.len() < CHUNK {
            let before = pending.len();
            pending.resize(before + CHUNK, 0);
            let read = input.read(&mut pending[before..])?;
            pending.truncate(before + read);
            at_end = read == 0;
            continue;
        }
        // Cut at the last complete record (everything, at the end of the file).
        let cut = if at_end {
            pending.len()
        } else {
            last_record_end(&pending).unwrap_or(pending.len())
        };
        let rest = pending.split_off(cut);
        let lines = memchr::memchr_iter(b'\n', &pending).count() as u64;
        let chunk = std::mem::replace(&mut pending, rest);
        if chunks.send((sequence, chunk, line)).is_err() {
            break;
        }
        pending.reserve(CHUNK);
        sequence += 1;
        line += lines;
    }
    Ok(())
}

/// The offset just past the first record end (a newline outside quotes) at or after `from`.
fn record_end(data: &[u8], from: usize) -> Option<usize> {
    let mut quoted = false;
    for (offset, byte) in data.iter().enumerate().skip(from) {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return Some(offset + 1),
            _ => {}
        }
    }
    None
}

/// The offset just past the last record end in `data`, scanning quotes from the start.
fn last_record_end(data: &[u8]) -> Option<usize> {
    // Without quotes every newline ends a record: search from the end, vectorised.
    if memchr::memchr(b'"', data).is_none() {
        return memchr::memrchr(b'\n', data).map(|at| at + 1);
    }
    let mut quoted = false;
    let mut last = None;
    for (offset, byte) in data.iter().enumerate() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => last = Some(offset + 1),
            _ => {}
        }
    }
    last
}

impl Batch<'_, '_, '_> {
    /// Reads, evaluates and writes the batch as a pipeline: a reader thread cuts the input in
    /// chunks of whole records, two workers evaluate them, and this thread writes the outputs
    /// in input order. Bounded queues keep the memory constant whatever the file size.
    fn stream<R: Read + Send>(
        &self,
        input: &mut R,
        pending: Vec<u8>,
        out: &mut impl Write,
    ) -> std::io::Result<(u64, Vec<BadRow>)> {
        use std::sync::mpsc::{sync_channel, Receiver};
        use std::sync::Mutex;
        self.write_header(out)?;
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4);
        let (chunk_tx, chunk_rx) = sync_channel::<(u64, Vec<u8>, u64)>(workers * 2);
        let (part_tx, part_rx) = sync_channel::<(u64, Part)>(workers * 2);
        let chunk_rx = Mutex::new(chunk_rx);
        let mut bad = Vec::new();
        let mut count = 0u64;
        let started = Instant::now();
        let mut next_report = Duration::from_secs(2);
        std::thread::scope(|scope| -> std::io::Result<()> {
            let reader = scope.spawn(move || read_chunks(input, pending, &chunk_tx));
            for _ in 0..workers {
                let part_tx = part_tx.clone();
                let chunk_rx: &Mutex<Receiver<(u64, Vec<u8>, u64)>> = &chunk_rx;
                scope.spawn(move || loop {
                    let next = chunk_rx.lock().map_or(None, |rx| rx.recv().ok());
                    let Some((sequence, chunk, first_line)) = next else {
                        break;
                    };
                    if part_tx
                        .send((sequence, self.part(&chunk, first_line)))
                        .is_err()
                    {
                        break;
                    }
                });
            }
            drop(part_tx);
            // Parts arrive in any order; they are written in the input's.
            let mut waiting = std::collections::BTreeMap::new();
            let mut next = 0u64;
            let mut first_json = true;
            for (sequence, part) in part_rx {
                waiting.insert(sequence, part);
                while let Some(part) = waiting.remove(&next) {
                    if self.format == Format::Json && !part.bytes.is_empty() {
                        if !first_json {
                            out.write_all(b",\n")?;
                        }
                        first_json = false;
                    }
                    out.write_all(&part.bytes)?;
                    count += part.rows;
                    bad.extend(part.bad);
                    next += 1;
                    if started.elapsed() >= next_report {
                        eprintln!(
                            "… {count} cas évalués ({:.0} cas/s)",
                            count as f64 / started.elapsed().as_secs_f64()
                        );
                        next_report += Duration::from_secs(2);
                    }
                }
            }
            reader
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("lecture interrompue")))
        })?;
        if self.format == Format::Json {
            out.write_all(b"\n]\n")?;
        }
        out.flush()?;
        Ok((count, bad))
    }

    fn write_header(&self, out: &mut impl Write) -> std::io::Result<()> {
        if self.format == Format::Json {
            return out.write_all(b"[\n");
        }
        let mut line = Vec::new();
        for (i, header) in self.headers.iter().enumerate() {
            if i > 0 {
                line.push(b',');
            }
            push_csv_field(&mut line, header.as_bytes());
        }
        line.extend_from_slice(b",version,tranche,total_annuel");
        for year in 1..=self.year_columns {
            line.extend_from_slice(format!(",annee_{year}").as_bytes());
        }
        line.push(b'\n');
        out.write_all(&line)
    }

    /// Evaluates a run of whole records; `first_line` is the file line of its first record.
    fn part(&self, data: &[u8], first_line: u64) -> Part {
        let mut part = Part {
            bytes: Vec::with_capacity(data.len() + data.len() / 2),
            ..Part::default()
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(data);
        let mut record = csv::ByteRecord::new();
        loop {
            let line = |position: Option<&csv::Position>| {
                first_line + position.map_or(1, |p| p.line()) - 1
            };
            match reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(error) => {
                    part.bad.push(BadRow {
                        line: line(error.position()),
                        column: "(ligne)".into(),
                        message: format!("CSV illisible : {error}"),
                    });
                    continue;
                }
            }
            let line = line(record.position());
            // A blank line is no case.
            if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
                continue;
            }
            let (name, plan) = match self.plan_for(&record) {
                Ok(found) => found,
                Err((column, message)) => {
                    part.bad.push(BadRow {
                        line,
                        column,
                        message,
                    });
                    continue;
                }
            };
            match plan.row(&RecordFields(&record)) {
                Ok(result) => {
                    if self.format == Format::Csv {
                        // The input line is copied as written, then the results appended.
                        let start = record.position().map_or(0, |p| p.byte() as usize);
                        let end = (reader.position().byte() as usize).min(data.len());
                        let raw = data.get(start..end).unwrap_or_default();
                        let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
                        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
                        write_csv_row(&mut part.bytes, raw, name, plan, &result, self.year_columns);
                    } else {
                        write_json_row(
                            &mut part.bytes,
                            self.headers,
                            &record,
                            name,
                            plan,
                            &result,
                            part.rows == 0,
                        );
                    }
                    part.rows += 1;
                }
                Err(errors) => part.bad.extend(errors.into_iter().map(|e| BadRow {
                    line,
                    column: e.field,
                    message: e.message,
                })),
            }
        }
        part
    }

    /// The version (and its plan) a row is evaluated with.
    fn plan_for(
        &self,
        record: &csv::ByteRecord,
    ) -> Result<(&str, &BatchPlan<'_, '_>), (String, String)> {
        if let Some((name, plan)) = self.fixed {
            return Ok((name, plan));
        }
        let Some(at) = self.at else {
            return Err(("(ligne)".into(), "aucune version".into()));
        };
        let signature = self
            .signature_column
            .and_then(|i| record.get(i))
            .and_then(|s| std::str::from_utf8(s).ok())
            .and_then(parse_date);
        let Some(signature) = signature else {
            return Err((
                "signature".into(),
                "--at demande une date de signature valide".into(),
            ));
        };
        let (version, _) = version_at(&self.analysis.versions, at, signature)
            .map_err(|message| ("signature".to_string(), message))?;
        match self.plans.get_key_value(version.name.as_str()) {
            Some((name, plan)) => Ok((name, plan)),
            None => Err((
                "(en-tête)".into(),
                format!("les colonnes ne conviennent pas à `{}`", version.name),
            )),
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
    line: &[u8],
    version: &str,
    plan: &BatchPlan<'_, '_>,
    result: &RowResult,
    year_columns: usize,
) {
    buffer.extend_from_slice(line);
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
    first_in_part: bool,
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
    if !first_in_part {
        buffer.extend_from_slice(b",\n");
    }
    buffer.extend_from_slice(serde_json::Value::Object(object).to_string().as_bytes());
}
