//! Spark SQL for the SQL tests: one local Spark application (`pyspark`, `local[2]`) that runs the
//! generated scripts of several batches, each CSV read as text into the temporary view `cas`.
#![allow(dead_code)] // each test binary uses part of the helpers

use super::{missing, read_rows, Rows};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A python3 with `pyspark` and a Java to run it (`CLAUSE_PYTHON`, as the other tests).
pub fn spark_python() -> Option<String> {
    let python = std::env::var("CLAUSE_PYTHON")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "python3".into());
    let ok = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !ok(&python, &["-c", "import pyspark"]) {
        missing("le paquet Python `pyspark` (pip install pyspark) est introuvable");
        return None;
    }
    if !ok("java", &["-version"]) {
        missing(
            "Java (apt-get install openjdk-17-jre-headless), que pyspark lance, est introuvable",
        );
        return None;
    }
    Some(python)
}

/// One Spark application for every batch, two batches at a time (a script's cost is Spark's
/// planning, one thread per query: two keep both cores busy), each in its own session
/// (`newSession`: its own temporary views and settings, the same JVM): each CSV read with all
/// its columns as strings (a header, no schema inferred), made the temporary view `cas`, the
/// script's statements run (its settings, a view per step), `resultats` written as JSON lines
/// of texts; `cas` must keep its rows.
const SPARK_RUNNER: &str = r#"
import json, sys, time
from concurrent.futures import ThreadPoolExecutor
from pyspark.sql import SparkSession
root = (SparkSession.builder.master("local[2]").appName("clause-sql")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "3g").getOrCreate())
root.sparkContext.setLogLevel("ERROR")

def run(job):
    start = time.time()
    spark = root.newSession()
    cas = spark.read.csv(job["csv"], header=True, inferSchema=False, quote='"', escape='"',
                         multiLine=True, encoding="UTF-8")
    cas.createOrReplaceTempView("cas")
    before = spark.sql("SELECT count(*) FROM cas").collect()[0][0]
    # The statements as `spark-sql -f` reads them: each ends its last line with `;`.
    statements, lines = [], []
    for line in open(job["script"], encoding="utf-8").read().split("\n"):
        lines.append(line)
        if not line.startswith("--") and line.endswith(";"):
            statements.append("\n".join(lines)[:-1])
            lines = []
    try:
        for statement in statements:
            spark.sql(statement)
        rows = spark.sql("SELECT * FROM resultats").collect()
    except Exception as error:
        return job["script"] + " : " + str(error)[:3000]
    if spark.sql("SELECT count(*) FROM cas").collect()[0][0] != before:
        return job["csv"] + " : cas a changé"
    with open(job["out"], "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps([None if v is None else str(v) for v in row], ensure_ascii=False) + "\n")
    # Each script keeps its last step in memory (`CACHE TABLE`) and each view its analyzed
    # plan (`storeAnalyzedPlanForView`): dropping a view frees both (a cached view is
    # uncached), or the application's memory fills up batch after batch. Not `clearCache`,
    # which would free the cache of the batch running beside this one.
    for statement in statements:
        for line in statement.split("\n"):
            if line.startswith("CREATE OR REPLACE TEMPORARY VIEW "):
                spark.catalog.dropTempView(line.split()[5])
    spark.catalog.dropTempView("cas")
    print(job["script"], round(time.time() - start, 1), "s", flush=True)
    return None

with ThreadPoolExecutor(max_workers=2) as pool:
    failures = [f for f in pool.map(run, json.load(open(sys.argv[1], encoding="utf-8"))) if f]
root.stop()
if failures:
    sys.exit("\n".join(failures))
"#;

/// A batch for Spark: its CSV, its script, where its rows go.
pub struct SparkJob {
    pub name: String,
    pub csv: PathBuf,
    pub script: PathBuf,
    pub out: PathBuf,
}

impl SparkJob {
    /// Writes `script` beside the CSV in `dir`.
    pub fn new(dir: &Path, name: &str, csv: &Path, script: &str) -> SparkJob {
        let path = dir.join(format!("{name}.spark.sql"));
        std::fs::write(&path, script).expect("write script");
        SparkJob {
            name: name.to_string(),
            csv: csv.to_path_buf(),
            script: path,
            out: dir.join(format!("{name}.spark.jsonl")),
        }
    }
}

/// Runs every job in one Spark application (two at a time) and gives the rows of each, in the jobs' order.
pub fn spark_rows(python: &str, dir: &Path, jobs: &[SparkJob]) -> Vec<Rows> {
    let manifest: Vec<serde_json::Value> = jobs
        .iter()
        .map(|j| {
            serde_json::json!({
                "csv": j.csv.to_str().expect("path"),
                "script": j.script.to_str().expect("path"),
                "out": j.out.to_str().expect("path"),
            })
        })
        .collect();
    let path = dir.join("spark-jobs.json");
    std::fs::write(&path, serde_json::Value::Array(manifest).to_string()).expect("manifest");
    let output = Command::new(python)
        .args(["-c", SPARK_RUNNER])
        .arg(&path)
        .output()
        .expect("python");
    assert!(
        output.status.success(),
        "Spark:\n{}",
        tail(&String::from_utf8_lossy(&output.stderr), 60)
    );
    // The time of each batch (`--nocapture`), to see which script costs.
    eprintln!("{}", String::from_utf8_lossy(&output.stdout));
    jobs.iter().map(|j| read_rows(&j.out)).collect()
}

/// The last lines of a long log (a Java stack is hundreds of lines).
fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
