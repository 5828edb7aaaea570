//! What the SQL tests share: the generated cases as one batch CSV (the columns the script
//! expects), DuckDB through its Python package, and a throwaway PostgreSQL cluster.
#![allow(dead_code)] // each test binary uses part of the helpers

pub mod agreements;
pub mod draws;
pub mod policies;
pub mod spark;

use clause_compiler::evaluate::batch::BatchPlan;
use clause_compiler::evaluate::result::euros;
use clause_compiler::evaluate::CompiledVersion;
use clause_compiler::ir::Version;
use clause_compiler::types::Type;
use clause_grammar::ast::{DurationUnit, MissionKind};
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

pub fn missing(what: &str) {
    if in_ci() {
        panic!("{what} : le test du SQL généré en a besoin en CI");
    }
    eprintln!("\n!!! {what} : la partie de ce test qui l'utilise est SAUTÉE !!!\n");
}

/// The contract years of the version's duration, at least 1 (the years of the columns
/// `taux_atteinte.<mission>.<année>` the script reads).
pub fn rate_years(version: &Version) -> usize {
    let months = version
        .header
        .contract_duration
        .as_ref()
        .and_then(|d| match d.value.unit {
            DurationUnit::Years => Some(d.value.amount * Decimal::from(12)),
            DurationUnit::Months => Some(d.value.amount),
            DurationUnit::Days => None,
        });
    months
        .and_then(|m| usize::try_from((m / Decimal::from(12)).ceil()).ok())
        .unwrap_or(0)
        .max(1)
}

/// The columns of the batch, in the order the generated script expects them.
pub fn columns_of(version: &Version) -> Vec<String> {
    let mut out: Vec<String> = version.inputs.iter().map(|i| i.name.clone()).collect();
    out.extend(
        [
            "signature",
            "jusqu_au",
            "lettre_intention",
            "crises",
            "taux_atteinte",
        ]
        .map(String::from),
    );
    for m in &version.missions {
        out.push(m.name.clone());
        out.push(format!("debut.{}", m.name));
        out.push(format!("deploiement.{}", m.name));
        out.push(format!("taux_atteinte.{}", m.name));
        for y in 1..=rate_years(version) {
            out.push(format!("taux_atteinte.{}.{y}", m.name));
        }
    }
    out
}

fn text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| text(Some(i)))
            .collect::<Vec<_>>()
            .join("|"),
        Some(Value::Object(_)) => String::new(),
        Some(other) => other.to_string(),
    }
}

/// The JSON cases of the differential test as CSV rows: inputs, contract dates, crises (in one
/// cell, with each separator the engine reads), for each mission its flag, start, deployment
/// and achievement (a yearly achievement in the columns of its years, its year 2's also as the
/// mission's rate in one row out of three: the year's column comes first).
pub fn batch_csv(version: &Version, cases: &[Value]) -> Vec<Vec<String>> {
    cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let inputs = case.get("entrees");
            let contract = case.get("contrat");
            let missions = contract.and_then(|c| c.get("missions"));
            // A set is written as its names separated by `|` (docs/evaluation.md), with spaces
            // around them in one row out of eight.
            let mut row: Vec<String> = version
                .inputs
                .iter()
                .map(|input| {
                    let cell = text(inputs.and_then(|e| e.get(&input.name)));
                    match input.ty {
                        Type::Set(_) if i % 8 == 3 => format!(" {} ", cell.replace('|', " | ")),
                        // A name that is not a variant (and an empty one): refused, named.
                        Type::Set(_) if i % 16 == 5 => format!("{cell}|kinesitherapeute"),
                        _ => cell,
                    }
                })
                .collect();
            for key in ["signature", "jusqu_au", "lettre_intention"] {
                row.push(text(contract.and_then(|c| c.get(key))));
            }
            let crises = match contract.and_then(|c| c.get("crises")) {
                Some(Value::Array(items)) => {
                    let separator = [" ", "|", ", ", ";", " | ", "\t"][i % 6];
                    let items: Vec<String> = items.iter().map(|d| text(Some(d))).collect();
                    items.join(separator)
                }
                other => text(other),
            };
            // A crisis before the signature, now and then: the row is refused.
            let crises = match i % 40 {
                9 if crises.is_empty() => "2015-06-30".to_string(),
                9 => format!("{crises} 2015-06-30"),
                _ => crises,
            };
            row.push(crises);
            let mut general = String::new();
            let mut rest = Vec::new();
            for mission in &version.missions {
                let entry = missions.and_then(|m| m.get(&mission.name));
                let flag = match entry {
                    None if mission.kind == MissionKind::Optional || i % 5 == 0 => String::new(),
                    None | Some(Value::Object(_)) => "true".into(),
                    Some(other) => text(Some(other)),
                };
                let start = text(entry.and_then(|e| e.get("debut")));
                // A deployment before the signature, now and then: the row is refused.
                let deployment = match i % 40 {
                    17 => "2015-06-30".to_string(),
                    _ => text(entry.and_then(|e| e.get("deploiement"))),
                };
                let (rate, yearly) = match entry.and_then(|e| e.get("atteinte")) {
                    Some(Value::Object(years)) => (
                        if i % 3 == 1 {
                            text(years.get("2"))
                        } else {
                            String::new()
                        },
                        (1..=rate_years(version))
                            .map(|y| text(years.get(&y.to_string())))
                            .collect(),
                    ),
                    other => (text(other), vec![String::new(); rate_years(version)]),
                };
                if general.is_empty() && i % 4 == 0 {
                    general = rate.clone();
                }
                rest.extend([
                    flag,
                    start,
                    deployment,
                    if i % 4 == 0 { String::new() } else { rate },
                ]);
                rest.extend(yearly);
            }
            row.push(general);
            row.extend(rest);
            row
        })
        .collect()
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The rows of the hostile-label agreement's batch: 500 and 1 500 inhabitants (each band), a
/// 29 February signature, and a row that the engine refuses whose cell tries to end the script.
pub fn hostile_rows(headers: &[String]) -> Vec<Vec<String>> {
    [
        ("500", "2020-02-29"),
        ("1500", "2021-03-31"),
        ("x'); DROP TABLE cas; --", ""),
    ]
    .into_iter()
    .map(|(habitants, signature)| {
        let mut row = vec![String::new(); headers.len()];
        row[0] = habitants.into();
        row[1] = signature.into();
        row
    })
    .collect()
}

pub fn write_csv(path: &Path, headers: &[String], rows: &[Vec<String>]) {
    let mut out = String::new();
    for row in std::iter::once(headers).chain(rows.iter().map(Vec::as_slice)) {
        let cells: Vec<String> = row.iter().map(|c| csv_field(c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    std::fs::write(path, out).expect("write csv");
}

/// A python3 with the `duckdb` package (`CLAUSE_PYTHON`, as the other tests).
pub fn duckdb_python() -> Option<String> {
    let python = std::env::var("CLAUSE_PYTHON")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "python3".into());
    let ok = Command::new(&python)
        .args(["-c", "import duckdb"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        Some(python)
    } else {
        missing("le paquet Python `duckdb` (pip install duckdb) est introuvable");
        None
    }
}

const DUCKDB_RUNNER: &str = r#"
import duckdb, json, sys
csv, script, out = sys.argv[1], sys.argv[2], sys.argv[3]
con = duckdb.connect()
con.execute("CREATE TABLE cas AS SELECT * FROM read_csv(?, all_varchar = true, header = true, delim = ',', quote = '\"', escape = '\"')", [csv])
before = con.execute("SELECT count(*) FROM cas").fetchone()[0]
con.execute(open(script, encoding="utf-8").read())
rows = con.execute("SELECT * FROM resultats").fetchall()
assert con.execute("SELECT count(*) FROM cas").fetchone()[0] == before, "cas a changé"
with open(out, "w", encoding="utf-8") as f:
    for row in rows:
        f.write(json.dumps([None if v is None else str(v) for v in row], ensure_ascii=False) + "\n")
"#;

/// The rows of a view: each cell a text, or None for NULL (and for an empty text).
pub type Rows = Vec<Vec<Option<String>>>;

pub fn read_rows(path: &Path) -> Rows {
    std::fs::read_to_string(path)
        .expect("rows")
        .lines()
        .map(|line| {
            let row: Vec<Option<String>> = serde_json::from_str(line).expect("json row");
            // An empty cell and NULL are the same CSV cell.
            row.into_iter()
                .map(|c| c.filter(|s| !s.is_empty()))
                .collect()
        })
        .collect()
}

/// The rows of `resultats` on DuckDB for the batch `csv` and the `script`.
pub fn duckdb_rows(
    python: &str,
    dir: &Path,
    csv: &Path,
    script: &str,
    name: &str,
) -> Vec<Vec<Option<String>>> {
    let sql = dir.join(format!("{name}.duckdb.sql"));
    std::fs::write(&sql, script).expect("write script");
    let out = dir.join(format!("{name}.duckdb.jsonl"));
    let output = Command::new(python)
        .args(["-c", DUCKDB_RUNNER])
        .args([csv, &sql, &out])
        .output()
        .expect("python");
    assert!(
        output.status.success(),
        "DuckDB, {name}:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    read_rows(&out)
}

fn pg_bin(name: &str) -> Option<PathBuf> {
    let mut candidates = vec![PathBuf::from(name)];
    if let Ok(dirs) = std::fs::read_dir("/usr/lib/postgresql") {
        let mut found: Vec<PathBuf> = dirs
            .filter_map(|d| d.ok().map(|d| d.path().join("bin").join(name)))
            .collect();
        found.sort();
        candidates.extend(found.into_iter().rev());
    }
    candidates.into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// A throwaway PostgreSQL cluster in a temporary directory, on a free localhost port, run by
/// an unprivileged user when the test runs as root; stopped when dropped.
pub struct Postgres {
    dir: PathBuf,
    port: u16,
    pg_ctl: PathBuf,
    psql: PathBuf,
    as_user: Option<&'static str>,
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl Postgres {
    pub fn start() -> Option<Postgres> {
        let (Some(initdb), Some(pg_ctl), Some(psql)) =
            (pg_bin("initdb"), pg_bin("pg_ctl"), pg_bin("psql"))
        else {
            missing(
                "PostgreSQL (initdb, pg_ctl, psql : apt-get install postgresql) est introuvable",
            );
            return None;
        };
        // One cluster per test: the tests of a binary run in parallel.
        static CLUSTERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = CLUSTERS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("clause-pg-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("pg dir");
        let as_user = is_root().then_some("nobody");
        if let Some(user) = as_user {
            let status = Command::new("chown")
                .args([user, dir.to_str().expect("path")])
                .status();
            assert!(status.is_ok_and(|s| s.success()), "chown {user}");
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("port")
            .local_addr()
            .expect("addr")
            .port();
        let server = Postgres {
            dir,
            port,
            pg_ctl,
            psql,
            as_user,
        };
        let data = server.dir.join("data");
        let run = |program: &Path, args: &[&str]| {
            let mut command = match server.as_user {
                Some(user) => {
                    let mut c = Command::new("runuser");
                    c.args(["-u", user, "--"]).arg(program);
                    c
                }
                None => Command::new(program),
            };
            let output = command
                .args(args)
                .current_dir(&server.dir)
                .output()
                .expect("postgres tool");
            assert!(
                output.status.success(),
                "{}: {}",
                program.display(),
                String::from_utf8_lossy(&output.stderr)
            );
        };
        run(
            &initdb,
            &[
                "-D",
                data.to_str().expect("path"),
                "-U",
                "clause",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
            ],
        );
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            server.port,
            server.dir.display()
        );
        let log = server.dir.join("log");
        run(
            &server.pg_ctl,
            &[
                "-D",
                data.to_str().expect("path"),
                "-o",
                &options,
                "-l",
                log.to_str().expect("path"),
                "-w",
                "start",
            ],
        );
        Some(server)
    }

    /// The rows of `resultats` for the batch `csv` and the `script`.
    pub fn rows(
        &mut self,
        dir: &Path,
        csv: &Path,
        headers: &[String],
        script: &str,
        name: &str,
    ) -> Vec<Vec<Option<String>>> {
        let sql = dir.join(format!("{name}.pg.sql"));
        std::fs::write(&sql, script).expect("write script");
        let columns: Vec<String> = headers
            .iter()
            .map(|h| format!("\"{}\" text", h.replace('"', "\"\"")))
            .collect();
        let load = format!(
            "DROP VIEW IF EXISTS resultats;\nDROP TABLE IF EXISTS cas;\nCREATE TABLE cas ({});\n\\copy cas FROM '{}' WITH (FORMAT csv, HEADER true)\n\\i {}\nSELECT count(*) AS avant FROM cas \\gset\nSELECT json_agg(ARRAY(SELECT value FROM json_each_text(row_to_json(r))))::text FROM (SELECT * FROM resultats) AS r;\n",
            columns.join(", "),
            csv.display(),
            sql.display()
        );
        let load_file = dir.join(format!("{name}.pg.load.sql"));
        std::fs::write(&load_file, load).expect("write load");
        let output = Command::new(&self.psql)
            .args([
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-U",
                "clause",
                "-d",
                "postgres",
            ])
            .arg("-p")
            .arg(self.port.to_string())
            .arg("-f")
            .arg(&load_file)
            .output()
            .expect("psql");
        assert!(
            output.status.success(),
            "PostgreSQL, {name}:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8(output.stdout).expect("utf-8");
        let rows: Vec<Vec<Value>> = serde_json::from_str(text.trim()).expect("json");
        rows.into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|v| match v {
                        Value::Null => None,
                        Value::String(s) => (!s.is_empty()).then_some(s),
                        other => Some(other.to_string()),
                    })
                    .collect()
            })
            .collect()
    }

    /// Runs `sql` and returns psql's output (for the hostile-label check).
    pub fn query(&self, sql: &str) -> String {
        let output = Command::new(&self.psql)
            .args([
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-U",
                "clause",
                "-d",
                "postgres",
            ])
            .arg("-p")
            .arg(self.port.to_string())
            .args(["-c", sql])
            .output()
            .expect("psql");
        assert!(
            output.status.success(),
            "PostgreSQL:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("utf-8")
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let mut command = match self.as_user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&self.pg_ctl);
                c
            }
            None => Command::new(&self.pg_ctl),
        };
        let _ = command
            .args([
                "-D",
                data.to_str().unwrap_or(""),
                "-m",
                "fast",
                "-w",
                "stop",
            ])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The engine's row: the input fields, then version, tranche, financement_annee_pleine, annee_n, erreur
/// (`None` where the SQL view gives NULL; an empty CSV cell is NULL too).
pub fn engine_rows(
    compiled: &CompiledVersion<'_>,
    headers: &[String],
    rows: &[Vec<String>],
) -> Vec<Vec<Option<String>>> {
    let plan = BatchPlan::new(compiled, headers, &[]).expect("the header is the script's");
    let cell = |s: &str| (!s.is_empty()).then(|| s.to_string());
    rows.iter()
        .map(|fields| {
            let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
            let mut out: Vec<Option<String>> = fields.iter().map(|f| cell(f)).collect();
            out.push(Some(compiled.version.name.clone()));
            match plan.row(refs.as_slice()) {
                Ok(result) => {
                    out.push(result.band.and_then(|b| cell(plan.band_name(b))));
                    out.push(result.full_year.map(euros));
                    for y in 0..plan.year_columns {
                        out.push(result.years.get(y).map(|a| euros(*a)));
                    }
                    out.push(None);
                }
                Err(errors) => {
                    out.extend(std::iter::repeat_n(None, 2 + plan.year_columns));
                    let text: Vec<String> = errors
                        .iter()
                        .map(|e| format!("{} : {}", e.field, e.message))
                        .collect();
                    out.push(Some(text.join(" ; ")));
                }
            }
            out
        })
        .collect()
}

/// Same rows: each row holds its input fields, so the two sides are compared as sorted lists
/// (a SQL engine need not keep the order of `cas` unless asked to).
pub fn compare(
    engine: &str,
    version: &str,
    got: &[Vec<Option<String>>],
    want: &[Vec<Option<String>>],
) {
    assert_eq!(
        got.len(),
        want.len(),
        "{engine}, {version}: one row per case"
    );
    let (mut got, mut want) = (got.to_vec(), want.to_vec());
    got.sort();
    want.sort();
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "{engine}, {version}: row {i} differs");
    }
}

/// The engines of a differential test: DuckDB (its Python package) and a throwaway PostgreSQL
/// server, each when found, and a directory for the batches and scripts.
pub struct Engines {
    python: Option<String>,
    postgres: Option<Postgres>,
    dir: PathBuf,
    compared: usize,
}

impl Engines {
    pub fn start(name: &str) -> Engines {
        let dir =
            std::env::temp_dir().join(format!("clause-codegen-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Engines {
            python: duckdb_python(),
            postgres: Postgres::start(),
            dir,
            compared: 0,
        }
    }

    /// Writes `rows` as the batch CSV of `compiled` (the script's columns, `columns_of`), runs
    /// its DuckDB and PostgreSQL scripts on each engine found and compares their rows with the
    /// engine's (`engine_rows`), which it returns.
    pub fn compare_with_engine(
        &mut self,
        compiled: &CompiledVersion<'_>,
        db: &clause_compiler::SourceDb,
        rows: &[Vec<String>],
    ) -> Vec<Vec<Option<String>>> {
        use clause_codegen::{generate_sql, Dialect};
        let name = &compiled.version.name;
        let duck = generate_sql(compiled, db, Dialect::DuckDb, "test")
            .unwrap_or_else(|message| panic!("{name}: {message}"));
        let pg = generate_sql(compiled, db, Dialect::Postgres, "test").expect("same support");
        for script in [&duck, &pg] {
            // No binary floating point in the code (the header's comment names them).
            for line in script.lines().filter(|l| !l.trim_start().starts_with("--")) {
                let upper = line.to_uppercase();
                for word in ["DOUBLE", "REAL", "FLOAT"] {
                    assert!(!upper.contains(word), "{word} in: {line}");
                }
            }
        }
        let headers = columns_of(compiled.version);
        let csv = self.dir.join(format!("{name}.csv"));
        write_csv(&csv, &headers, rows);
        let want = engine_rows(compiled, &headers, rows);
        if let Some(python) = &self.python {
            let got = duckdb_rows(python, &self.dir, &csv, &duck, name);
            compare("DuckDB", name, &got, &want);
            self.compared += got.len();
        }
        if let Some(server) = &mut self.postgres {
            let got = server.rows(&self.dir, &csv, &headers, &pg, name);
            compare("PostgreSQL", name, &got, &want);
            self.compared += got.len();
        }
        want
    }
}

impl Drop for Engines {
    fn drop(&mut self) {
        let found = self.python.is_some() || self.postgres.is_some();
        self.postgres = None;
        let _ = std::fs::remove_dir_all(&self.dir);
        if !std::thread::panicking() {
            assert!(self.compared > 0 || !found, "no row compared");
        }
    }
}
