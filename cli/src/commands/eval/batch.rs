//! `clause eval --cases`: a CSV batch, streamed in constant memory. The input is cut in chunks
//! of whole records, evaluated on several threads by the shared driver
//! (`evaluate::parallel::ordered_map`), and written in input order, to standard output or to a
//! file replaced at the end. A progress bar shows on a terminal.

use super::super::versions::Refused;
use super::super::{FAILURE, OK, PROBLEMS};
use super::args::{at_date, threshold, workspace_for, EvalArgs, EvalFormat};
use super::csv_io::{
    csv_error, push_csv_field, read_header, write_csv_row, write_json_row, Buffers, Chunk, Chunks,
    LineCounter, OutputDialect, CHUNK,
};
use super::fields::{separators, LineFields, RecordFields};
use crate::output::{io_failure, io_reason, plural, OutputFile};
use clause_compiler::evaluate::parallel::ordered_map;
use clause_compiler::evaluate::select::{version_in_force, Request};
use clause_compiler::evaluate::{BatchPlan, CompiledVersion, RowScratch};
use clause_compiler::ir::Version;
use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

struct BadRow {
    line: u64,
    column: String,
    message: String,
}

/// What every row needs: the plan of the one version of the batch.
struct Batch<'p, 'c, 'v> {
    fixed: Option<(&'v str, &'p BatchPlan<'c, 'v>)>,
    headers: &'p [String],
    format: EvalFormat,
    separator: u8,
    /// The output's spelling: the input's separator and a decimal point, or with `--csv-fr`
    /// semicolons, decimal commas and a BOM.
    output: OutputDialect,
    year_columns: usize,
    /// Whether a chunk without quotes or carriage returns takes the plain reader (`plain_part`);
    /// `CLAUSE_LECTEUR=csv` sends every chunk through the csv crate, so that a test can compare
    /// both readers on the same file.
    plain_reader: bool,
    /// The chunks' buffers, given back once evaluated, and the outputs', once written.
    inputs: Buffers,
    outputs: Buffers,
    /// The workers' scratches (a row's case, the memo of the dates read), taken by a chunk and
    /// given back: kept from one chunk to the next, the memo is filled once per worker, not
    /// once per chunk of some 700 rows.
    scratches: Mutex<Vec<RowScratch>>,
}

/// The output and errors of a run of records.
#[derive(Default)]
struct Part {
    bytes: Vec<u8>,
    rows: u64,
    /// Input bytes the part covers, for the progress bar.
    read: u64,
    bad: Vec<BadRow>,
}

pub fn run(args: &EvalArgs, path: &Path) -> u8 {
    match try_run(args, path) {
        Ok(code) | Err(Refused(code)) => code,
    }
}

/// Where the batch's output goes: standard output, or `--out` through an `OutputFile` (a
/// temporary file renamed over it once everything is written; a device or a pipe written in
/// place).
struct Sink {
    output: Option<(OutputFile, PathBuf)>,
}

impl Sink {
    fn open(out: Option<&Path>) -> Result<(Sink, Box<dyn Write>), String> {
        let Some(out) = out else {
            return Ok((Sink { output: None }, Box::new(std::io::stdout().lock())));
        };
        let (output, file) = OutputFile::create(out).map_err(|e| {
            format!(
                "{} : écriture impossible ({})",
                out.display(),
                io_reason(&e)
            )
        })?;
        Ok((
            Sink {
                output: Some((output, out.to_path_buf())),
            },
            Box::new(file),
        ))
    }

    /// Puts the output in place of `--out` (or leaves `--out` as it was when the batch failed).
    fn finish(self, written: bool) -> Result<(), String> {
        let Some((output, out)) = self.output else {
            return Ok(());
        };
        if !written {
            output.abandon();
            return Ok(());
        }
        output.commit().map_err(|e| {
            format!(
                "{} : écriture impossible ({})",
                out.display(),
                io_reason(&e)
            )
        })
    }
}

fn try_run(args: &EvalArgs, path: &Path) -> Result<u8, Refused> {
    let format = match args.format.unwrap_or(EvalFormat::Csv) {
        EvalFormat::Text => {
            errln!(
                "erreur : le format text est celui d'un cas (`--case`) : pour un lot, csv ou json"
            );
            return Err(Refused(FAILURE));
        }
        format => format,
    };
    let renames = crate::args::column_renames(&args.renames).map_err(|message| {
        errln!("erreur : {message}");
        Refused(FAILURE)
    })?;
    let at = at_date(args)?;
    if args.version.is_none() && at.is_none() {
        errln!("erreur : un lot demande une version (argument VERSION) ou `--at DATE`");
        return Err(Refused(FAILURE));
    }
    let workspace = workspace_for(args.version.as_deref(), args)?;
    let (db, analysis) = (&workspace.db, &workspace.analysis);
    let mut fixed_version: Option<&Version> = match &args.version {
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
            errln!("erreur : {} : {}", path.display(), io_reason(&error));
            return Err(Refused(FAILURE));
        }
    };
    let size = input.metadata().map_or(0, |m| m.len());
    let mut pending = Vec::with_capacity(CHUNK * 2);
    let given = args.separator.map(super::args::Separator::byte);
    let header = match read_header(&mut input, &mut pending, given) {
        Ok(found) => found,
        Err(message) => {
            errln!("erreur : {} : {message}", path.display());
            return Err(Refused(FAILURE));
        }
    };
    let (headers, separator) = (header.columns, header.separator);

    // `--at`: one version for the whole batch, the version in force of the agreement whose
    // inputs the columns give; each row's contract then gets the lines it is eligible to.
    if let (Some(at), None) = (at, fixed_version) {
        let inputs: Vec<&str> = headers
            .iter()
            .map(|h| {
                renames
                    .iter()
                    .find(|(from, _)| from == h)
                    .map_or(h.as_str(), |(_, to)| to.as_str())
            })
            .filter(|h| analysis.versions.iter().any(|v| v.input_named(h).is_some()))
            .collect();
        let request = Request {
            at,
            agreement: None,
            inputs,
            threshold: threshold(args),
        };
        let choice = version_in_force(&analysis.versions, &request).map_err(|message| {
            errln!("erreur : {} : {message}", path.display());
            Refused(PROBLEMS)
        })?;
        for reason in &choice.reasons {
            infoln!("note : {reason}");
        }
        fixed_version = Some(choice.version);
    }
    // One compiled version and one header plan.
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
                    errln!(
                        "erreur : {}, ligne {} : colonne {error}",
                        path.display(),
                        header.line
                    );
                }
                if separator == b',' && headers.len() == 1 && headers[0].contains(';') {
                    errln!("aide : le fichier semble séparé par des points-virgules : `--separator point-virgule`");
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
        fixed,
        headers: &headers,
        format,
        separator,
        output: OutputDialect {
            separator: if args.csv_fr { b';' } else { separator },
            decimal_comma: args.csv_fr,
        },
        year_columns: plans.values().map(|p| p.year_columns).max().unwrap_or(0),
        plain_reader: std::env::var_os("CLAUSE_LECTEUR").is_none_or(|reader| reader != "csv"),
        inputs: Buffers::default(),
        outputs: Buffers::default(),
        scratches: Mutex::default(),
    };
    let (sink, writer) = Sink::open(args.out.as_deref()).map_err(|message| {
        errln!("erreur : {message}");
        Refused(FAILURE)
    })?;
    let mut out = BufWriter::with_capacity(CHUNK, writer);
    let result = batch.stream(
        Chunks::new(input, pending, header.line, &batch.inputs),
        size,
        &mut out,
    );
    drop(out);
    let finished = sink.finish(result.is_ok()).map_err(|message| {
        errln!("erreur : {message}");
        Refused(FAILURE)
    });
    let (count, bad) = match result {
        Ok(done) => done,
        Err(error) => return Ok(io_failure(&error)),
    };
    finished?;
    for row in &bad {
        errln!(
            "erreur : {}, ligne {}, colonne `{}` : {}",
            path.display(),
            row.line,
            row.column,
            row.message
        );
    }
    let evaluated = if count > 1 {
        format!("{count} cas évalués")
    } else {
        format!("{count} cas évalué")
    };
    if bad.is_empty() {
        infoln!("{evaluated}");
        Ok(OK)
    } else {
        let lines: std::collections::BTreeSet<u64> = bad.iter().map(|b| b.line).collect();
        infoln!(
            "{evaluated}, {} (non évaluées)",
            plural(lines.len(), "ligne en erreur", "lignes en erreur")
        );
        Ok(PROBLEMS)
    }
}

/// The progress bar of a long batch: percentage of the input read, cases per second, time
/// left. Hidden when standard error is not a terminal, or with `-q`.
fn progress_bar(size: u64) -> indicatif::ProgressBar {
    if !crate::terminal::progress() || size == 0 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(size),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:30} {percent:>3} % · {msg} · reste {eta}")
    {
        bar.set_style(style);
    }
    bar
}

impl Batch<'_, '_, '_> {
    /// Evaluates the chunks on the shared parallel driver and writes their outputs in input
    /// order. Returns the number of cases evaluated and the rows in error.
    fn stream(
        &self,
        chunks: Chunks<'_, std::fs::File>,
        size: u64,
        out: &mut impl Write,
    ) -> std::io::Result<(u64, Vec<BadRow>)> {
        self.write_header(out)?;
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4);
        let bar = progress_bar(size);
        let started = std::time::Instant::now();
        let mut bad = Vec::new();
        let mut count = 0u64;
        let mut first_json = true;
        ordered_map(
            chunks,
            workers,
            |chunk: Chunk| {
                let part = self.part(&chunk.bytes, chunk.first_line);
                self.inputs.give(chunk.bytes);
                part
            },
            |part: Part| {
                if self.format == EvalFormat::Json && !part.bytes.is_empty() {
                    if !first_json {
                        out.write_all(b",\n")?;
                    }
                    first_json = false;
                }
                out.write_all(&part.bytes)?;
                self.outputs.give(part.bytes);
                count += part.rows;
                bad.extend(part.bad);
                bar.inc(part.read);
                let rate = count as f64 / started.elapsed().as_secs_f64().max(1e-3);
                bar.set_message(format!("{count} cas ({rate:.0} cas/s)"));
                Ok(())
            },
        )?;
        bar.finish_and_clear();
        if self.format == EvalFormat::Json {
            out.write_all(b"\n]\n")?;
        }
        out.flush()?;
        Ok((count, bad))
    }

    fn write_header(&self, out: &mut impl Write) -> std::io::Result<()> {
        if self.format == EvalFormat::Json {
            return out.write_all(b"[\n");
        }
        let separator = self.output.separator;
        // The byte order mark makes French Excel read the file as UTF-8.
        let mut line = if self.output.decimal_comma {
            "\u{feff}".as_bytes().to_vec()
        } else {
            Vec::new()
        };
        for (i, header) in self.headers.iter().enumerate() {
            if i > 0 {
                line.push(separator);
            }
            push_csv_field(&mut line, header.as_bytes(), separator);
        }
        for column in ["version", "tranche", "financement_annee_pleine"] {
            line.push(separator);
            line.extend_from_slice(column.as_bytes());
        }
        for year in 1..=self.year_columns {
            line.push(separator);
            line.extend_from_slice(format!("annee_{year}").as_bytes());
        }
        line.push(b'\n');
        out.write_all(&line)
    }

    /// Evaluates a run of whole records; `first_line` is the file line of its first record.
    fn part(&self, data: &[u8], first_line: u64) -> Part {
        if let Some(part) = self.plain_part(data, first_line) {
            return part;
        }
        let mut part = self.empty_part(data);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.separator)
            .from_reader(data);
        let mut record = csv::ByteRecord::new();
        let mut scratch = self.scratch();
        // Lines counted from the bytes: the csv crate does not count the blank lines it skips.
        let mut lines = LineCounter::new(data, first_line);
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(error) => {
                    part.bad.push(BadRow {
                        line: lines.at(error.position()),
                        column: "(ligne)".into(),
                        message: csv_error(&error),
                    });
                    continue;
                }
            }
            let line = lines.at(record.position());
            // A blank line is no case.
            if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
                continue;
            }
            let (name, plan) = match self.plan_for() {
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
            match plan.row_in(&RecordFields(&record), &mut scratch) {
                Ok(result) => {
                    if self.format == EvalFormat::Csv {
                        // The input line is copied as written, then the results appended.
                        let start = record.position().map_or(0, |p| p.byte() as usize);
                        let end = (reader.position().byte() as usize).min(data.len());
                        let raw = data.get(start..end).unwrap_or_default();
                        let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
                        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
                        // With another output separator the input's fields are re-quoted.
                        let recoded;
                        let raw = if self.output.separator == self.separator {
                            raw
                        } else {
                            let mut line = Vec::with_capacity(raw.len() + 8);
                            for (i, field) in record.iter().enumerate() {
                                if i > 0 {
                                    line.push(self.output.separator);
                                }
                                push_csv_field(&mut line, field, self.output.separator);
                            }
                            recoded = line;
                            &recoded[..]
                        };
                        write_csv_row(
                            &mut part.bytes,
                            self.output,
                            raw,
                            name,
                            plan,
                            &result,
                            self.year_columns,
                        );
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
        self.give_scratch(scratch);
        part
    }

    /// A scratch for a chunk's rows: one given back by an earlier chunk, else a new one.
    fn scratch(&self) -> RowScratch {
        self.scratches
            .lock()
            .ok()
            .and_then(|mut kept| kept.pop())
            .unwrap_or_default()
    }

    /// Keeps a chunk's scratch for the next chunk (as many as workers at most in flight).
    fn give_scratch(&self, scratch: RowScratch) {
        if let Ok(mut kept) = self.scratches.lock() {
            kept.push(scratch);
        }
    }

    /// `part` for a run without quotes or carriage returns, written back in CSV with the same
    /// separator (a generated batch, nearly always): each non-blank line is a record whose
    /// fields are cut at the separator, as the csv crate cuts them, without its byte-by-byte
    /// state machine. `None` for any other run.
    fn plain_part(&self, data: &[u8], first_line: u64) -> Option<Part> {
        let plain = self.plain_reader
            && self.format == EvalFormat::Csv
            && self.output.separator == self.separator
            && memchr::memchr2(b'"', b'\r', data).is_none();
        if !plain {
            return None;
        }
        let mut part = self.empty_part(data);
        // The run checked as UTF-8 at once: its lines and fields then are too (they are cut at
        // ASCII bytes), and no row is checked again. A run that is not: each line is checked,
        // so that the error names its field.
        let checked = std::str::from_utf8(data).is_ok();
        let mut ends = Vec::new();
        // The worker's case, filled again for each row.
        let mut scratch = self.scratch();
        // The lines (their start and end), cut at each newline found by `memchr`.
        let mut start = 0;
        let lines = memchr::memchr_iter(b'\n', data)
            .chain([data.len()])
            .map(move |end| {
                let line = (start, end);
                start = end + 1;
                line
            });
        // Blank lines before a record are copied with it, as the csv crate's record starts there.
        let mut blank_from = None;
        for (at, (start, end)) in (first_line..).zip(lines) {
            // A blank line is no case (the csv crate skips it).
            if start >= end {
                blank_from = blank_from.or(Some(start));
                continue;
            }
            let raw = data.get(start..end).unwrap_or_default();
            let copied = data
                .get(blank_from.take().unwrap_or(start)..end)
                .unwrap_or(raw);
            let (name, plan) = match self.plan_for() {
                Ok(found) => found,
                Err((column, message)) => {
                    part.bad.push(BadRow {
                        line: at,
                        column,
                        message,
                    });
                    continue;
                }
            };
            // The line read in one walk, cut at its separators as it goes; a line it does not
            // read (an error, a cell of another spelling) is cut first, then read by `row_in`.
            let result = if plan.fill_line(raw, self.separator, checked, &mut scratch) {
                Ok(plan.numbers_in(&mut scratch))
            } else {
                ends.clear();
                separators(raw, self.separator, &mut ends);
                ends.push(raw.len());
                let fields = LineFields {
                    raw,
                    ends: &ends,
                    checked,
                };
                plan.row_in(&fields, &mut scratch)
            };
            match result {
                Ok(result) => {
                    write_csv_row(
                        &mut part.bytes,
                        self.output,
                        copied,
                        name,
                        plan,
                        &result,
                        self.year_columns,
                    );
                    part.rows += 1;
                }
                Err(errors) => part.bad.extend(errors.into_iter().map(|e| BadRow {
                    line: at,
                    column: e.field,
                    message: e.message,
                })),
            }
        }
        self.give_scratch(scratch);
        Some(part)
    }

    /// A part for the output of `data`, in a reused buffer.
    fn empty_part(&self, data: &[u8]) -> Part {
        let mut bytes = self.outputs.take();
        // A row's output is its input and the results: about half as long again.
        bytes.reserve(data.len() + data.len() / 2);
        Part {
            bytes,
            read: data.len() as u64,
            ..Part::default()
        }
    }

    /// The version (and its plan) a row is evaluated with.
    fn plan_for(&self) -> Result<(&str, &BatchPlan<'_, '_>), (String, String)> {
        if let Some((name, plan)) = self.fixed {
            return Ok((name, plan));
        }
        // `--at` chose the version before the first row (the one version of the batch).
        Err(("(ligne)".into(), "aucune version".into()))
    }
}
