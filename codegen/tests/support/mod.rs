//! What the generated-code tests share: the shipped agreements, a deterministic case
//! generator that walks the edges (band boundaries, month ends, 29 February…), and the
//! external interpreters (python3, node), required in CI.
#![allow(dead_code)] // each test binary uses part of the helpers

use chrono::{Datelike, Days, NaiveDate};
use clause_compiler::ir::Version;
use clause_compiler::types::Type;
use clause_compiler::{analyze, Analysis, SourceDb};
use clause_grammar::ast::{MissionKind, Reservation};
use serde_json::{json, Map, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub mod generated;

/// A runner for the generated ES module: one JSON case per input line, one answer per line.
pub const JS_RUNNER: &str = r#"import { evaluate, CaseErrors } from "MODULE";
import { createInterface } from "node:readline";
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
const out = [];
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  try {
    answer = { resultat: evaluate(JSON.parse(line)) };
  } catch (error) {
    if (!(error instanceof CaseErrors)) throw error;
    answer = { erreurs: error.errors };
  }
  out.push(JSON.stringify(answer));
}
process.stdout.write(out.join("\n") + "\n");
"#;

/// An agreement whose labels and sources hold quotes, backslashes, newlines, `*/`, `"""`,
/// `--`, `${`, `'); DROP TABLE cas; --` and line separators (the hostile-label tests).
pub const HOSTILE: &str = concat!(
    "accord hostile_2020 \"Titre \\\"\\\"\\\" */ -- ${x} \\\\ fin\\nligne\" {\n",
    "  statut proposé\n",
    "  proposé le 2020-01-01\n",
    "  durée du contrat 2 ans\n",
    "  source \"src \\\"); DROP TABLE cas; -- */ \\\\\"\n",
    "  entrée habitants \"Habitants \\\"\\\"\\\" */\\n# pas un commentaire \u{2028}\" : nombre\n",
    "  tranches taille selon habitants {\n",
    "    petite \"Petite \\\"'); -- ${alert(1)}\" : moins de 1 000\n",
    "      hypothèse \"hyp */ \\\"\\\"\\\" \\\\ \\n fin \u{0085}\"\n",
    "    grande \"Grande \u{2028} \u{2029}\" : à partir de 1 000\n",
    "  }\n",
    "  enveloppe fonctionnement \"Fonc \\\"\\\"\\\" */ -- ${x}` \\\\ \\n\u{feff}\" par taille [1 000 €, 2 000 €]\n",
    "    source \"s */ \\\"\\\"\\\" -- </script> \\\\\"\n",
    "    hypothèse \"h \\\" */ -- \\n# fin\"\n",
    "    versement chaque année\n",
    "}\n",
);

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// The shipped agreements, loaded as the CLI loads them from the repository root.
pub fn load_agreements() -> (SourceDb, Analysis) {
    load_agreements_with(&[])
}

/// The shipped agreements and the files given (path, text); none has an error.
pub fn load_agreements_with(extra: &[(&str, &str)]) -> (SourceDb, Analysis) {
    let root = repo_root();
    let mut db = SourceDb::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("agreements"))
        .expect("agreements/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "clause"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("agreement");
        let name = file.file_name().expect("name").to_string_lossy();
        db.add(format!("agreements/{name}"), text);
    }
    for (path, text) in extra {
        db.add(*path, *text);
    }
    let analysis = analyze(&db);
    let errors: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == clause_compiler::Severity::Error)
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "the agreements check: {errors:#?}");
    (db, analysis)
}

/// An interpreter on PATH (`CLAUSE_PYTHON` names another python3, e.g. a venv's with
/// `jsonschema`). Absent: a loud skip locally, a failure in CI (`CI=true`).
pub fn tool(name: &str) -> Option<String> {
    let name = match std::env::var("CLAUSE_PYTHON") {
        Ok(python) if name == "python3" && !python.is_empty() => python,
        _ => name.to_string(),
    };
    let name = name.as_str();
    let found = Command::new(name)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if found {
        return Some(name.to_string());
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("`{name}` est introuvable : le test des évaluateurs générés en a besoin en CI");
    }
    eprintln!("\n!!! `{name}` introuvable : la partie de ce test qui l'utilise est SAUTÉE !!!\n");
    None
}

pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clause-codegen-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Runs `program args` with `input` on standard input; its standard output.
pub fn run_jsonl(program: &str, args: &[&str], input: &str) -> String {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("output");
    let written = writer.join().expect("writer");
    assert!(
        output.status.success(),
        "{program} {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    written.expect("write cases");
    String::from_utf8(output.stdout).expect("utf-8")
}

/// Validates cases and results against `docs/schemas/` with Python's `jsonschema`.
pub fn validate_with_schemas(python: &str, dir: &Path, cases: &[Value], results: &[Value]) {
    let data = dir.join("schema_data.json");
    std::fs::write(
        &data,
        json!({"cases": cases, "results": results}).to_string(),
    )
    .expect("write");
    let schemas = repo_root().join("docs/schemas");
    let script = r#"
import json, sys
try:
    import jsonschema
except ImportError:
    sys.exit(3)
data = json.load(open(sys.argv[1], encoding="utf-8"))
case_schema = json.load(open(sys.argv[2] + "/cas.schema.json", encoding="utf-8"))
result_schema = json.load(open(sys.argv[2] + "/resultat.schema.json", encoding="utf-8"))
for schema in (case_schema, result_schema):
    jsonschema.Draft202012Validator.check_schema(schema)
cases = jsonschema.Draft202012Validator(case_schema)
results = jsonschema.Draft202012Validator(result_schema)
for case in data["cases"]:
    cases.validate(case)
for result in data["results"]:
    results.validate(result)
"#;
    let output = Command::new(python)
        .args([
            "-c",
            script,
            data.to_str().expect("path"),
            schemas.to_str().expect("path"),
        ])
        .output()
        .expect("python");
    if output.status.code() == Some(3) {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("le module Python `jsonschema` manque en CI");
        }
        eprintln!("\n!!! module Python `jsonschema` absent : validation des schémas SAUTÉE !!!\n");
        return;
    }
    assert!(
        output.status.success(),
        "schema validation failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The neighbourhood of the first difference between two answers.
pub fn first_difference(got: &str, want: &str) -> String {
    let at = got
        .chars()
        .zip(want.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let window = |s: &str| -> String { s.chars().skip(at.saturating_sub(150)).take(300).collect() };
    format!(
        "generated: …{}…\nengine:    …{}…",
        window(got),
        window(want)
    )
}

/// A small deterministic generator (xorshift), so that a failure is reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Signatures: every month end of 2019–2022, 29 February 2020, and ordinary days.
fn signatures() -> Vec<NaiveDate> {
    let mut dates = vec![
        date(2020, 2, 29),
        date(2019, 6, 20),
        date(2021, 12, 30),
        date(2021, 12, 31),
    ];
    for year in 2019..=2022 {
        for month in 1..=12 {
            let first_next = if month == 12 {
                date(year + 1, 1, 1)
            } else {
                date(year, month + 1, 1)
            };
            dates.push(first_next.pred_opt().expect("month end"));
            dates.push(date(year, month, 1));
            dates.push(date(year, month, 15));
        }
    }
    dates
}

/// The dates the rules of time of `version` turn on: the date of effect and the `applicable
/// aux contrats signés avant le` of each version of its chain (itself and its bases), each
/// line's `à compter du` and each `réservé aux contrats signés avant|après le`.
pub fn time_dates(version: &Version) -> Vec<NaiveDate> {
    let mut dates = Vec::new();
    if version.bases.is_empty() {
        return dates;
    }
    for v in std::iter::once(version).chain(&version.bases) {
        dates.extend(v.date_of_effect());
        dates.extend(v.own_applicable_before());
        for value in &v.values {
            dates.extend(value.effect.as_ref().map(|e| e.date));
            for rule in &value.reserved {
                match rule.value {
                    Reservation::SignedBefore(d) | Reservation::SignedAfter(d) => dates.push(d),
                    Reservation::If(_) => {}
                }
            }
        }
    }
    dates.sort();
    dates.dedup();
    dates
}

/// Signatures around the dates of time: the day before, the day, the day after; a contract
/// year starting just before, on or just after it (a year earlier); years straddling it by a
/// few days, three months, six months; a month end and a 29 February before it.
fn time_signatures(dates: &[NaiveDate]) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    for day in dates {
        for days in [-1, 0, 1, -3, -45, -91, -182, -364, -365, -366, -730, -731] {
            out.push(shifted(*day, days));
        }
        let month_start = day.with_day(1).expect("first of the month");
        out.push(shifted(month_start, -1));
        let mut year = day.year() - 1;
        while NaiveDate::from_ymd_opt(year, 2, 29).is_none() {
            year -= 1;
        }
        out.push(date(year, 2, 29));
    }
    out
}

/// An event date (letter of intent, mission start, crisis) on or around a date of time.
fn near(rng: &mut Rng, dates: &[NaiveDate]) -> NaiveDate {
    shifted(*rng.pick(dates), *rng.pick(&[-1, 0, 0, 1]))
}

fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn shifted(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        d.checked_add_days(Days::new(days as u64)).expect("date")
    } else {
        d.checked_sub_days(Days::new((-days) as u64)).expect("date")
    }
}

fn rate(rng: &mut Rng) -> Value {
    match rng.below(10) {
        0 => json!(0),
        1 => json!(1),
        2 => json!(0.8),
        3 => json!(0.5),
        4 => json!(0.333),
        5 => json!(rng
            .pick(&["0,75", "0,7500000000000000000000000000000"])
            .to_string()),
        6 => json!(0.1),
        7 => json!(0.999),
        _ => json!(rng.below(1001) as f64 / 1000.0),
    }
}

/// The boundaries of the version's bands, ± 1.
fn boundaries(version: &Version) -> Vec<i64> {
    let mut values = vec![0, 1, 95_000, 1_000_000];
    for set in &version.band_sets {
        for band in &set.bands {
            for bound in [Some(band.low), band.high].into_iter().flatten() {
                let bound = i64::try_from(bound).unwrap_or(0);
                values.extend([bound - 1, bound, bound + 1]);
            }
        }
    }
    values.retain(|v| *v >= 0);
    values
}

/// `count` cases for `version`: mostly valid, some with one malformed field.
pub fn cases_for(version: &Version, count: usize, seed: u64) -> Vec<Value> {
    let mut rng = Rng::new(seed);
    let bounds = boundaries(version);
    let signatures = signatures();
    let times = time_dates(version);
    let timed = time_signatures(&times);
    let optional: Vec<usize> = (0..version.missions.len())
        .filter(|m| version.missions[*m].kind == MissionKind::Optional)
        .collect();
    (0..count)
        .map(|i| {
            let mut entries = Map::new();
            for input in &version.inputs {
                if rng.chance(2) {
                    continue;
                }
                let value = match input.ty {
                    Type::Count => match rng.below(10) {
                        0 => json!(format!("{}", rng.pick(&bounds))),
                        1 => json!(*rng.pick(&bounds) as f64),
                        2 => json!(rng.below(5000)),
                        _ => json!(rng.pick(&bounds)),
                    },
                    Type::Set(e) => {
                        let variants = &version.enums[e].variants;
                        let chosen: Vec<&str> = variants
                            .iter()
                            .filter(|_| rng.chance(70))
                            .map(|v| v.name.as_str())
                            .collect();
                        json!(chosen)
                    }
                    Type::Enum(e) => json!(rng.pick(&version.enums[e].variants).name),
                    Type::Bool => json!(rng.chance(50)),
                    _ => json!(rng.below(100_000)),
                };
                entries.insert(input.name.clone(), value);
            }
            let mut root = Map::new();
            root.insert("entrees".into(), Value::Object(entries));
            if rng.chance(92) {
                let signature = if !timed.is_empty() && rng.chance(60) {
                    *rng.pick(&timed)
                } else {
                    *rng.pick(&signatures)
                };
                let mut contract = Map::new();
                contract.insert("signature".into(), json!(iso(signature)));
                // Without a contract duration, `jusqu_au` is what ends the contract.
                let needs_end = version.header.contract_duration.is_none();
                if rng.chance(if needs_end { 97 } else { 30 }) {
                    contract.insert(
                        "jusqu_au".into(),
                        json!(iso(shifted(signature, rng.below(2500) as i64))),
                    );
                }
                if rng.chance(40) {
                    let letter = if !times.is_empty() && rng.chance(40) {
                        near(&mut rng, &times)
                    } else {
                        shifted(signature, -(rng.below(200) as i64))
                    };
                    contract.insert("lettre_intention".into(), json!(iso(letter)));
                }
                let mut missions = Map::new();
                // Every combination of optional missions comes back as the cases go.
                let mask = i % (1 << optional.len());
                for (id, mission) in version.missions.iter().enumerate() {
                    let wanted = optional
                        .iter()
                        .position(|o| *o == id)
                        .is_none_or(|bit| mask & (1 << bit) != 0);
                    if !wanted {
                        if rng.chance(30) {
                            missions.insert(mission.name.clone(), json!(false));
                        }
                        continue;
                    }
                    let entry = match rng.below(10) {
                        0 => json!(true),
                        1 if optional.contains(&id) => json!(true),
                        1 | 2 => Value::Object(Map::new()),
                        _ => {
                            let mut entry = Map::new();
                            if rng.chance(80) {
                                let around = (!times.is_empty() && rng.chance(30))
                                    .then(|| near(&mut rng, &times))
                                    .filter(|d| *d >= signature);
                                let start = around
                                    .unwrap_or_else(|| shifted(signature, rng.below(1500) as i64));
                                entry.insert("debut".into(), json!(iso(start)));
                                if rng.chance(50) {
                                    entry.insert(
                                        "deploiement".into(),
                                        json!(iso(shifted(start, rng.below(700) as i64))),
                                    );
                                }
                            }
                            match rng.below(3) {
                                0 => {}
                                1 => {
                                    entry.insert("atteinte".into(), rate(&mut rng));
                                }
                                _ => {
                                    let mut years = Map::new();
                                    for year in 1..=6 {
                                        if rng.chance(70) {
                                            years.insert(year.to_string(), rate(&mut rng));
                                        }
                                    }
                                    entry.insert("atteinte".into(), Value::Object(years));
                                }
                            }
                            Value::Object(entry)
                        }
                    };
                    missions.insert(mission.name.clone(), entry);
                }
                contract.insert("missions".into(), Value::Object(missions));
                if rng.chance(40) {
                    let crises: Vec<Value> = (0..rng.below(4))
                        .map(|_| match times.is_empty() || rng.chance(60) {
                            true => json!(iso(shifted(signature, rng.below(1800) as i64))),
                            false => json!(iso(near(&mut rng, &times))),
                        })
                        .collect();
                    contract.insert("crises".into(), json!(crises));
                }
                root.insert("contrat".into(), Value::Object(contract));
            }
            if rng.chance(6) {
                spoil(&mut root, &mut rng, version);
            }
            Value::Object(root)
        })
        .collect()
}

/// One malformed field: the engine's French error must come out of every target.
fn spoil(root: &mut Map<String, Value>, rng: &mut Rng, version: &Version) {
    let first_input = version.inputs.first().map(|i| i.name.clone());
    match rng.below(9) {
        0 => {
            root.insert("entree".into(), json!({}));
        }
        1 => {
            if let Some(Value::Object(entries)) = root.get_mut("entrees") {
                entries.insert("habitant".into(), json!(5));
            }
        }
        2 | 3 => {
            if let (Some(Value::Object(entries)), Some(name)) =
                (root.get_mut("entrees"), first_input)
            {
                let bad = [
                    json!(-5),
                    json!(2.5),
                    json!("beaucoup"),
                    json!(true),
                    json!(null),
                    // Numbers rust_decimal would round at reading (12,5; 0; 2e-28): refused by
                    // every engine with the same words; zeros that only pad past the 28th
                    // decimal: accepted.
                    json!("12,4999999999999999999999999999"),
                    json!(1.5e-28),
                    json!("0.00000000000000000000000000001"),
                    json!("1500.000000000000000000000000000000"),
                ];
                entries.insert(name, rng.pick(&bad).clone());
            }
        }
        4 => {
            if let Some(Value::Object(contract)) = root.get_mut("contrat") {
                contract.insert(
                    "signature".into(),
                    json!(rng.pick(&["2020-02-30", "20200101", "", "2021-13-01"])),
                );
            }
        }
        5 => {
            if let Some(Value::Object(contract)) = root.get_mut("contrat") {
                contract.insert("jusqu_au".into(), json!("2010-01-01"));
                contract.insert("crises".into(), json!(["2011-05-05", 3]));
            }
        }
        6 => {
            if let Some(Value::Object(contract)) = root.get_mut("contrat") {
                contract.insert(
                    "missions".into(),
                    json!({"qualité": true, "prevention": {"atteinte": 1.5, "debu": "2020-01-01"}}),
                );
            }
        }
        7 => {
            if let Some(Value::Object(contract)) = root.get_mut("contrat") {
                contract.insert(
                    "missions".into(),
                    json!({"prevention": {"atteinte": {"0": 0.5, "x": 1, "2": "1,5", "3": "0.50000000000000000000000000000001"}}}),
                );
            }
        }
        _ => {
            root.remove("contrat");
            root.insert("contrat".into(), json!({"lettre_intention": 5}));
        }
    }
}

/// Three amendments over the ACI, each on the one before, then a fourth with a condition, and a
/// fifth that writes amounts relative to its base (`x de la base`, `remplace montant`,
/// `revalorise`): consolidated values, which the generators take as any other.
pub const CHAIN: [(&str, &str); 5] = [
    (
        "agreements/t1.clause",
        r#"avenant t1 "Primes" modifie aci_cpts_2019 {
  statut signé
  signé le 2020-01-15
  source "essai"
  ajoute enveloppe prime "Prime d'installation" = 10 000 €
    versement à la signature
    réservé aux contrats signés avant le 2020-07-01
  ajoute enveloppe bonus_tardif "Bonus des contrats tardifs" = 3 000 €
    versement la première année
    réservé aux contrats signés après le 2019-12-31
  ajoute enveloppe lettre "À la lettre d'intention" par taille [1 000 €, 2 000 €, 3 000 €, 4 000 €]
    versement à la validation de la lettre d'intention
}
"#,
    ),
    (
        "agreements/t2.clause",
        r#"avenant t2 "Revalorisation" modifie t1 {
  statut signé
  signé le 2020-12-01
  en vigueur le 2021-01-01
  source "essai"
  remplace enveloppe fonctionnement "Rémunération du fonctionnement" par taille
      [55 000 €, 66 000 €, 82 500 €, 99 000 €]
    versement avance 75 % à la signature, puis avance 75 % à chaque anniversaire,
        solde à l'anniversaire suivant
    à compter du 2021-03-01 au prorata
  remplace enveloppe parcours "Coordination des parcours revalorisée" par taille
      [55 000 €, 77 000 €, 99 000 €, 110 000 €]
    part fixe 60 %
    versement avance 75 % au démarrage au prorata, solde à l'anniversaire suivant,
        variable selon atteinte
  retire vérifier "Financement total possible entre 220 000 € et 450 000 € (CPAM de l'Isère, diapositive 9)"
  retire vérifier "Total maximum par taille (Le Quotidien du médecin, 21 novembre 2019)"
  retire exemple "Seuil de 80 000 habitants, en taille 3"
  retire exemple "Seuil de 175 000 habitants, en taille 4"
}
"#,
    ),
    (
        "agreements/t3.clause",
        r#"avenant t3 "Numérique" modifie t2 {
  statut signé
  signé le 2021-06-01
  applicable aux contrats signés avant le 2022-06-30
  source "essai"
  ajoute enveloppe numerique "Forfait numérique" = 2 000 €
    versement chaque année
    à compter du 2021-09-01
  ajoute mission telesante "Télésanté" socle sans indicateur {
    démarrage au plus tard 6 mois après signature
    déploiement au plus tard 12 mois après démarrage
    enveloppe equipement "Équipement (année 1)" par taille [5 000 €, 6 000 €, 7 000 €, 8 000 €]
      versement la première année
    enveloppe maintenance "Maintenance" = 1 500 €
      versement chaque année suivante
    enveloppe usage "Usage" = 4 000 €
      versement variable selon atteinte
  }
}
"#,
    ),
    (
        "agreements/t4.clause",
        r#"avenant t4 "Grandes CPTS" modifie t3 {
  statut proposé
  proposé le 2022-03-01
  source "essai"
  ajoute condition peuplee "Au moins 10 000 habitants" : habitants ≥ 10 000
  ajoute enveloppe grande "Supplément des grandes CPTS" = 5 000 €
    versement à chaque crise déclarée
    réservé si peuplee
  remplace enveloppe prime "Prime d'installation revalorisée" = 12 000 €
    versement à la signature
    réservé aux contrats signés avant le 2022-07-01
}
"#,
    ),
    (
        "agreements/t5.clause",
        r#"avenant t5 "Montants relatifs" modifie t4 {
  statut proposé
  proposé le 2022-09-01
  en vigueur le 2023-01-01
  source "essai"
  remplace montant fonctionnement = fonctionnement de la base + 2 000 €
  remplace montant prime = prime de la base × 105 %
  revalorise numerique de 2,5 %
}
"#,
    ),
];

/// The shipped ACI rewritten under each declared policy for dates that do not exist
/// (`dates ambiguës`, compiler/src/calendar.rs): `p_debut` (`début du mois suivant`) and
/// `p_erreur` (`erreur`).
pub const POLICIES: [(&str, &str); 2] = [
    (
        "agreements/p_debut.clause",
        r#"avenant p_debut "Début du mois suivant" modifie aci_cpts_2019 {
  statut proposé
  proposé le 2019-06-20
  source "essai"
  dates ambiguës : début du mois suivant
}
"#,
    ),
    (
        "agreements/p_erreur.clause",
        r#"avenant p_erreur "Dates strictes" modifie aci_cpts_2019 {
  statut proposé
  proposé le 2019-06-20
  source "essai"
  dates ambiguës : erreur
}
"#,
    ),
];
