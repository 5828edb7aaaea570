//! The published CSVs opened as a French reader opens them: every CSV of the built site is
//! imported by LibreOffice Calc (Debian's `libreoffice-calc-nogui`, headless) with the French
//! locale, saved as XLSX, and read back with `calamine`. Each field of the CSV must come back as
//! the spreadsheet cell a reader expects: a number as a number with its exact value (not text,
//! not a date), a text with its accents and typographic apostrophes, an empty field empty.
//!
//! Ignored by `cargo test`, as it needs LibreOffice: `tests/run.sh` installs it and runs
//! `cargo test -p clause-tests --test spreadsheet -- --ignored`.

use calamine::{open_workbook, Data, Reader, Xlsx};
use clause_cli::site::write::write_site;
use clause_compiler::analyze;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::str::FromStr;
use std::time::{Duration, Instant};

/// The import options of LibreOffice's CSV filter, as a French reader picks them in its dialog:
/// separator `;` (59), text delimiter `"` (34), UTF-8 (76), from line 1, standard columns,
/// language French (France) (1036), so that `,` is the decimal mark.
const FRENCH_CSV: &str = "CSV:59,34,76,1,,1036";

/// A conversion taking longer than this is a hung office suite, not a slow one (a few seconds
/// for the whole site on CI's two cores).
const TIME_LIMIT: Duration = Duration::from_secs(180);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// The site as `clause build` writes it (without a population: the costing pages have no CSV).
fn build_site(out: &Path) {
    let db = clause_cli::workspace::load(&[root().join("agreements")]).expect("agreements load");
    let analysis = analyze(&db);
    assert!(!analysis.has_errors(), "the shipped agreements check");
    write_site(&db, &analysis, out, None).expect("site written");
}

fn csv_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            csv_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "csv") {
            found.push(path);
        }
    }
}

/// Waits for the office suite, killing it past `TIME_LIMIT`.
fn wait(mut child: Child) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("soffice waited for") {
            return status;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            panic!("soffice still converting after {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Converts every `.csv` of `dir` to `.xlsx` in `out`, in one run of LibreOffice with its own
/// throwaway profile.
fn convert(csvs: &[PathBuf], profile: &Path, out: &Path) {
    let child = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--norestore", "--nolockcheck"])
        .args(["--convert-to", "xlsx:Calc MS Excel 2007 XML"])
        .arg(format!("--infilter={FRENCH_CSV}"))
        .arg("--outdir")
        .arg(out)
        .args(csvs)
        .spawn()
        .expect("soffice (Debian: apt-get install libreoffice-calc-nogui) is needed");
    let status = wait(child);
    assert!(status.success(), "soffice: {status}");
}

/// The first sheet of an XLSX file, as rows of cells (missing cells as `Empty`).
fn sheet(path: &Path) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> =
        open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let range = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable sheet");
    let (height, width) = range.get_size();
    let (top, left) = range.start().unwrap_or((0, 0));
    // The range starts at the first cell holding something: rows and columns before it are empty.
    (0..top as usize + height)
        .map(|r| {
            (0..left as usize + width)
                .map(|c| {
                    range
                        .get_value((r as u32, c as u32))
                        .cloned()
                        .unwrap_or(Data::Empty)
                })
                .collect()
        })
        .collect()
}

/// A field of the French dialect that is a number: digits, an optional sign and decimal comma.
fn french_number(field: &str) -> Option<Decimal> {
    let digits = field.strip_prefix('-').unwrap_or(field);
    let numeric = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == ',')
        && digits.matches(',').count() <= 1
        && !digits.starts_with(',')
        && !digits.ends_with(',');
    numeric
        .then(|| Decimal::from_str(&field.replace(',', ".")).ok())
        .flatten()
}

/// A spreadsheet number as an exact decimal: the shortest text that reads back as the same
/// double, so `0.1` is `0.1` and `37500.5` is `37500.5`.
fn cell_number(cell: &Data) -> Option<Decimal> {
    match cell {
        Data::Int(i) => Some(Decimal::from(*i)),
        Data::Float(f) => Decimal::from_str(&f.to_string()).ok(),
        _ => None,
    }
}

/// The fields of a French CSV, BOM removed.
fn records(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("UTF-8 CSV");
    let text = text.strip_prefix('\u{feff}').expect("a BOM");
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("CSV record").iter().map(str::to_string).collect())
        .collect()
}

#[derive(Default)]
struct Counts {
    numbers: usize,
    decimals: usize,
    accented: usize,
    empty: usize,
}

/// Compares a CSV with the sheet LibreOffice made of it, cell by cell.
fn compare(name: &str, fields: &[Vec<String>], cells: &[Vec<Data>], counts: &mut Counts) {
    assert_eq!(cells.len(), fields.len(), "{name}: one row per line");
    for (r, (line, row)) in fields.iter().zip(cells).enumerate() {
        assert!(
            row.len() >= line.len() && row[line.len()..].iter().all(|c| *c == Data::Empty),
            "{name} line {}: {} fields, read in columns {row:?}",
            r + 1,
            line.len()
        );
        for (c, (field, cell)) in line.iter().zip(row).enumerate() {
            let at = format!("{name} line {} column {}", r + 1, c + 1);
            if field.is_empty() {
                assert_eq!(*cell, Data::Empty, "{at}: empty");
                counts.empty += 1;
            } else if let Some(value) = french_number(field) {
                assert_eq!(
                    cell_number(cell),
                    Some(value),
                    "{at}: « {field} » read as {cell:?}, not as the number {value}"
                );
                counts.numbers += 1;
                counts.decimals += usize::from(field.contains(','));
            } else {
                assert_eq!(*cell, Data::String(field.clone()), "{at}: text as written");
                counts.accented += usize::from(!field.is_ascii());
            }
        }
    }
}

#[test]
#[ignore = "needs LibreOffice Calc (Debian libreoffice-calc-nogui): tests/run.sh installs it and runs this test"]
fn published_csvs_read_in_a_french_spreadsheet_give_numbers_and_accents_intact() {
    let work = scratch("spreadsheet");
    let site = work.join("site");
    build_site(&site);
    let mut published = Vec::new();
    csv_files(&site, &mut published);
    published.sort();
    assert!(published.len() >= 6, "published CSVs: {published:?}");
    // Each file under a name of its own (every version has a `financement.csv`).
    let staged = work.join("csv");
    std::fs::create_dir_all(&staged).expect("folder");
    let mut inputs = Vec::new();
    for path in &published {
        let relative = path.strip_prefix(&site).expect("in the site");
        let name = relative.to_string_lossy().replace(['/', '\\'], "--");
        std::fs::copy(path, staged.join(&name)).expect("copied");
        inputs.push(staged.join(name));
    }
    // The control: a decimal point is no number for a French spreadsheet, so the check below
    // would see a file written in the machines' dialect (its numbers read as text or dates).
    let control = staged.join("control.csv");
    std::fs::write(&control, "\u{feff}virgule;point\n37500,5;37500.5\n").expect("written");
    inputs.push(control);
    let out = work.join("xlsx");
    let started = Instant::now();
    convert(&inputs, &work.join("profile"), &out);
    let seconds = started.elapsed().as_secs_f64();

    let control = sheet(&out.join("control.xlsx"));
    assert_eq!(cell_number(&control[1][0]), Some(Decimal::new(375005, 1)));
    assert_eq!(
        cell_number(&control[1][1]),
        None,
        "the French locale is in effect: `37500.5` is no number for it ({:?})",
        control[1][1]
    );

    let mut counts = Counts::default();
    for input in inputs.iter().filter(|p| !p.ends_with("control.csv")) {
        let stem = input.file_stem().expect("name").to_string_lossy();
        let cells = sheet(&out.join(format!("{stem}.xlsx")));
        compare(&stem, &records(input), &cells, &mut counts);
    }
    eprintln!(
        "{} CSVs converted in {seconds:.1} s: {} numbers ({} with a decimal comma), {} texts with accents, {} empty cells",
        published.len(),
        counts.numbers,
        counts.decimals,
        counts.accented,
        counts.empty
    );
    // The shipped versions have hundreds of amounts, labels with accents (« Accès aux soins »)
    // and amounts the sources leave `non précisé`: a check that reads nothing cannot pass.
    assert!(counts.numbers > 100, "numbers checked: {}", counts.numbers);
    assert!(counts.accented > 20, "accented texts: {}", counts.accented);
    assert!(counts.empty > 0, "empty cells: {}", counts.empty);
}
